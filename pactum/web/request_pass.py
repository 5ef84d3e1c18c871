"""A verified person's pass to their own request's status page: a signed, expiring cookie."""

from __future__ import annotations

import hmac
import re
from datetime import timedelta

from fastapi import Request
from starlette.responses import Response

from pactum.signing import keyed_hash
from pactum.workspace import Workspace

LIFETIME = timedelta(days=30)
_ID = re.compile(r"^[A-Z0-9]{4,20}$")


def _cookie(request_id: str) -> str:
    return f"pactum_request_{request_id}"


def _signature(key: bytes, request_id: str, expires: int) -> str:
    return keyed_hash(key, f"{request_id}:{expires}", purpose="request-pass")


def grant_pass(request: Request, response: Response, request_id: str) -> None:
    """Given after a correct code: this browser may follow this one request, nothing else."""
    workspace: Workspace = request.app.state.workspace
    expires = int((workspace.clock.now() + LIFETIME).timestamp())
    response.set_cookie(
        _cookie(request_id),
        f"{expires}.{_signature(workspace.key, request_id, expires)}",
        max_age=int(LIFETIME.total_seconds()),
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path=f"/privacy/requests/{request_id}",
    )


def has_pass(request: Request, request_id: str) -> bool:
    if not _ID.match(request_id):
        return False
    workspace: Workspace = request.app.state.workspace
    raw = request.cookies.get(_cookie(request_id), "")
    expires, _, signature = raw.partition(".")
    expected = _signature(workspace.key, request_id, int(expires) if expires.isdigit() else 0)
    valid = hmac.compare_digest(expected, signature)
    return valid and expires.isdigit() and int(expires) > workspace.clock.now().timestamp()
