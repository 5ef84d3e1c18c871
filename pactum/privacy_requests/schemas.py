"""Shapes of privacy requests that cross a boundary: the API, `--json`, job results."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from pactum.clock import as_utc

# Read back from SQLite, datetimes come without a zone; Pactum stores UTC, so say so.
Utc = Annotated[datetime, AfterValidator(as_utc)]


class Channel(StrEnum):
    """How the request reached us."""

    API = "api"  # the public API or the privacy center's form
    CLI = "cli"
    EMAIL = "email"  # typed in by a staff member
    PHONE = "phone"
    POST = "post"


class RequesterKind(StrEnum):
    SELF = "self"
    AGENT = "agent"  # an authorized agent acting for the person (11 CCR 7063)
    ORGANIZATION = "organization"  # an organization, for a user registered under it


class Requester(BaseModel):
    """Who made the request, when it is not the person themself."""

    model_config = ConfigDict(extra="forbid")

    kind: RequesterKind = RequesterKind.SELF
    name: str = Field(default="", max_length=200)
    contact: str = Field(default="", max_length=320)


class SubmitIn(BaseModel):
    """A new privacy request: exactly one of e-mail or phone identifies the person."""

    model_config = ConfigDict(extra="forbid")

    type: str = Field(max_length=40, description="access, confirm, correct, delete, ...")
    email: str | None = Field(default=None, max_length=320)
    phone: str | None = Field(default=None, max_length=40)
    jurisdiction: str | None = Field(default=None, max_length=120)
    region: str | None = Field(default=None, max_length=10, description="e.g. US-CA, DE")
    requester: Requester = Field(default_factory=Requester)
    changes: dict[str, str] = Field(
        default_factory=dict, description="For a correction: data category → the right value."
    )
    purposes: list[str] = Field(
        default_factory=list, description="For restrict, object, withdraw-consent: which purposes."
    )
    data_points: dict[str, str] = Field(
        default_factory=dict,
        description="Facts the company holds about the person (name, postal_code, street, city, "
        "phone, date_of_birth, customer_number), compared with its records where the policy "
        "asks for `matched` verification; two must match. Dropped once compared.",
    )


class StaffEntryIn(SubmitIn):
    """A request a staff member types in: it came by e-mail, phone or post."""

    channel: Channel = Channel.EMAIL
    received_at: datetime | None = None


class SubmittedOut(BaseModel):
    """The public answer: the same whether or not we hold anything about the person."""

    id: str
    status: str
    message: str


class CodeIn(BaseModel):
    code: str = Field(max_length=20)


class ReasonIn(BaseModel):
    reason: str = Field(max_length=2000)


class DecisionIn(BaseModel):
    ground: str = Field(max_length=120)
    reason: str = Field(max_length=2000)
    narrowed: bool = Field(default=False, description="Act on part of the request only.")


class ExtensionIn(BaseModel):
    reason: str = Field(max_length=2000)
    by: str | None = Field(default=None, description="At most the policy's extension.")


class RequestOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    type: str
    status: str
    jurisdiction: str
    channel: str
    identity_kind: str
    identity: str | None = Field(validation_alias="identity_value")
    subject: str
    requester: dict[str, Any]
    received_at: Utc
    required_level: str
    verified_level: str | None
    acknowledge_due_at: Utc | None
    due_at: Utc
    due_explanation: str
    extended: bool
    repeat_proposed: bool
    proposed_ground: str | None
    decline_ground: str | None
    blocked_by: str | None
    result: dict[str, Any]
    closed_at: Utc | None
    forgotten_at: Utc | None


class StepOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    step_id: str
    kind: str
    system: str
    description: str
    status: str
    attempts: int
    last_error: str | None
    rows: int
    finished_at: Utc | None
    confirmed_by: str | None
    instructions: str | None = Field(
        default=None, description="For a manual step: what the staff member does by hand."
    )


class EventOut(BaseModel):
    at: Utc
    actor: str
    action: str
    note: str = ""
    audit_id: int | None = None


class RequestDetail(BaseModel):
    """A request with its steps, its timeline (our events and the audit log) and its proof."""

    request: RequestOut
    steps: list[StepOut]
    timeline: list[EventOut]
    proof: dict[str, Any] | None


class RunOutcome(BaseModel):
    """What one execution pass did: the job's result, and what `run --wait` reports."""

    request_id: str
    status: str
    steps_done: int
    steps_total: int
    blocked_by: str | None = None
    retry_in: float | None = None
    message: str = ""
