"""Pactum forgetting a person: identities replaced by keyed hashes, and expired records purged."""

from __future__ import annotations

import binascii
import os
import re
import threading
import time
from collections.abc import Iterable
from email import policy as email_policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import cast

from sqlalchemy import bindparam, delete, select, text, update
from sqlalchemy.orm import Session

from pactum.clock import as_utc
from pactum.consent import service as consent_service
from pactum.db import core, transaction
from pactum.errors import NotFound
from pactum.identities import Identity
from pactum.privacy_requests import service
from pactum.privacy_requests.models import (
    PackageLink,
    PrivacyRequest,
    RequestEvent,
    RequestStep,
    VerificationCode,
)
from pactum.workspace import Workspace

_PURGE_BATCH = 500


def forget_person(workspace: Workspace, request_id: str) -> int:
    """After a completed deletion, once the person was told: every request of theirs keeps only
    the keyed hash; their mail in the outbox and their packages go the same way.

    Returns the number of requests changed. Idempotent: a second call finds nothing to do.
    """
    with transaction(workspace.sessions) as session:
        _overwrite_freed_space(session)
        request = service.get_request(session, request_id)
        subject = request.subject
        mine = list(
            session.scalars(select(PrivacyRequest).where(PrivacyRequest.subject == subject))
        )
        values = {r.identity_value for r in mine if r.identity_value}
        identities = [Identity(r.identity_kind, r.identity_value) for r in mine if r.identity_value]
        packages = [str(r.result["package"]) for r in mine if r.result.get("package")]
        changed = [r for r in mine if r.forgotten_at is None]
        for found in changed:
            _strip(session, found, workspace)
        for identity in set(identities):
            _forget_in_consent_ledger(session, workspace, identity, request.id)
        if changed:
            service.log_event(session, workspace.clock, request, actor="system",
                              action="forgotten", details={"requests": len(changed)})  # fmt: skip
    _remove_files(packages)
    scrub_outbox(workspace.outbox, values, subject)
    checkpoint(workspace)
    return len(changed)


def _overwrite_freed_space(session: Session) -> None:
    """SQLite keeps the bytes of a replaced value in the page's free space unless told not to."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("PRAGMA secure_delete = ON"))


_CHECKPOINT_EVERY = 10.0  # seconds: a checkpoint stops every writer while it runs
_last_checkpoint: dict[str, float] = {}
_checkpoint_lock = threading.Lock()


def checkpoint(workspace: Workspace, *, now: float | None = None) -> None:
    """Move SQLite's write-ahead log into the database and empty it: no old page copies left.

    At most every ten seconds per process (under load, the next forgetting or the minute's
    resume job does it); the first forgetting in a process checkpoints at once.
    """
    if workspace.engine.dialect.name != "sqlite":
        return
    moment = time.monotonic() if now is None else now
    with _checkpoint_lock:
        last = _last_checkpoint.get(str(workspace.path))
        if last is not None and moment - last < _CHECKPOINT_EVERY:
            return
        _last_checkpoint[str(workspace.path)] = moment
    # Outside any transaction (a checkpoint cannot run inside one): the raw connection.
    raw = workspace.engine.raw_connection()
    try:
        raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        raw.close()


def _strip(session: Session, request: PrivacyRequest, workspace: Workspace) -> None:
    request.identity_value = None
    request.details = {}
    request.result = {k: v for k, v in request.result.items() if k != "package"}
    request.forgotten_at = workspace.clock.now()
    # Steps planned from the person's rows may carry their keys; the steps are done or moot.
    connection = core(session)
    connection.execute(_EMPTY_PAYLOADS, {"b_request": request.id})
    for statement in _DELETE_CODES_AND_LINKS:
        connection.execute(statement, {"b_request": request.id})


_EMPTY_PAYLOADS = (
    update(RequestStep).where(RequestStep.request_id == bindparam("b_request")).values(payload={})
)
_DELETE_CODES_AND_LINKS = [
    delete(table).where(table.request_id == bindparam("b_request"))
    for table in (VerificationCode, PackageLink)
]


def _forget_in_consent_ledger(
    session: Session, workspace: Workspace, identity: Identity, request_id: str
) -> None:
    try:
        subject = consent_service.Subject.of(identity, workspace.key)
        consent_service.erase_values(session, workspace.clock, subject,
                     actor=f"privacy_request:{request_id}")  # fmt: skip
    except NotFound:
        return  # no consent was ever recorded for this identity


def _remove_files(paths: Iterable[str]) -> None:
    for path in paths:
        Path(path).unlink(missing_ok=True)


def scrub_outbox(outbox: Path, values: set[str], replacement: str) -> int:
    """Rewrite every outbox message that mentions one of `values`, putting `replacement` instead."""
    if not values or not outbox.is_dir():
        return 0
    pattern = re.compile("|".join(re.escape(v) for v in sorted(values)), re.IGNORECASE)
    needles = [v.lower().encode() for v in values]
    rewritten = 0
    for path in outbox.glob("*.eml"):
        raw = path.read_bytes()
        if not _may_mention(raw, needles):
            continue
        message = BytesParser(policy=email_policy.default).parsebytes(raw)
        if _rewrite(message, pattern, replacement):
            temporary = path.with_suffix(".scrubbing")
            temporary.write_bytes(bytes(message))
            os.replace(temporary, path)
            rewritten += 1
    return rewritten


def _may_mention(raw: bytes, needles: list[bytes]) -> bool:
    """A cheap look at the bytes (quoted-printable decoded) before parsing the message."""
    lowered = raw.lower()
    if b"content-transfer-encoding: base64" in lowered:
        return True
    if b"quoted-printable" in lowered:
        lowered = binascii.a2b_qp(lowered)
    return any(needle in lowered for needle in needles)


def _rewrite(message: EmailMessage, pattern: re.Pattern[str], replacement: str) -> bool:
    changed = False
    for name, value in list(message.items()):
        if pattern.search(str(value)):
            message.replace_header(name, pattern.sub(replacement, str(value)))
            changed = True
    for part in message.walk():
        if part.get_content_maintype() != "text" or part.is_multipart():
            continue
        text = cast(str, part.get_content())
        if pattern.search(text):
            subtype = part.get_content_subtype()
            part.set_content(pattern.sub(replacement, text), subtype=subtype)
            changed = True
    return changed


def purge_expired(workspace: Workspace) -> int:
    """Request records past their retention (the policy's `records_kept_for`, at least 24 months
    for California) are reduced to their keyed hash, type, jurisdiction and dates."""
    now = as_utc(workspace.clock.now())
    with workspace.reader()() as session:
        expired = list(
            session.scalars(
                select(PrivacyRequest.id)
                .where(PrivacyRequest.keep_until < now, PrivacyRequest.purged_at.is_(None))
                .limit(_PURGE_BATCH)
            )
        )
    for request_id in expired:
        _purge_one(workspace, request_id)
    return len(expired)


def _purge_one(workspace: Workspace, request_id: str) -> None:
    with transaction(workspace.sessions) as session:
        request = service.get_request(session, request_id)
        value, package = request.identity_value, request.result.get("package")
        service.log_event(session, workspace.clock, request, actor="system", action="purged")
        _strip(session, request, workspace)
        for table in (RequestEvent, RequestStep):
            session.execute(delete(table).where(table.request_id == request.id))
        request.requester = {}
        request.result = {}
        request.due_explanation = ""
        request.acknowledge_explanation = ""
        request.purged_at = workspace.clock.now()
    _remove_files([str(package)] if package else [])
    if value:
        scrub_outbox(workspace.outbox, {value}, request.subject)
