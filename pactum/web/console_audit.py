"""The console's audit log: filters, the entries, and a button that verifies the whole chain."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from pactum.accounts.models import Permission
from pactum.audit.models import AuditEntry
from pactum.audit.schemas import ChainReport
from pactum.audit.service import record, verify_chain
from pactum.db import transaction
from pactum.http import CurrentWorkspace, ReadSession
from pactum.web.console_access import Viewer, require
from pactum.web.csrf import CsrfChecked
from pactum.web.rendering import render

router = APIRouter(prefix="/console", include_in_schema=False)
MayAudit = Annotated[Viewer, Depends(require(Permission.AUDIT))]
PAGE = 100


def _day(value: str, *, end: bool = False) -> datetime | None:
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return None
    moment = datetime.combine(day, time.min, tzinfo=UTC)
    return moment + timedelta(days=1) if end else moment


def search(
    session: Session,
    *,
    action: str,
    actor: str,
    target: str,
    since: str,
    until: str,
    before: int | None,
) -> list[AuditEntry]:
    """Newest first, a page at a time; every filter is a bound parameter, never pasted SQL."""
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(PAGE)
    if action:
        query = query.where(AuditEntry.action.startswith(action, autoescape=True))
    if actor:
        query = query.where(AuditEntry.actor == actor)
    if target:
        query = query.where(AuditEntry.target == target)
    if start := _day(since):
        query = query.where(AuditEntry.at >= start)
    if stop := _day(until, end=True):
        query = query.where(AuditEntry.at < stop)
    if before:
        query = query.where(AuditEntry.id < before)
    return list(session.scalars(query))


def _page(
    request: Request,
    session: Session,
    filters: dict[str, str],
    before: int | None,
    report: ChainReport | None = None,
) -> HTMLResponse:
    entries = search(session, before=before, **filters)
    return render(
        request,
        "console/audit.html",
        active="audit",
        entries=entries,
        filters=filters,
        report=report,
        page=PAGE,
    )


@router.get("/audit", response_class=HTMLResponse)
def audit_page(
    request: Request,
    *,
    session: ReadSession,
    viewer: MayAudit,
    action: str = "",
    actor: str = "",
    target: str = "",
    since: str = "",
    until: str = "",
    before: int | None = None,
) -> HTMLResponse:
    filters = {
        "action": action[:100],
        "actor": actor[:200],
        "target": target[:200],
        "since": since[:10],
        "until": until[:10],
    }
    return _page(request, session, filters, before)


@router.post("/audit/verify", response_class=HTMLResponse)
def verify(
    request: Request, workspace: CurrentWorkspace, viewer: MayAudit, _csrf: CsrfChecked
) -> HTMLResponse:
    with workspace.reader()() as session:
        report = verify_chain(session)
    with transaction(workspace.sessions) as session:
        record(
            session,
            workspace.clock,
            actor=viewer.actor,
            action="audit.verified" if report.ok else "audit.tampering_detected",
            target="audit:chain",
            details=report.model_dump(mode="json"),
        )
    empty = {"action": "", "actor": "", "target": "", "since": "", "until": ""}
    with workspace.reader()() as session:
        return _page(request, session, empty, None, report)
