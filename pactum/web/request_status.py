"""A person's own request: the verification step, its status, a new code, the package download."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from pactum.db import transaction
from pactum.errors import Invalid, NotFound, PactumError
from pactum.http import CurrentWorkspace, ReadSession
from pactum.policy.document import Policy
from pactum.policy.service import current_policy
from pactum.privacy_requests import codes, downloads, limits, timeline
from pactum.privacy_requests.messages import send
from pactum.privacy_requests.models import EXECUTING, Status
from pactum.privacy_requests.service import get_request
from pactum.web.csrf import CsrfChecked
from pactum.web.rate_limits import client_address, public_limits
from pactum.web.rendering import render
from pactum.web.request_pass import grant_pass, has_pass
from pactum.workspace import Workspace

router = APIRouter(
    prefix="/privacy/requests", include_in_schema=False, dependencies=[Depends(public_limits)]
)
# The same words for a wrong code, an expired one, and a request that does not exist.
_WRONG = "That code is wrong or has expired. Check the code in our message, or ask for a new one."
_UNSEEN = (
    "We cannot show this request here. Open it from the browser where you confirmed it, "
    "or follow the link in our message."
)
_PERSON_EVENTS = {
    "submitted": "We received your request",
    "code_sent": "We sent you a code",
    "verified": "You confirmed it is you",
    "contact_verified": "You confirmed your address; a colleague checks the rest",
    "verified_manually": "A colleague confirmed your identity",
    "acknowledged": "We confirmed receipt",
    "approved": "We started work on it",
    "extended": "We need more time (we told you why)",
    "narrowed": "We answered part of it (we told you why)",
    "completed": "Done",
    "declined": "We declined it (we told you why)",
    "download_granted": "We sent you a download link",
    "downloaded": "You downloaded your data",
}


def _policy(request: Request) -> Policy | None:
    workspace: Workspace = request.app.state.workspace
    with workspace.reader()() as session:
        try:
            return current_policy(session)
        except NotFound:
            return None


def _verify_page(
    request: Request, request_id: str, *, error: str = "", sent: bool = False, status: int = 200
) -> HTMLResponse:
    return render(
        request,
        "privacy/verify.html",
        status_code=status,
        policy=_policy(request),
        request_id=request_id,
        error=error,
        sent=sent,
        active="request",
    )


@router.get("/{request_id}/verify", response_class=HTMLResponse)
def verify_page(request: Request, request_id: str, sent: int = 0) -> HTMLResponse:
    return _verify_page(request, request_id.upper()[:20], sent=bool(sent))


@router.post("/{request_id}/verify", response_model=None)
def verify(
    request: Request,
    request_id: str,
    *,
    workspace: CurrentWorkspace,
    _csrf: CsrfChecked,
    code: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    shown_id = request_id.upper()[:20]
    try:
        with transaction(workspace.sessions) as session:
            check = codes.check_code(
                session,
                workspace.clock,
                workspace.key,
                shown_id,
                code,
                base_url=workspace.settings.base_url,
                client=client_address(request),
            )
    except limits.TooManyAttempts as exc:
        raise HTTPException(429, "Too many attempts. Wait a few minutes and try again.") from exc
    except Invalid as problem:  # a malformed code: nothing was counted or looked up
        return _verify_page(request, shown_id, error=f"{problem.what}.", status=422)
    except NotFound:
        return _verify_page(request, shown_id, error=_WRONG, status=422)
    if check.problem is not None:
        return _verify_page(request, shown_id, error=_WRONG, status=422)
    send(workspace.mailer, check.mails)
    response = RedirectResponse(f"/privacy/requests/{shown_id}", status_code=303)
    grant_pass(request, response, shown_id)
    return response


@router.post("/{request_id}/code")
def new_code(
    request: Request, request_id: str, *, workspace: CurrentWorkspace, _csrf: CsrfChecked
) -> RedirectResponse:
    """A new code; the answer is the same whether the request exists and may get one or not."""
    shown_id = request_id.upper()[:20]
    try:
        with transaction(workspace.sessions) as session:
            found = get_request(session, shown_id)
            mail = codes.send_code(
                session,
                workspace.clock,
                workspace.key,
                found,
                base_url=workspace.settings.base_url,
                client=client_address(request),
            )
        send(workspace.mailer, [mail])
    except limits.TooManyAttempts as exc:
        raise HTTPException(429, "Too many codes asked for. Try again in an hour.") from exc
    except PactumError:
        pass
    return RedirectResponse(f"/privacy/requests/{shown_id}/verify?sent=1", status_code=303)


@router.get("/{request_id}", response_class=HTMLResponse)
def status_page(request: Request, request_id: str, session: ReadSession) -> HTMLResponse:
    shown_id = request_id.upper()[:20]
    if not has_pass(request, shown_id):
        raise HTTPException(404, _UNSEEN)
    try:
        detail = timeline.request_detail(session, shown_id)
    except NotFound as exc:
        raise HTTPException(404, _UNSEEN) from exc
    found = detail.request
    events = [
        (e.at, _PERSON_EVENTS[e.action]) for e in detail.timeline if e.action in _PERSON_EVENTS
    ]
    working = found.status in {s.value for s in (*EXECUTING, Status.VERIFIED)}
    return render(
        request,
        "privacy/status.html",
        policy=current_policy(session),
        found=found,
        events=events,
        working=working,
        active="request",
        downloadable=found.type == "access"
        and found.status == Status.COMPLETED.value
        and bool(found.result.get("package"))
        and found.forgotten_at is None,
    )


@router.get("/{request_id}/package", response_model=None)
def package(
    request: Request, request_id: str, workspace: CurrentWorkspace, token: str = ""
) -> Response:
    """The access package behind a mailed link: once, before it expires, for this request only."""
    try:
        with transaction(workspace.sessions) as session:
            path = downloads.open_package(
                session,
                workspace.clock,
                workspace.key,
                request_id,
                token[:500],
                client=client_address(request),
            )
    except limits.TooManyAttempts as exc:
        raise HTTPException(429, "Too many downloads from your network. Try again later.") from exc
    except PactumError as problem:
        raise HTTPException(
            problem.http_status, f"{problem.what}. {problem.fix}".strip()
        ) from problem
    filename = f"{request_id.upper()[:20]}.zip"
    return FileResponse(
        path, media_type="application/zip", filename=filename, headers={"Cache-Control": "no-store"}
    )
