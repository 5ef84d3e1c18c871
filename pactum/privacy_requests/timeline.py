"""Reading requests back: the work list (deadline first) and one request's timeline and proof."""

from __future__ import annotations

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from pactum.audit.models import AuditEntry
from pactum.clock import as_utc
from pactum.privacy_requests.models import OPEN, PrivacyRequest, RequestEvent, RequestStep
from pactum.privacy_requests.schemas import EventOut, RequestDetail, RequestOut, StepOut
from pactum.privacy_requests.service import get_request


def list_requests(
    session: Session,
    *,
    status: str | None = None,
    type_: str | None = None,
    jurisdiction: str | None = None,
    limit: int = 100,
) -> list[PrivacyRequest]:
    """Open requests first, the nearest (or most overdue) due date on top; then closed ones."""
    is_open = case((PrivacyRequest.status.in_([s.value for s in OPEN]), 0), else_=1)
    query = select(PrivacyRequest).where(PrivacyRequest.purged_at.is_(None))
    if status:
        query = query.where(PrivacyRequest.status == status)
    if type_:
        query = query.where(PrivacyRequest.type == type_)
    if jurisdiction:
        query = query.where(PrivacyRequest.jurisdiction == jurisdiction)
    query = query.order_by(is_open, PrivacyRequest.due_at, PrivacyRequest.received_at)
    return list(session.scalars(query.limit(limit)))


def request_detail(session: Session, request_id: str) -> RequestDetail:
    request = get_request(session, request_id)
    steps = session.scalars(
        select(RequestStep)
        .where(RequestStep.request_id == request.id)
        .order_by(RequestStep.position)
    )
    return RequestDetail(
        request=RequestOut.model_validate(request),
        steps=[
            StepOut.model_validate(s).model_copy(update={"instructions": _instructions(s)})
            for s in steps
        ],
        timeline=timeline(session, request),
        proof=request.result.get("proof"),
    )


def timeline(session: Session, request: PrivacyRequest) -> list[EventOut]:
    """Our events, plus audit entries about the request that no event mirrors (e.g. the proof)."""
    events = list(
        session.scalars(
            select(RequestEvent)
            .where(RequestEvent.request_id == request.id)
            .order_by(RequestEvent.id)
        )
    )
    mirrored = {e.audit_id for e in events if e.audit_id is not None}
    entries = session.scalars(
        select(AuditEntry)
        .where(AuditEntry.target == f"privacy_request:{request.id}")
        .order_by(AuditEntry.id)
    )
    lines = [
        EventOut(at=as_utc(e.at), actor=e.actor, action=e.action, note=e.note, audit_id=e.audit_id)
        for e in events
    ]
    lines += [
        EventOut(
            at=as_utc(a.at),
            actor=a.actor,
            action=a.action.removeprefix("privacy_request."),
            note=_audit_note(a),
            audit_id=a.id,
        )
        for a in entries
        if a.id not in mirrored
    ]
    return sorted(lines, key=lambda line: (line.at, line.audit_id or 0))


def _audit_note(entry: AuditEntry) -> str:
    digest = entry.details.get("digest")
    return f"audit entry {entry.id}, hash {entry.hash[:16]}…" + (
        f", digest {digest}" if digest else ""
    )


def _instructions(step: RequestStep) -> str | None:
    """A manual task's instructions (they name the person: gone once Pactum forgets them)."""
    task = step.payload.get("task") or (step.payload.get("step") or {}).get("task")
    return str(task["instructions"]) if task else None
