"""Privacy requests over HTTP: public intake, verification and download; staff review and runs."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import FileResponse

from pactum.accounts import api_keys, sessions
from pactum.accounts.models import may
from pactum.db import transaction
from pactum.errors import NotFound
from pactum.http import CurrentWorkspace
from pactum.mail import Mail
from pactum.privacy_requests import codes, downloads, fulfilment, limits, review, service, timeline
from pactum.privacy_requests.links import read_verification_token
from pactum.privacy_requests.messages import send
from pactum.privacy_requests.models import Status
from pactum.privacy_requests.schemas import (
    Channel,
    CodeIn,
    DecisionIn,
    ExtensionIn,
    ReasonIn,
    RequestDetail,
    RequestOut,
    StaffEntryIn,
    SubmitIn,
    SubmittedOut,
)
from pactum.tasks import build_queue
from pactum.workspace import Workspace

router = APIRouter(prefix="/api/v1/requests", tags=["privacy requests"])
_SESSION_COOKIE = "pactum_session"
_SENT = "If the details are right, a code is on its way to the {0} given. It works for 15 minutes."


def _staff(request: Request, scope: str) -> str:
    """The actor behind `Authorization: Bearer <key>` holding `scope`; reads also accept a
    signed-in console session whose role allows them."""
    workspace: Workspace = request.app.state.workspace
    header = request.headers.get("authorization", "")
    with transaction(workspace.sessions) as session:
        if header[:7].lower() == "bearer ":
            caller = api_keys.authenticate(session, workspace.clock, header[7:])
            if caller is not None and caller.has(scope):
                return caller.actor
            if caller is not None:
                raise HTTPException(403, f"this API key lacks the scope {scope}")
        elif request.method == "GET":
            cookie = request.cookies.get(_SESSION_COOKIE)
            member = sessions.signed_in_member(session, workspace.clock, cookie)
            if member is not None and may(member.role, api_keys.SCOPES[scope]):
                return f"staff:{member.id}"
    raise HTTPException(401, "an API key is required", headers={"WWW-Authenticate": "Bearer"})


def _reader(request: Request) -> str:
    return _staff(request, "requests:read")


def _writer(request: Request) -> str:
    return _staff(request, "requests:write")


Reader = Annotated[str, Depends(_reader)]
Writer = Annotated[str, Depends(_writer)]


def _address(request: Request) -> str | None:
    return request.client.host if request.client else None


def _deliver(workspace: Workspace, mails: list[Mail]) -> None:
    send(workspace.mailer, mails)


def _enqueue(workspace: Workspace, request_id: str) -> None:
    # The database already says the request is approved: a lost queue entry is re-queued by
    # the periodic resume job, so this is a nudge, not the source of truth.
    build_queue(workspace.settings).run_privacy_request(request_id)


@router.post("", status_code=202)
def submit(body: SubmitIn, request: Request, workspace: CurrentWorkspace) -> SubmittedOut:
    """Public intake. The answer is the same whether or not we hold data about the person."""
    address, key = _address(request), workspace.key
    with transaction(workspace.sessions) as session:
        buckets = limits.client_buckets(key, "submit", address, limits.SUBMIT_PER_ADDRESS)
        limits.enforce(session, workspace.clock, buckets)
    return _intake(workspace, body, Channel.API, "person", address)


@router.post("/entries", status_code=201)
def enter(body: StaffEntryIn, actor: Writer, workspace: CurrentWorkspace) -> SubmittedOut:
    """Staff entry of a request that came by e-mail, phone or post (`received_at` may be past)."""
    return _intake(workspace, body, body.channel, actor, None)


def _intake(
    workspace: Workspace, body: SubmitIn, channel: Channel, actor: str, address: str | None
) -> SubmittedOut:
    with transaction(workspace.sessions) as session:
        submission = codes.submit_with_code(
            session, workspace.clock, workspace.key, body, channel=channel, actor=actor,
            base_url=workspace.settings.base_url, client=address,
        )  # fmt: skip
        created = submission.request
        answer = SubmittedOut(
            id=created.id,
            status=created.status,
            message=_SENT.format("e-mail address" if body.email else "phone number")
            if created.status == Status.AWAITING_VERIFICATION
            else "We received your request.",
        )
    _deliver(workspace, submission.mails)
    return answer


@router.post("/{request_id}/code", status_code=202)
def resend_code(request_id: str, request: Request, workspace: CurrentWorkspace) -> SubmittedOut:
    """A new code (earlier ones stop working); also how a second download is asked for."""
    with transaction(workspace.sessions) as session:
        found = service.get_request(session, request_id)
        mail = codes.send_code(
            session, workspace.clock, workspace.key, found,
            base_url=workspace.settings.base_url, client=_address(request),
        )  # fmt: skip
        kind = "phone number" if found.identity_kind == "phone" else "e-mail address"
        answer = SubmittedOut(id=found.id, status=found.status, message=_SENT.format(kind))
    _deliver(workspace, [mail])
    return answer


@router.post("/{request_id}/verify")
def verify_code(
    request_id: str, body: CodeIn, request: Request, workspace: CurrentWorkspace
) -> SubmittedOut:
    with transaction(workspace.sessions) as session:
        check = codes.check_code(
            session, workspace.clock, workspace.key, request_id, body.code,
            base_url=workspace.settings.base_url, client=_address(request),
        )  # fmt: skip
        answer = SubmittedOut(id=check.request.id, status=check.request.status, message="verified")
    if check.problem is not None:
        raise check.problem  # after the commit: the attempt it used up stays counted
    _deliver(workspace, check.mails)
    return answer


@router.get("/{request_id}/verify")
def verify_link(
    request_id: str, token: str, request: Request, workspace: CurrentWorkspace
) -> SubmittedOut:
    if read_verification_token(workspace.key, token)[0] != request_id.strip().upper():
        raise NotFound(f"no privacy request {request_id}", where="id")  # another one's link
    with transaction(workspace.sessions) as session:
        check = codes.check_link(
            session, workspace.clock, workspace.key, token,
            base_url=workspace.settings.base_url, client=_address(request),
        )  # fmt: skip
        answer = SubmittedOut(id=check.request.id, status=check.request.status, message="verified")
    if check.problem is not None:
        raise check.problem
    _deliver(workspace, check.mails)
    return answer


@router.get("/{request_id}/package")
def download(
    request_id: str, token: str, request: Request, workspace: CurrentWorkspace
) -> FileResponse:
    """The access package, once per link; a link of another request answers like an unknown id."""
    with transaction(workspace.sessions) as session:
        path = downloads.open_package(
            session, workspace.clock, workspace.key, request_id, token, client=_address(request)
        )
    return FileResponse(path, media_type="application/zip", filename=f"{request_id.upper()}.zip")


@router.get("")
def list_requests(
    _actor: Reader,
    workspace: CurrentWorkspace,
    status: str | None = None,
    type: str | None = None,
    jurisdiction: str | None = None,
    limit: int = 100,
) -> list[RequestOut]:
    """Open requests first, the nearest due date on top."""
    with workspace.reader()() as session:
        found = timeline.list_requests(
            session, status=status, type_=type, jurisdiction=jurisdiction, limit=min(limit, 1000)
        )
        return [RequestOut.model_validate(r) for r in found]


@router.get("/{request_id}")
def show(request_id: str, _actor: Reader, workspace: CurrentWorkspace) -> RequestDetail:
    with workspace.reader()() as session:
        return timeline.request_detail(session, request_id)


@router.post("/{request_id}/verification")
def verify_manually(
    request_id: str, body: ReasonIn, actor: Writer, workspace: CurrentWorkspace
) -> RequestOut:
    with transaction(workspace.sessions) as session:
        found = codes.verify_manually(
            session, workspace.clock, request_id, reason=body.reason, actor=actor
        )
        return RequestOut.model_validate(found)


@router.post("/{request_id}/decline")
def decline(
    request_id: str, body: DecisionIn, actor: Writer, workspace: CurrentWorkspace
) -> RequestOut:
    with transaction(workspace.sessions) as session:
        found, mail = review.decline(
            session, workspace.clock, request_id, ground=body.ground, reason=body.reason,
            actor=actor, narrowed=body.narrowed,
        )  # fmt: skip
        shown = RequestOut.model_validate(found)
    _deliver(workspace, [mail])
    return shown


@router.post("/{request_id}/extension")
def extend(
    request_id: str, body: ExtensionIn, actor: Writer, workspace: CurrentWorkspace
) -> RequestOut:
    with transaction(workspace.sessions) as session:
        found, mail = review.extend(
            session, workspace.clock, request_id, reason=body.reason, actor=actor, by=body.by
        )
        shown = RequestOut.model_validate(found)
    _deliver(workspace, [mail])
    return shown


@router.post("/{request_id}/lifting")
def lift(request_id: str, body: ReasonIn, actor: Writer, workspace: CurrentWorkspace) -> RequestOut:
    """Lift a completed restriction: the person is told before it ends (GDPR art. 18(3))."""
    with transaction(workspace.sessions) as session:
        found, mail = review.lift_restriction(
            session, workspace.clock, workspace.key, request_id, reason=body.reason, actor=actor
        )
        shown = RequestOut.model_validate(found)
        _deliver(workspace, [mail])
    return shown


@router.post("/{request_id}/approval", status_code=202)
def approve(request_id: str, actor: Writer, workspace: CurrentWorkspace) -> RequestOut:
    """Approve a verified request and queue its execution."""
    with transaction(workspace.sessions) as session:
        shown = RequestOut.model_validate(
            review.approve(session, workspace.clock, request_id, actor=actor)
        )
    _enqueue(workspace, shown.id)
    return shown


@router.post("/{request_id}/run", status_code=202)
def run(request_id: str, actor: Writer, workspace: CurrentWorkspace) -> RequestOut:
    """Queue (again) the execution of an approved, blocked or failed request."""
    with transaction(workspace.sessions) as session:
        found = fulfilment.prepare_run(session, workspace.clock, request_id, actor=actor)
        shown = RequestOut.model_validate(found)
    _enqueue(workspace, shown.id)
    return shown


@router.post("/{request_id}/steps/{step_id}/confirmation")
def confirm_step(
    request_id: str, step_id: str, actor: Writer, workspace: CurrentWorkspace,
    body: ReasonIn | None = None,
) -> dict[str, Any]:  # fmt: skip
    """A staff member did a manual step (or told a recipient); execution then carries on."""
    with transaction(workspace.sessions) as session:
        found = fulfilment.confirm_step(
            session, workspace.clock, request_id, step_id, actor=actor,
            note=body.reason if body else "",
        )  # fmt: skip
        shown = RequestOut.model_validate(found)
    _enqueue(workspace, shown.id)
    return shown.model_dump(mode="json")
