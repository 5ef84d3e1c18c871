"""Staff sign-in and sign-out pages, the second-factor step, and turning the second factor on."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from pactum.accounts import sessions, totp
from pactum.accounts.models import StaffMember
from pactum.accounts.sessions import Outcome
from pactum.db import transaction
from pactum.errors import Invalid
from pactum.http import CurrentWorkspace
from pactum.signing import keyed_hash
from pactum.web import csrf
from pactum.web.console_access import SESSION_COOKIE, SignedIn, safe_next, set_session_cookie
from pactum.web.csrf import CsrfChecked
from pactum.web.rate_limits import client_address, public_limits
from pactum.web.rendering import render

router = APIRouter(
    prefix="/console", include_in_schema=False, dependencies=[Depends(public_limits)]
)
_REFUSED = "The e-mail address or the password is wrong."
_LOCKED = "Too many failed attempts. Sign-in is paused for 15 minutes; try again later."


def _form(request: Request, *, next_: str, error: str = "", status: int = 200) -> HTMLResponse:
    return render(request, "console/login.html", status_code=status, next=next_, error=error)


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "") -> HTMLResponse:
    return _form(request, next_=safe_next(next))


@router.post("/login")
def login(
    request: Request,
    *,
    workspace: CurrentWorkspace,
    _csrf: CsrfChecked,
    email: Annotated[str, Form(max_length=320)] = "",
    password: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    target = safe_next(next)
    with transaction(workspace.sessions) as session:
        attempt = sessions.sign_in(
            session,
            workspace.clock,
            workspace.key,
            email=email,
            password=password,
            address=client_address(request),
        )
    if attempt.outcome is Outcome.LOCKED:
        return _form(request, next_=target, error=_LOCKED, status=429)
    if attempt.outcome is Outcome.REFUSED or attempt.token is None:
        return _form(request, next_=target, error=_REFUSED, status=401)
    step = "/console/login/code?next=" if attempt.outcome is Outcome.SECOND_FACTOR_DUE else ""
    response = RedirectResponse(f"{step}{target}" if step else target, status_code=303)
    set_session_cookie(request, response, attempt.token)
    csrf.renew(request)
    csrf.set_cookie(request, response)
    return response


@router.get("/login/code", response_class=HTMLResponse)
def code_page(request: Request, next: str = "") -> HTMLResponse:
    return render(request, "console/login_code.html", next=safe_next(next), error="")


@router.post("/login/code")
def code(
    request: Request,
    *,
    workspace: CurrentWorkspace,
    _csrf: CsrfChecked,
    code: Annotated[str, Form(max_length=20)] = "",
    next: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    target = safe_next(next)
    with transaction(workspace.sessions) as session:
        attempt = sessions.second_factor(
            session,
            workspace.clock,
            workspace.key,
            token=request.cookies.get(SESSION_COOKIE, ""),
            code=code,
        )
    if attempt.outcome is not Outcome.SIGNED_IN or attempt.token is None:
        error = _LOCKED if attempt.outcome is Outcome.LOCKED else "That code is not right."
        status = 429 if attempt.outcome is Outcome.LOCKED else 401
        return render(
            request, "console/login_code.html", status_code=status, next=target, error=error
        )
    response = RedirectResponse(target, status_code=303)
    set_session_cookie(request, response, attempt.token)
    csrf.renew(request)
    csrf.set_cookie(request, response)
    return response


@router.post("/logout")
def logout(request: Request, workspace: CurrentWorkspace, _csrf: CsrfChecked) -> Response:
    with transaction(workspace.sessions) as session:
        sessions.sign_out(session, workspace.clock, request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse("/console/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    csrf.renew(request)
    csrf.set_cookie(request, response)
    return response


def _secret_signature(key: bytes, member_id: int, secret: str) -> str:
    return keyed_hash(key, f"{member_id}:{secret}", purpose="totp-enrolment")


@router.get("/account", response_class=HTMLResponse)
def account(request: Request, workspace: CurrentWorkspace, viewer: SignedIn) -> HTMLResponse:
    return _account_page(request, workspace, viewer, totp.new_secret())


def _account_page(
    request: Request,
    workspace: CurrentWorkspace,
    viewer: SignedIn,
    secret: str,
    *,
    error: str = "",
    done: bool = False,
    status: int = 200,
) -> HTMLResponse:
    issuer = "Pactum"
    return render(
        request,
        "console/account.html",
        status_code=status,
        active="account",
        secret=secret,
        signature=_secret_signature(workspace.key, viewer.id, secret),
        uri=totp.provisioning_uri(secret, email=viewer.email, issuer=issuer),
        error=error,
        done=done,
    )


@router.post("/account/second-factor", response_class=HTMLResponse)
def enable_second_factor(
    request: Request,
    *,
    workspace: CurrentWorkspace,
    viewer: SignedIn,
    _csrf: CsrfChecked,
    secret: Annotated[str, Form(max_length=64)] = "",
    signature: Annotated[str, Form(max_length=64)] = "",
    code: Annotated[str, Form(max_length=20)] = "",
) -> HTMLResponse:
    expected = _secret_signature(workspace.key, viewer.id, secret)
    if not hmac.compare_digest(expected, signature):
        return _account_page(
            request,
            workspace,
            viewer,
            totp.new_secret(),
            status=400,
            error="The set-up form was changed. Start again with this new key.",
        )
    try:
        with transaction(workspace.sessions) as session:
            member = session.get(StaffMember, viewer.id)
            assert member is not None
            totp.enroll(session, workspace.clock, member, workspace.key, secret=secret, code=code)
    except Invalid as problem:
        return _account_page(request, workspace, viewer, secret, error=problem.what, status=422)
    request.state.viewer = viewer.__class__(**{**viewer.__dict__, "has_second_factor": True})
    return _account_page(request, workspace, request.state.viewer, secret, done=True)
