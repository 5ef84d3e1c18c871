"""Public consent pages: one-click unsubscribe, double opt-in, the banner script and its demo page.

Every page works without JavaScript: a GET only shows what will happen (mail scanners follow
links), the change happens on the POST of a form button or of a mail client's one-click request.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import FileResponse, HTMLResponse

from pactum.consent import channels
from pactum.consent.api import enqueue, evidence, honour_gpc
from pactum.consent.tokens import (
    OptIn,
    form_token,
    open_opt_in,
    read_form_token,
    read_unsubscribe_token,
)
from pactum.db import transaction
from pactum.errors import Forbidden, Invalid, NotFound, PactumError, Unavailable
from pactum.http import CurrentWorkspace, ReadSession
from pactum.identities import normalize
from pactum.policy.document import Policy
from pactum.policy.service import current_policy
from pactum.signing import sha256_hex
from pactum.web.csrf import CsrfChecked
from pactum.web.rate_limits import FORM_LIMIT, per_address
from pactum.web.rendering import STATIC, render
from pactum.workspace import Workspace

router = APIRouter(include_in_schema=False)
_STATUS = {Forbidden: 400, Invalid: 422, NotFound: 404, Unavailable: 503}


def _policy(workspace: Workspace) -> Policy | None:
    with workspace.reader()() as session:
        try:
            return current_policy(session)
        except NotFound:
            return None


def _page(
    request: Request, template: str, state: str, status: int = 200, **context: Any
) -> HTMLResponse:
    context.setdefault("policy", _policy(request.app.state.workspace))
    context.setdefault("message", "")
    return render(request, template, status_code=status, state=state, active="", **context)


def _problem(request: Request, template: str, error: PactumError) -> HTMLResponse:
    # What went wrong, in words; never which address or person the link belongs to.
    status = next((code for kind, code in _STATUS.items() if isinstance(error, kind)), 400)
    if error.where == "link":  # an expired link
        status = 410
    return _page(request, template, "problem", status, message=error.what)


@router.get("/consent/banner.js")
def banner_script() -> FileResponse:
    headers = {"Cache-Control": "public, max-age=300", "Access-Control-Allow-Origin": "*"}
    return FileResponse(STATIC / "banner.js", media_type="text/javascript", headers=headers)


@router.get("/u/{token}", response_class=HTMLResponse)
def unsubscribe_page(
    token: str, request: Request, session: ReadSession, workspace: CurrentWorkspace
) -> HTMLResponse:
    """What the link will do, with a button; nothing changes on a GET."""
    try:
        parsed = read_unsubscribe_token(workspace.key, token)
        purpose = channels.choosable(current_policy(session), parsed.purpose)
    except PactumError as error:
        return _problem(request, "consent/unsubscribe.html", error)
    state = "already" if channels.is_used(session, parsed.reference) else "confirm"
    return _page(request, "consent/unsubscribe.html", state, purpose=purpose, token=token)


@router.post("/u/{token}", response_class=HTMLResponse)
def unsubscribe_now(token: str, request: Request, workspace: CurrentWorkspace) -> HTMLResponse:
    """The form button, or a mail client's RFC 8058 one-click POST: withdraw, once."""
    try:
        with transaction(workspace.sessions) as session:
            outcome = channels.unsubscribe(
                session,
                workspace.clock,
                current_policy(session),
                workspace.key,
                token,
                evidence=evidence(request),
            )
    except PactumError as error:
        return _problem(request, "consent/unsubscribe.html", error)
    enqueue(request, list(outcome.deliveries))
    honour_gpc(request, workspace, [read_unsubscribe_token(workspace.key, token).subject])
    state = "already" if outcome.already else "done"
    return _page(request, "consent/unsubscribe.html", state, purpose=outcome.purpose, token=token)


@router.get("/consent/subscribe", response_class=HTMLResponse)
def subscribe_form(request: Request, workspace: CurrentWorkspace, purpose: str) -> HTMLResponse:
    """A sign-up form for a purpose; the consent statement shown is what the evidence hashes."""
    return _form(request, workspace, purpose, error="")


