"""CSRF protection for every form: a signed double-submit token, checked before any change."""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated

from fastapi import Depends, Form, HTTPException, Request
from starlette.responses import Response

from pactum.signing import keyed_hash
from pactum.workspace import Workspace

COOKIE = "pactum_csrf"
FIELD = "csrf_token"


def _key(request: Request) -> bytes:
    workspace: Workspace = request.app.state.workspace
    return workspace.key


def _seed(request: Request) -> str:
    """The browser's random seed: from its cookie, or a new one this response will set."""
    seed = getattr(request.state, "csrf_seed", None) or request.cookies.get(COOKIE, "")
    if not (20 <= len(seed) <= 64):
        seed = secrets.token_urlsafe(24)
        request.state.csrf_seed = seed
    return str(seed)


def csrf_token(request: Request) -> str:
    """The hidden field's value: an HMAC of the seed, so a planted cookie alone is not enough."""
    return keyed_hash(_key(request), _seed(request), purpose="csrf")


def renew(request: Request) -> None:
    """A fresh seed from now on (at sign-in and sign-out), so an old page's token stops working."""
    request.state.csrf_seed = secrets.token_urlsafe(24)


def set_cookie(request: Request, response: Response) -> None:
    """Called on every HTML response: sets the seed cookie when this request chose a new one."""
    seed = getattr(request.state, "csrf_seed", None)
    if seed:
        response.set_cookie(
            COOKIE,
            seed,
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https",
            path="/",
        )


def check_csrf(request: Request, csrf_token_field: Annotated[str, Form(alias=FIELD)] = "") -> None:
    """A dependency of every form handler: 403 unless the field matches the browser's cookie."""
    seed = request.cookies.get(COOKIE, "")
    expected = keyed_hash(_key(request), seed, purpose="csrf") if seed else ""
    if not (seed and hmac.compare_digest(expected, csrf_token_field)):
        raise HTTPException(
            status_code=403,
            detail="This form has expired or did not come from this site. Reload the page and try again.",
        )


CsrfChecked = Annotated[None, Depends(check_csrf)]
