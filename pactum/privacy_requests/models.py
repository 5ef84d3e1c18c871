"""Tables of privacy requests: the request, its timeline, its steps, its codes and download links."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pactum.db import Base


class Status(StrEnum):
    AWAITING_VERIFICATION = "awaiting_verification"
    VERIFIED = "verified"  # waiting for a staff member to approve or decline
    APPROVED = "approved"  # queued for execution
    RUNNING = "running"
    BLOCKED = "blocked"  # a connected system is down; the step is retried with back-off
    WAITING_FOR_STAFF = "waiting_for_staff"  # manual steps or recipient notices to confirm
    FAILED = "failed"  # stopped on an error a person must fix (e.g. the inventory is stale)
    COMPLETED = "completed"
    DECLINED = "declined"


OPEN = (
    Status.AWAITING_VERIFICATION,
    Status.VERIFIED,
    Status.APPROVED,
    Status.RUNNING,
    Status.BLOCKED,
    Status.WAITING_FOR_STAFF,
    Status.FAILED,
)
EXECUTING = (Status.APPROVED, Status.RUNNING, Status.BLOCKED)


class StepKind(StrEnum):
    SYSTEM = "system"  # run by Pactum through a connector
    MANUAL = "manual"  # a system without an API: a staff member does it and confirms
    RECIPIENT = "recipient"  # a recipient told of the change (GDPR art. 19), confirmed by staff


class StepStatus(StrEnum):
    PENDING = "pending"
    RUNNING = "running"
    DONE = "done"
    WAITING = "waiting"  # for a staff member's confirmation


class PrivacyRequest(Base):
    """One person's request. Identities are held in clear only until Pactum must forget them."""

    __tablename__ = "privacy_requests"

    id: Mapped[str] = mapped_column(String(20), primary_key=True)
    type: Mapped[str] = mapped_column(String(30), index=True)
    status: Mapped[str] = mapped_column(String(30), index=True)
    jurisdiction: Mapped[str] = mapped_column(String(120), index=True)
    channel: Mapped[str] = mapped_column(String(20))
    identity_kind: Mapped[str] = mapped_column(String(40))
    identity_value: Mapped[str | None] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(64))  # keyed hash of the identity
    requester: Mapped[dict[str, Any]] = mapped_column(JSON)  # self, or an agent / organization
    details: Mapped[dict[str, Any]] = mapped_column(JSON)  # corrections, purposes, ...
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    required_level: Mapped[str] = mapped_column(String(20))
    verified_level: Mapped[str | None] = mapped_column(String(20))
    verified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    acknowledge_due_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    acknowledge_explanation: Mapped[str] = mapped_column(Text, default="")
    due_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    due_explanation: Mapped[str] = mapped_column(Text)
    extended: Mapped[bool] = mapped_column(Boolean, default=False)
    repeat_proposed: Mapped[bool] = mapped_column(Boolean, default=False)
    proposed_ground: Mapped[str | None] = mapped_column(String(120))
    decline_ground: Mapped[str | None] = mapped_column(String(120))
    blocked_by: Mapped[str | None] = mapped_column(String(200))
    result: Mapped[dict[str, Any]] = mapped_column(JSON)
    lease_owner: Mapped[str | None] = mapped_column(String(100))
    lease_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    told_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    keep_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    forgotten_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    purged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class RequestEvent(Base):
    """One line of a request's timeline: who did what, when (the audit entry holds the proof)."""

    __tablename__ = "privacy_request_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[str] = mapped_column(
        ForeignKey("privacy_requests.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(60))
    note: Mapped[str] = mapped_column(Text, default="")
    audit_id: Mapped[int | None] = mapped_column(Integer)


class RequestStep(Base):
    """One idempotent step of a request's execution, in the engine's order, with its progress."""

    __tablename__ = "privacy_request_steps"

    request_id: Mapped[str] = mapped_column(
        ForeignKey("privacy_requests.id", ondelete="CASCADE"), primary_key=True
    )
    step_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    system: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)  # the engine's step, to run it again
    status: Mapped[str] = mapped_column(String(20), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    rows: Mapped[int] = mapped_column(Integer, default=0)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    confirmed_by: Mapped[str | None] = mapped_column(String(200))


class VerificationCode(Base):
    """A single-use code (and the link that carries it), stored as a keyed hash."""

    __tablename__ = "privacy_request_codes"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # the nonce the link names
    request_id: Mapped[str] = mapped_column(
        ForeignKey("privacy_requests.id", ondelete="CASCADE"), index=True
    )
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class PackageLink(Base):
    """A download of an access package, granted by one verification, usable once."""

    __tablename__ = "privacy_request_downloads"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    request_id: Mapped[str] = mapped_column(
        ForeignKey("privacy_requests.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


Index("ix_privacy_requests_subject_type", PrivacyRequest.subject, PrivacyRequest.type)
