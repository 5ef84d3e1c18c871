"""The console's actions on a request: verify, approve, decline, extend, lift, run, confirm, assign,
download."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import FileResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from pactum.accounts import service as accounts
from pactum.accounts.models import Permission
from pactum.audit.service import record
from pactum.db import transaction
from pactum.errors import PactumError
from pactum.http import CurrentWorkspace
from pactum.mail import Mail
from pactum.privacy_requests import codes, fulfilment, review
from pactum.privacy_requests.messages import send
from pactum.privacy_requests.service import get_request
from pactum.web.console_access import SignedIn, Viewer
from pactum.web.console_requests import may_see, request_page, target
from pactum.web.csrf import CsrfChecked
from pactum.workspace import Workspace

router = APIRouter(prefix="/console/requests/{request_id}", include_in_schema=False)
Text = Annotated[str, Form(max_length=2000)]
Work = Callable[[Session], list[Mail]]


def _allowed(session: Session, viewer: Viewer, request_id: str, permission: Permission) -> None:
    if not may_see(session, viewer, request_id):
        raise HTTPException(403, "This request is not assigned to you.")
    if not viewer.may(permission):
        raise HTTPException(403, "Your role does not allow this action.")


def _queue_run(request: Request, request_id: str) -> None:
    """Nudge the worker; the periodic resume job picks the request up anyway if this is lost."""
    run = getattr(request.app.state, "run_privacy_request", None)
    if run is not None:
        run(request_id)


def _act(
    request: Request,
    viewer: Viewer,
    request_id: str,
    permission: Permission,
    *,
    work: Work,
    done: str,
    runs: bool = False,
) -> Response:
    """Do one action in one transaction; on a refusal, show the page again with the reason."""
    workspace: Workspace = request.app.state.workspace
    shown_id = request_id.upper()[:20]
    try:
        with transaction(workspace.sessions) as session:
            _allowed(session, viewer, shown_id, permission)
            mails = work(session)
    except PactumError as problem:
        message = f"{problem.what}." + (f" {problem.fix}." if problem.fix else "")
        return request_page(request, viewer, shown_id, error=message, status=problem.http_status)
    send(workspace.mailer, mails)
    if runs:
        _queue_run(request, shown_id)
    return RedirectResponse(f"/console/requests/{shown_id}?done={done}", status_code=303)


@router.post("/verify")
def verify(
    request: Request,
    request_id: str,
    *,
    workspace: CurrentWorkspace,
    viewer: SignedIn,
    _csrf: CsrfChecked,
    reason: Text = "",
) -> Response:
    def work(session: Session) -> list[Mail]:
        codes.verify_manually(
            session, workspace.clock, request_id, reason=reason, actor=viewer.actor
        )
        return []

    return _act(request, viewer, request_id, Permission.REQUESTS_HANDLE, work=work, done="verified")


@router.post("/approve")
def approve(
    request: Request,
    request_id: str,
    *,
    workspace: CurrentWorkspace,
    viewer: SignedIn,
    _csrf: CsrfChecked,
) -> Response:
    def work(session: Session) -> list[Mail]:
        review.approve(session, workspace.clock, request_id, actor=viewer.actor)
        return []

    return _act(
        request,
        viewer,
        request_id,
        Permission.REQUESTS_DECIDE,
        work=work,
        done="approved",
        runs=True,
    )


@router.post("/decline")
def decline(
    request: Request,
    request_id: str,
    *,
    workspace: CurrentWorkspace,
    viewer: SignedIn,
    _csrf: CsrfChecked,
    ground: Annotated[str, Form(max_length=120)] = "",
    reason: Text = "",
    narrowed: Annotated[str, Form(max_length=5)] = "",
) -> Response:
    def work(session: Session) -> list[Mail]:
        _, mail = review.decline(
            session,
            workspace.clock,
            request_id,
            ground=ground,
            reason=reason,
            actor=viewer.actor,
            narrowed=narrowed == "yes",
        )
        return [mail]

    return _act(request, viewer, request_id, Permission.REQUESTS_DECIDE, work=work, done="declined")


@router.post("/extend")
def extend(
    request: Request,
    request_id: str,
    *,
    workspace: CurrentWorkspace,
    viewer: SignedIn,
    _csrf: CsrfChecked,
    reason: Text = "",
    by: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    def work(session: Session) -> list[Mail]:
        _, mail = review.extend(
            session,
            workspace.clock,
            request_id,
            reason=reason,
            actor=viewer.actor,
            by=by.strip() or None,
        )
        return [mail]

    return _act(request, viewer, request_id, Permission.REQUESTS_DECIDE, work=work, done="extended")


@router.post("/lift")
def lift(
    request: Request,
    request_id: str,
    *,
    workspace: CurrentWorkspace,
    viewer: SignedIn,
    _csrf: CsrfChecked,
    reason: Text = "",
) -> Response:
    def work(session: Session) -> list[Mail]:
        _, mail = review.lift_restriction(
            session, workspace.clock, workspace.key, request_id, reason=reason, actor=viewer.actor
        )
        send(workspace.mailer, [mail])  # before the commit: told before it ends (art. 18(3))
        return []

    return _act(request, viewer, request_id, Permission.REQUESTS_DECIDE, work=work, done="lifted")


@router.post("/run")
def run(
    request: Request,
    request_id: str,
    *,
    workspace: CurrentWorkspace,
    viewer: SignedIn,
    _csrf: CsrfChecked,
) -> Response:
    def work(session: Session) -> list[Mail]:
        fulfilment.prepare_run(session, workspace.clock, request_id, actor=viewer.actor)
        return []

    return _act(
        request, viewer, request_id, Permission.REQUESTS_DECIDE, work=work, done="queued", runs=True
    )


@router.post("/steps/{step_id}/confirm")
def confirm(
    request: Request,
    request_id: str,
    step_id: str,
    *,
    workspace: CurrentWorkspace,
    viewer: SignedIn,
    _csrf: CsrfChecked,
    note: Text = "",
) -> Response:
    def work(session: Session) -> list[Mail]:
        fulfilment.confirm_step(
            session, workspace.clock, request_id, step_id[:200], actor=viewer.actor, note=note
        )
        return []

    return _act(
        request,
        viewer,
        request_id,
        Permission.REQUESTS_HANDLE,
        work=work,
        done="confirmed",
        runs=True,
    )


@router.post("/assign")
def assign(
    request: Request,
    request_id: str,
    *,
    workspace: CurrentWorkspace,
    viewer: SignedIn,
    _csrf: CsrfChecked,
    staff_id: Annotated[int, Form()] = 0,
) -> Response:
    def work(session: Session) -> list[Mail]:
        found = get_request(session, request_id)
        accounts.assign(
            session, workspace.clock, target=target(found.id), staff_id=staff_id, actor=viewer.actor
        )
        return []

    return _act(request, viewer, request_id, Permission.REQUESTS_DECIDE, work=work, done="assigned")


@router.get("/package")
def package(
    request: Request, request_id: str, workspace: CurrentWorkspace, viewer: SignedIn
) -> Response:
    """The access package, for roles that may read its content; each download is audited."""
    shown_id = request_id.upper()[:20]
    with transaction(workspace.sessions) as session:
        _allowed(session, viewer, shown_id, Permission.PACKAGES)
        found = get_request(session, shown_id)
        path = found.result.get("package")
        if not path or found.forgotten_at is not None or not Path(str(path)).is_file():
            raise HTTPException(404, "This request has no package to download.")
        record(
            session,
            workspace.clock,
            actor=viewer.actor,
            action="staff.downloaded_package",
            target=target(found.id),
            subject=found.subject,
        )
    return FileResponse(
        str(path),
        media_type="application/zip",
        filename=f"{shown_id}.zip",
        headers={"Cache-Control": "no-store"},
    )
