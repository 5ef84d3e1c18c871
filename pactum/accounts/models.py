"""Staff members, their roles and what each role may do; sessions, API keys and rate buckets."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from pactum.db import Base


class Role(StrEnum):
    ADMINISTRATOR = "administrator"
    PRIVACY_OFFICER = "privacy_officer"
    SUPPORT_AGENT = "support_agent"  # only requests assigned to them, never a package's content
    AUDITOR = "auditor"  # read-only, with the audit log
    ENGINEER = "engineer"  # the inventory, without personal data


class Permission(StrEnum):
    """One thing a staff member may see or do; roles are sets of these (need to know)."""

    REQUESTS_ALL = "requests.all"  # every request, not only those assigned to the member
    REQUESTS_ASSIGNED = "requests.assigned"
    REQUESTS_DECIDE = "requests.decide"  # approve, decline, extend, run
    REQUESTS_HANDLE = "requests.handle"  # verify manually, confirm a manual step
    PACKAGES = "packages"  # download an access package's content
    CONSENT = "consent"
    INVENTORY = "inventory"
    METRICS = "metrics"
    AUDIT = "audit"
    STAFF = "staff"


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMINISTRATOR: frozenset(Permission),
    Role.PRIVACY_OFFICER: frozenset(Permission) - {Permission.STAFF},
    Role.SUPPORT_AGENT: frozenset(
        {Permission.REQUESTS_ASSIGNED, Permission.REQUESTS_HANDLE, Permission.CONSENT}
    ),
    Role.AUDITOR: frozenset(
        {
            Permission.REQUESTS_ALL,
            Permission.CONSENT,
            Permission.INVENTORY,
            Permission.METRICS,
            Permission.AUDIT,
        }
    ),
    Role.ENGINEER: frozenset({Permission.INVENTORY}),
}


def may(role: Role | str, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS.get(Role(role), frozenset())


class StaffMember(Base):
    __tablename__ = "staff_members"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(String(40))
    password_hash: Mapped[str] = mapped_column(String(200))
    totp_secret: Mapped[str | None] = mapped_column(String(200))  # sealed (Fernet)
    is_disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # The last TOTP time step accepted, so a code seen over a shoulder cannot be replayed.
    totp_last_step: Mapped[int | None] = mapped_column(Integer, default=None)


class StaffSession(Base):
    """A signed-in browser. The cookie holds a random token; only its SHA-256 is stored."""

    __tablename__ = "staff_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    staff_id: Mapped[int] = mapped_column(
        ForeignKey("staff_members.id", ondelete="CASCADE"), index=True
    )
    stage: Mapped[str] = mapped_column(String(10))  # "password" (TOTP still due) or "full"
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ApiKey(Base):
    """A staff member's key for the API. Shown once; stored as the SHA-256 of its secret."""

    __tablename__ = "staff_api_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    prefix: Mapped[str] = mapped_column(String(16), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(64))
    staff_id: Mapped[int] = mapped_column(
        ForeignKey("staff_members.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(100))
    scopes: Mapped[list[Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class RateBucket(Base):
    """Hits on one key (an address, an account, a form) in the current fixed window.

    In the database, not in a process's memory, so every `pactum serve` instance agrees.
    """

    __tablename__ = "rate_buckets"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    window_start: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    hits: Mapped[int] = mapped_column(Integer)


class StaffAssignment(Base):
    """A piece of work (e.g. `privacy_request:R…`) given to one staff member."""

    __tablename__ = "staff_assignments"

    target: Mapped[str] = mapped_column(String(200), primary_key=True)
    staff_id: Mapped[int] = mapped_column(
        ForeignKey("staff_members.id", ondelete="CASCADE"), index=True
    )
    assigned_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    assigned_by: Mapped[str] = mapped_column(String(200))