def _form(request: Request, workspace: Workspace, purpose_id: str, *, error: str) -> HTMLResponse:
    policy = _policy(workspace)
    try:
        if policy is None:
            raise NotFound("no privacy policy is published yet")
        purpose = channels.choosable(policy, purpose_id)
    except PactumError as problem:
        return _problem(request, "consent/subscribe.html", problem)
    statement = channels.consent_statement(policy, purpose)
    token = form_token(workspace.key, purpose.id, sha256_hex(statement.encode()))
    status = 422 if error else 200
    return _page(
        request,
        "consent/subscribe.html",
        "form",
        status,
        policy=policy,
        purpose=purpose,
        statement=statement,
        form_token=token,
        message=error,
    )


@router.post(
    "/consent/subscribe",
    response_class=HTMLResponse,
    dependencies=[Depends(per_address("consent-subscribe", FORM_LIMIT))],
)
def subscribe(
    request: Request,
    workspace: CurrentWorkspace,
    _csrf: CsrfChecked,
    email: str = Form(max_length=320),
    purpose: str = Form(max_length=120),
    form: str = Form(alias="form_token", max_length=400),
) -> HTMLResponse:
    """Send the confirmation e-mail; the grant is recorded only when its link is confirmed."""
    try:
        shown_purpose, statement_sha = read_form_token(workspace.key, form)
        if shown_purpose != purpose:
            raise Forbidden("the form was changed", fix="reload the page")
        identity = normalize("email", email)
    except Invalid as error:
        return _form(request, workspace, purpose, error=f"{error.what}. {error.fix}.")
    except PactumError as error:
        return _problem(request, "consent/subscribe.html", error)
    policy = _policy(workspace)
    ip = request.client.host if request.client else None
    opt_in = OptIn(identity, purpose, statement_sha, ip, request.headers.get("user-agent"))
    try:
        if policy is None:
            raise NotFound("no privacy policy is published yet")
        mail = channels.opt_in_mail(
            policy, workspace.key, workspace.settings.base_url, opt_in, now=workspace.clock.now()
        )
        workspace.mailer.send(mail)
    except PactumError as error:
        return _problem(request, "consent/subscribe.html", error)
    return _page(request, "consent/subscribe.html", "sent", policy=policy)


@router.get("/consent/confirm/{token}", response_class=HTMLResponse)
def confirm_page(
    token: str, request: Request, session: ReadSession, workspace: CurrentWorkspace
) -> HTMLResponse:
    """What confirming does, with a button (link scanners must not confirm for the person)."""
    try:
        opt_in = open_opt_in(workspace.key, token, workspace.clock.now())
        purpose = channels.choosable(current_policy(session), opt_in.purpose)
    except PactumError as error:
        return _problem(request, "consent/confirm.html", error)
    state = "already" if channels.is_used(session, opt_in.reference(token)) else "confirm"
    return _page(request, "consent/confirm.html", state, purpose=purpose, token=token)


@router.post("/consent/confirm/{token}", response_class=HTMLResponse)
def confirm(token: str, request: Request, workspace: CurrentWorkspace) -> HTMLResponse:
    try:
        with transaction(workspace.sessions) as session:
            outcome = channels.confirm_opt_in(
                session,
                workspace.clock,
                current_policy(session),
                workspace.key,
                token,
                evidence=evidence(request),
            )
    except PactumError as error:
        return _problem(request, "consent/confirm.html", error)
    enqueue(request, list(outcome.deliveries))
    state = "already" if outcome.already else "done"
    return _page(request, "consent/confirm.html", state, purpose=outcome.purpose, token=token)


@router.get("/demo/website", response_class=HTMLResponse)
def demo_website(request: Request, workspace: CurrentWorkspace) -> HTMLResponse:
    """A company home page with the banner, and an analytics script that waits for consent."""
    policy = _policy(workspace)
    name = policy.organization.name if policy else "Example Company"
    return render(request, "consent/demo_website.html", company=name, policy=policy)
