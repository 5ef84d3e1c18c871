"""The console's requests: the queue by deadline, and one request's page (every view is audited)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from pactum.accounts import service as accounts
from pactum.accounts.models import Permission
from pactum.audit.service import record
from pactum.clock import as_utc
from pactum.db import transaction
from pactum.errors import NotFound
from pactum.http import ReadSession
from pactum.inventory.service import find_current_inventory
from pactum.policy.document import DeclineGround, Policy, RightType
from pactum.policy.service import current_policy
from pactum.privacy_requests import timeline
from pactum.privacy_requests.models import OPEN, PrivacyRequest
from pactum.privacy_requests.service import get_request
from pactum.web.console_access import SignedIn, Viewer
from pactum.web.rendering import render
from pactum.workspace import Workspace

router = APIRouter(prefix="/console", include_in_schema=False)
DUE_SOON = timedelta(days=7, hours=12)  # "in 7 days" still counts as soon
_OPEN = {s.value for s in OPEN}


def target(request_id: str) -> str:
    return f"privacy_request:{request_id}"


def mask(value: str | None) -> str:
    """Enough to tell two people apart in a list, not enough to read who they are."""
    if not value:
        return "forgotten"
    name, at, domain = value.partition("@")
    return f"{name[:1]}•••@{domain}" if at else f"•••{value[-3:]}"


@dataclass(frozen=True)
class Row:
    request: PrivacyRequest
    urgency: str  # overdue | due-soon | "" | closed
    due_in: str
    person: str
    assignee: str


def _due_in(due: datetime, now: datetime) -> str:
    days = (as_utc(due) - now).total_seconds() / 86400
    if days < 0:
        return f"overdue by {max(1, round(-days))} day{'s' if round(-days) > 1 else ''}"
    if days < 1:
        return "due today"
    return f"in {round(days)} day{'s' if round(days) != 1 else ''}"


def may_see(session: Session, viewer: Viewer, request_id: str) -> bool:
    if viewer.may(Permission.REQUESTS_ALL):
        return True
    mine = accounts.assignee(session, target(request_id)) == viewer.id
    return viewer.may(Permission.REQUESTS_ASSIGNED) and mine


def visible_requests(
    session: Session, viewer: Viewer, filters: dict[str, str]
) -> list[PrivacyRequest]:
    if viewer.may(Permission.REQUESTS_ALL):
        return timeline.list_requests(
            session,
            status=filters["status"] or None,
            type_=filters["type"] or None,
            jurisdiction=filters["jurisdiction"] or None,
            limit=500,
        )
    if not viewer.may(Permission.REQUESTS_ASSIGNED):
        raise HTTPException(403, "Your role does not include privacy requests.")
    ids = [
        t.split(":", 1)[1]
        for t in accounts.assigned_targets(session, viewer.id, prefix="privacy_request:")
    ]
    found = []
    for request_id in ids:
        try:
            found.append(get_request(session, request_id))
        except NotFound:
            continue
    return sorted(found, key=lambda r: (r.status not in _OPEN, as_utc(r.due_at)))


@router.get("", response_class=HTMLResponse)
def queue(
    request: Request,
    *,
    session: ReadSession,
    viewer: SignedIn,
    status: str = "",
    type: str = "",
    jurisdiction: str = "",
) -> HTMLResponse:
    if not (viewer.may(Permission.REQUESTS_ALL) or viewer.may(Permission.REQUESTS_ASSIGNED)):
        home = "/console/inventory" if viewer.may(Permission.INVENTORY) else "/console/account"
        return render(request, "console/welcome.html", active="queue", home=home)
    filters = {"status": status[:30], "type": type[:30], "jurisdiction": jurisdiction[:120]}
    workspace: Workspace = request.app.state.workspace
    now = as_utc(workspace.clock.now())
    staff = {m.id: m.name for m in accounts.list_staff(session)}
    rows = []
    for found in visible_requests(session, viewer, filters):
        is_open = found.status in _OPEN
        left = as_utc(found.due_at) - now
        urgency = (
            "closed"
            if not is_open
            else "overdue"
            if left < timedelta(0)
            else "due-soon"
            if left < DUE_SOON
            else ""
        )
        owner = accounts.assignee(session, target(found.id))
        rows.append(
            Row(
                found,
                urgency,
                _due_in(found.due_at, now) if is_open else "closed",
                mask(found.identity_value),
                staff.get(owner, "") if owner else "",
            )
        )
    open_rows = [r for r in rows if r.urgency != "closed"]
    counts = {
        "open": len(open_rows),
        "overdue": sum(r.urgency == "overdue" for r in rows),
        "soon": sum(r.urgency == "due-soon" for r in rows),
        "verify": sum(r.request.status == "awaiting_verification" for r in rows),
        "staff": sum(r.request.status in ("waiting_for_staff", "verified", "failed") for r in rows),
    }
    return render(
        request,
        "console/queue.html",
        active="queue",
        rows=rows,
        counts=counts,
        filters=filters,
        policy=_policy(session),
        statuses=sorted(_OPEN | {"completed", "declined"}),
    )


def _policy(session: Session) -> Policy | None:
    try:
        return current_policy(session)
    except NotFound:
        return None


def grounds_for(policy: Policy | None, found: PrivacyRequest) -> list[DeclineGround]:
    jurisdiction = policy.jurisdiction(found.jurisdiction) if policy else None
    if policy is None or jurisdiction is None:
        return []
    right = RightType(found.type)
    return [
        g
        for g in policy.decline_grounds
        if g.id in jurisdiction.decline_grounds and (not g.applies_to or right in g.applies_to)
    ]


def request_page(
    request: Request,
    viewer: Viewer,
    request_id: str,
    *,
    error: str = "",
    done: str = "",
    status: int = 200,
) -> HTMLResponse:
    """The page, after checking the viewer may see it; the view itself goes into the audit log."""
    workspace: Workspace = request.app.state.workspace
    with transaction(workspace.sessions) as session:
        if not may_see(session, viewer, request_id):
            # The same answer for another agent's request and for an id that does not exist.
            raise HTTPException(403, "This request is not assigned to you.")
        try:
            detail = timeline.request_detail(session, request_id)
        except NotFound as exc:
            raise HTTPException(404, f"There is no request {request_id[:20]}.") from exc
        found = get_request(session, request_id)
        record(
            session,
            workspace.clock,
            actor=viewer.actor,
            action="staff.viewed",
            target=target(found.id),
            subject=found.subject,
            details={"page": "request"},
        )
        policy = _policy(session)
        inventory = find_current_inventory(session)
        owner = accounts.assignee(session, target(found.id))
        staff = [m for m in accounts.list_staff(session) if not m.is_disabled]
    systems: dict[str, list[object]] = {}
    for step in detail.steps:
        systems.setdefault(step.system, []).append(step)
    return render(
        request,
        "console/request.html",
        status_code=status,
        active="queue",
        detail=detail,
        found=detail.request,
        systems=systems,
        policy=policy,
        grounds=grounds_for(policy, found),
        planned=[s.name for s in inventory.systems] if inventory else [],
        owner=owner,
        staff=staff,
        error=error,
        done=done,
        overdue=found.status in _OPEN and as_utc(found.due_at) < as_utc(workspace.clock.now()),
        may_extend=bool(
            policy
            and (j := policy.jurisdiction(found.jurisdiction))
            and j.extension
            and RightType(found.type) not in j.extension.except_for
        ),
    )


@router.get("/requests/{request_id}", response_class=HTMLResponse)
def show(request: Request, request_id: str, viewer: SignedIn, done: str = "") -> HTMLResponse:
    return request_page(request, viewer, request_id.upper()[:20], done=done[:40])
