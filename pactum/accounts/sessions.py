"""Signing staff in and out: password, optional second factor, lockout, server-side sessions."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from pactum.accounts import throttle, totp
from pactum.accounts.models import StaffMember, StaffSession
from pactum.accounts.passwords import is_password_correct
from pactum.accounts.throttle import Limit
from pactum.audit.service import record
from pactum.clock import Clock, as_utc
from pactum.signing import keyed_hash

IDLE_TIMEOUT = timedelta(minutes=30)
ABSOLUTE_TIMEOUT = timedelta(hours=12)
SECOND_FACTOR_TIMEOUT = timedelta(minutes=5)
ACCOUNT_LIMIT = Limit(hits=5, window=timedelta(minutes=15))
ADDRESS_LIMIT = Limit(hits=20, window=timedelta(minutes=15))
# Touch `last_seen_at` at most once a minute: a page view need not always write.
_TOUCH_EVERY = timedelta(minutes=1)


class Outcome(StrEnum):
    SIGNED_IN = "signed_in"
    SECOND_FACTOR_DUE = "second_factor_due"
    REFUSED = "refused"  # the same answer whether the account exists or not
    LOCKED = "locked"


@dataclass(frozen=True)
class Attempt:
    outcome: Outcome
    token: str | None = None  # the new cookie value; never stored in clear
    retry_after: timedelta | None = None


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _open(session: Session, clock: Clock, member: StaffMember, stage: str) -> str:
    """A brand-new session id, never one the browser offered: no fixation."""
    token = secrets.token_urlsafe(32)
    now = clock.now()
    session.add(
        StaffSession(
            id=_digest(token), staff_id=member.id, stage=stage, created_at=now, last_seen_at=now
        )
    )
    return token


def _keys(key: bytes, email: str, address: str) -> tuple[str, str]:
    return (
        f"sign-in:account:{keyed_hash(key, email.strip().lower(), purpose='sign-in')[:32]}",
        f"sign-in:address:{address}",
    )


def sign_in(
    session: Session, clock: Clock, key: bytes, *, email: str, password: str, address: str
) -> Attempt:
    """Check a password. Failures count per e-mail address typed and per client address.

    Locking by the typed address (not by the account row) means an unknown address locks
    exactly like a known one, so the answer never tells whether an account exists.
    """
    account_key, address_key = _keys(key, email, address)
    member = session.scalar(select(StaffMember).where(StaffMember.email == email.strip().lower()))
    usable = member if member is not None and not member.is_disabled else None
    if throttle.is_blocked(session, clock, account_key, ACCOUNT_LIMIT) or throttle.is_blocked(
        session, clock, address_key, ADDRESS_LIMIT
    ):
        is_password_correct(None, password)  # same work, same time
        return Attempt(Outcome.LOCKED, retry_after=ACCOUNT_LIMIT.window)
    if usable is None or not is_password_correct(usable.password_hash, password):
        if usable is None:
            is_password_correct(None, password)
        throttle.hit(session, clock, account_key, ACCOUNT_LIMIT)
        throttle.hit(session, clock, address_key, ADDRESS_LIMIT)
        if member is not None:
            member.failed_logins += 1
            record(
                session,
                clock,
                actor="anonymous",
                action="staff.sign_in_failed",
                target=f"staff:{member.id}",
            )
        return Attempt(Outcome.REFUSED)
    throttle.clear(session, account_key)
    usable.failed_logins = 0
    if usable.totp_secret:
        return Attempt(Outcome.SECOND_FACTOR_DUE, token=_open(session, clock, usable, "password"))
    record(
        session,
        clock,
        actor=f"staff:{usable.id}",
        action="staff.signed_in",
        target=f"staff:{usable.id}",
    )
    return Attempt(Outcome.SIGNED_IN, token=_open(session, clock, usable, "full"))


def second_factor(session: Session, clock: Clock, key: bytes, *, token: str, code: str) -> Attempt:
    """Finish a sign-in with a one-time code; the half-signed-in session is replaced by a new one."""
    pending = session.get(StaffSession, _digest(token))
    now = as_utc(clock.now())
    if pending is None or pending.stage != "password":
        return Attempt(Outcome.REFUSED)
    if now - as_utc(pending.created_at) > SECOND_FACTOR_TIMEOUT:
        session.delete(pending)
        return Attempt(Outcome.REFUSED)
    member = session.get(StaffMember, pending.staff_id)
    bucket = f"sign-in:totp:{pending.staff_id}"
    if member is None or throttle.is_blocked(session, clock, bucket, ACCOUNT_LIMIT):
        return Attempt(Outcome.LOCKED, retry_after=ACCOUNT_LIMIT.window)
    if not totp.accept_code(member, key, code, now):
        throttle.hit(session, clock, bucket, ACCOUNT_LIMIT)
        return Attempt(Outcome.REFUSED)
    session.delete(pending)
    record(
        session,
        clock,
        actor=f"staff:{member.id}",
        action="staff.signed_in",
        target=f"staff:{member.id}",
        details={"second_factor": True},
    )
    return Attempt(Outcome.SIGNED_IN, token=_open(session, clock, member, "full"))


def signed_in_member(session: Session, clock: Clock, token: str | None) -> StaffMember | None:
    """The member behind a session cookie, or None when it is unknown, expired or half-done.

    Needs a writing session: it slides the idle timeout and removes expired sessions.
    """
    if not token or len(token) > 100:
        return None
    found = session.get(StaffSession, _digest(token))
    if found is None or found.stage != "full":
        return None
    now = as_utc(clock.now())
    member = session.get(StaffMember, found.staff_id)
    idle = now - as_utc(found.last_seen_at) > IDLE_TIMEOUT
    aged = now - as_utc(found.created_at) > ABSOLUTE_TIMEOUT
    if idle or aged or member is None or member.is_disabled:
        session.delete(found)
        return None
    if now - as_utc(found.last_seen_at) > _TOUCH_EVERY:
        found.last_seen_at = now
    return member


def sign_out(session: Session, clock: Clock, token: str | None) -> None:
    if not token:
        return
    found = session.get(StaffSession, _digest(token))
    if found is not None:
        record(
            session,
            clock,
            actor=f"staff:{found.staff_id}",
            action="staff.signed_out",
            target=f"staff:{found.staff_id}",
        )
        session.delete(found)


def end_all_sessions(session: Session, staff_id: int) -> None:
    session.execute(delete(StaffSession).where(StaffSession.staff_id == staff_id))


def count_sessions(session: Session, staff_id: int) -> int:
    query = select(func.count()).select_from(StaffSession)
    return int(session.scalar(query.where(StaffSession.staff_id == staff_id)) or 0)
