"""Appending to the audit chain and verifying it end to end."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from pactum.audit.models import GENESIS, AuditEntry, AuditHead
from pactum.audit.schemas import ChainReport
from pactum.clock import Clock, as_utc
from pactum.db import core
from pactum.prepared import Prepared


def entry_hash(
    *,
    seq: int,
    at: datetime,
    actor: str,
    action: str,
    target: str,
    subject: str | None,
    details: dict[str, Any],
    prev_hash: str,
) -> str:
    body = {
        "seq": seq,
        "at": as_utc(at).isoformat(),
        "actor": actor,
        "action": action,
        "target": target,
        "subject": subject,
        "details": details,
        "prev": prev_hash,
    }
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def record(
    session: Session,
    clock: Clock,
    *,
    actor: str,
    action: str,
    target: str,
    details: dict[str, Any] | None = None,
    subject: str | None = None,
) -> AuditEntry:
    """Append one entry in the caller's transaction: it commits or rolls back with the work.

    `subject` is a keyed hash of the person concerned, never an identity in clear; `details`
    must not hold personal data either.
    """
    # The UPDATE takes the head's row lock (PostgreSQL) or the write lock (SQLite) first, so
    # concurrent writers queue here and the chain never forks.
    connection = core(session)
    seq, prev_hash = _ADVANCE_HEAD.execute(connection, {}).fetchone()
    at = as_utc(clock.now())
    clean = json.loads(json.dumps(details or {}, default=str))
    digest = entry_hash(
        seq=seq,
        at=at,
        actor=actor,
        action=action,
        target=target,
        subject=subject,
        details=clean,
        prev_hash=prev_hash,
    )
    entry = AuditEntry(
        id=seq,
        at=at,
        actor=actor,
        action=action,
        target=target,
        subject=subject,
        details=clean,
        prev_hash=prev_hash,
        hash=digest,
        note="",
    )
    # Statements built once and run on the driver (pactum.prepared): an entry is never changed
    # after it is written, so it needs none of the ORM's unit of work or statement handling
    # (which cost more than the statements themselves).
    _INSERT_ENTRY.execute(connection, {c: getattr(entry, c) for c in _ENTRY_COLUMNS})
    _SET_LAST_HASH.execute(connection, {"digest": digest})
    return entry


_ENTRY_COLUMNS = ("id", "at", "actor", "action", "target", "subject", "details", "prev_hash",
                  "hash", "note")  # fmt: skip
_ADVANCE_HEAD = Prepared(
    update(AuditHead)
    .where(AuditHead.id == 1)
    .values(seq=AuditHead.seq + 1)
    .returning(AuditHead.seq, AuditHead.last_hash)
)
_INSERT_ENTRY = Prepared(
    insert(AuditEntry).values(
        {c: bindparam(c, type_=AuditEntry.__table__.c[c].type) for c in _ENTRY_COLUMNS}
    )
)
_SET_LAST_HASH = Prepared(
    update(AuditHead).where(AuditHead.id == 1).values(last_hash=bindparam("digest"))
)


def verify_chain(session: Session) -> ChainReport:
    """Recompute every hash in order; name the first entry that does not add up."""
    expected_prev, expected_seq, checked = GENESIS, 1, 0
    rows = session.scalars(
        select(AuditEntry).order_by(AuditEntry.id).execution_options(yield_per=2000)
    )
    for entry in rows:
        problem = _check(entry, expected_seq, expected_prev)
        if problem:
            return ChainReport(ok=False, checked=checked, first_broken=entry.id, reason=problem)
        expected_prev, expected_seq, checked = entry.hash, entry.id + 1, checked + 1
    head = session.get(AuditHead, 1)
    if head is None or head.seq != checked or head.last_hash != expected_prev:
        return ChainReport(
            ok=False,
            checked=checked,
            first_broken=checked + 1,
            reason="the chain ends before its recorded head: entries were removed from the end",
        )
    return ChainReport(ok=True, checked=checked)


def _check(entry: AuditEntry, expected_seq: int, expected_prev: str) -> str | None:
    if entry.id != expected_seq:
        return f"entry {expected_seq} is missing (found {entry.id} next)"
    if entry.prev_hash != expected_prev:
        return "its link to the previous entry does not match"
    recomputed = entry_hash(
        seq=entry.id,
        at=entry.at,
        actor=entry.actor,
        action=entry.action,
        target=entry.target,
        subject=entry.subject,
        details=entry.details,
        prev_hash=entry.prev_hash,
    )
    if recomputed != entry.hash:
        return "its content was changed after it was written"
    return None


def recent_entries(
    session: Session, *, limit: int = 100, action: str | None = None, target: str | None = None
) -> list[AuditEntry]:
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if action:
        query = query.where(AuditEntry.action.startswith(action))
    if target:
        query = query.where(AuditEntry.target == target)
    return list(session.scalars(query))
