"""API keys with scopes: shown once, stored as a hash, checked on every `Authorization: Bearer`."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from pactum.accounts.models import ApiKey, Permission, StaffMember, may
from pactum.audit.service import record
from pactum.clock import Clock
from pactum.errors import Forbidden, Invalid, NotFound

_PREFIX = "pk_"

# Each scope and the permission a member's role needs before a key can carry it.
SCOPES: dict[str, Permission] = {
    "requests:read": Permission.REQUESTS_ALL,
    "requests:write": Permission.REQUESTS_DECIDE,
    "consent:read": Permission.CONSENT,
    "consent:write": Permission.CONSENT,
    "inventory:read": Permission.INVENTORY,
    "metrics:read": Permission.METRICS,
    "audit:read": Permission.AUDIT,
}


@dataclass(frozen=True)
class Caller:
    """Who is calling the API, and with which scopes."""

    staff_id: int
    key_id: int
    scopes: frozenset[str]

    @property
    def actor(self) -> str:
        return f"staff:{self.staff_id}:key:{self.key_id}"

    def has(self, scope: str) -> bool:
        return scope in self.scopes


def _digest(secret: str) -> str:
    # The secret is 32 random bytes: a fast hash is enough (nothing to brute-force), and it
    # keeps every API call from paying for argon2.
    return hashlib.sha256(secret.encode()).hexdigest()


def create_key(
    session: Session, clock: Clock, *, email: str, name: str, scopes: list[str], actor: str
) -> tuple[ApiKey, str]:
    """A new key for a member; returns it with the full token, which is never shown again."""
    member = session.scalar(select(StaffMember).where(StaffMember.email == email.strip().lower()))
    if member is None or member.is_disabled:
        raise NotFound(f"no active staff member with e-mail {email}", fix="see `pactum staff list`")
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown or not scopes:
        raise Invalid(
            f"unknown or missing scopes: {', '.join(unknown) or 'none given'}",
            where="scope",
            fix=f"choose from {', '.join(SCOPES)}",
        )
    beyond = sorted(s for s in scopes if not may(member.role, SCOPES[s]))
    if beyond:
        raise Forbidden(
            f"a {member.role} may not hold {', '.join(beyond)}",
            fix="give only scopes the member's role allows",
        )
    prefix = f"{_PREFIX}{secrets.token_hex(6)}"
    token = f"{prefix}_{secrets.token_urlsafe(32)}"
    key = ApiKey(
        prefix=prefix,
        secret_hash=_digest(token),
        staff_id=member.id,
        name=name,
        scopes=sorted(set(scopes)),
        created_at=clock.now(),
        last_used_at=None,
        revoked_at=None,
    )
    session.add(key)
    session.flush()
    record(
        session,
        clock,
        actor=actor,
        action="staff.key_created",
        target=f"key:{key.id}",
        details={"staff": member.id, "scopes": key.scopes},
    )
    return key, token


def list_keys(session: Session) -> list[tuple[ApiKey, StaffMember]]:
    query = select(ApiKey, StaffMember).join(StaffMember, StaffMember.id == ApiKey.staff_id)
    return [(row[0], row[1]) for row in session.execute(query.order_by(ApiKey.id))]


def revoke_key(session: Session, clock: Clock, *, prefix: str, actor: str) -> ApiKey:
    key = session.scalar(select(ApiKey).where(ApiKey.prefix == prefix))
    if key is None:
        raise NotFound(f"no API key {prefix}", fix="see `pactum staff key list`")
    if key.revoked_at is None:
        key.revoked_at = clock.now()
        record(session, clock, actor=actor, action="staff.key_revoked", target=f"key:{key.id}")
    return key


def authenticate(session: Session, clock: Clock, token: str) -> Caller | None:
    """The caller behind a bearer token, or None: unknown, revoked, or its member disabled."""
    parts = token.strip().split("_", 2)
    if len(parts) != 3 or f"{parts[0]}_" != _PREFIX or not parts[2] or len(token) > 200:
        return None
    prefix = f"{parts[0]}_{parts[1]}"
    key = session.scalar(select(ApiKey).where(ApiKey.prefix == prefix))
    expected = key.secret_hash if key is not None else _digest("absent")
    if not hmac.compare_digest(expected, _digest(token.strip())) or key is None:
        return None
    member = session.get(StaffMember, key.staff_id)
    if key.revoked_at is not None or member is None or member.is_disabled:
        return None
    key.last_used_at = clock.now()
    allowed = frozenset(s for s in key.scopes if s in SCOPES and may(member.role, SCOPES[s]))
    return Caller(staff_id=member.id, key_id=key.id, scopes=allowed)
