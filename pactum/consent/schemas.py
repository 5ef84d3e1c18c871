"""Shapes of consent that cross a boundary: the decision, events, states, deliveries, API bodies."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from pactum.clock import as_utc
from pactum.consent.models import Channel, ConsentDelivery, ConsentEvent, DeliveryStatus, State


class Decision(BaseModel):
    """The answer of the check: may this purpose be applied to this person now, and why."""

    model_config = ConfigDict(frozen=True)

    allowed: bool
    rule: str = Field(description="The rule that decided: consent, objection, transactional, ...")
    reason: str
    event_id: int | None = Field(default=None, description="The ledger event the rule relied on.")


class EventOut(BaseModel):
    id: int
    identity_kind: str
    purpose: str
    state: State
    channel: Channel
    policy_version: int | None
    at: datetime
    recorded_at: datetime
    evidence_sha256: str | None
    client_network: str | None
    user_agent: str | None
    reference: str | None
    actor: str
    note: str

    @classmethod
    def of(cls, event: ConsentEvent) -> EventOut:
        shown = cls.model_validate(event, from_attributes=True)
        return shown.model_copy(
            update={"at": as_utc(event.at), "recorded_at": as_utc(event.recorded_at)}
        )


class StateOut(BaseModel):
    purpose: str
    state: State
    since: datetime
    channel: Channel
    event_id: int


class History(BaseModel):
    """Everything the ledger holds about one person (their identities joined)."""

    identities: list[str]
    events: list[EventOut]
    states: list[StateOut]
    restrictions: list[str] = Field(description="Purposes restricted by a privacy request.")
    do_not_reask_until: datetime | None


class ExportRow(BaseModel):
    identities: str = Field(
        description="kind:value pairs joined by ';' (erased ones as kind:#hash)"
    )
    purpose: str
    state: State
    since: datetime
    channel: Channel
    event_id: int


class DeliveryOut(BaseModel):
    id: int
    event_id: int
    system: str
    purpose: str
    state: State
    status: DeliveryStatus
    attempts: int
    last_error: str | None
    created_at: datetime
    age_seconds: float
    due_by: datetime | None
    window: str | None
    overdue: bool

    @classmethod
    def of(cls, delivery: ConsentDelivery, now: datetime, created_at: datetime) -> DeliveryOut:
        due_by = as_utc(delivery.due_by) if delivery.due_by else None
        finished = as_utc(delivery.delivered_at) if delivery.delivered_at else now
        return cls(
            id=delivery.id,
            event_id=delivery.event_id,
            system=delivery.system_id,
            purpose=delivery.purpose,
            state=delivery.state,
            status=delivery.status,
            attempts=delivery.attempts,
            last_error=delivery.last_error,
            created_at=created_at,
            age_seconds=round((finished - created_at).total_seconds(), 3),
            due_by=due_by,
            window=delivery.window,
            overdue=due_by is not None and finished > due_by,
        )


class DeliveryOutcome(BaseModel):
    """What one delivery attempt did; `retry_in` (seconds) when it should be tried again."""

    delivery_id: int
    delivered: bool
    attempted: bool
    retry_in: float | None = None
    error: str | None = None


class RowProblem(BaseModel):
    line: int
    reason: str


class ImportReport(BaseModel):
    rows: int
    imported: int
    skipped: int = Field(description="Already imported, or a newer choice is on record.")
    rejected: list[RowProblem]


class IdentityIn(BaseModel):
    kind: str = Field(pattern=r"^(email|phone|customer_id|cookie_id)$")
    value: str = Field(max_length=320)


class EventIn(BaseModel):
    """A choice recorded through the API (by the company's systems, on the person's behalf)."""

    identity: IdentityIn
    purpose: str = Field(max_length=120)
    state: State
    channel: Channel = Channel.API
    evidence_text: str | None = Field(
        default=None,
        max_length=100_000,
        description="The text or form shown; only its hash is kept.",
    )
    client_address: str | None = Field(
        default=None, max_length=64, description="The person's address (kept as its /24 or /48)."
    )
    user_agent: str | None = Field(default=None, max_length=1000, description="The person's.")
    note: str = Field(default="", max_length=500)


class LinkIn(BaseModel):
    identities: list[IdentityIn] = Field(min_length=2, max_length=10)


class BatchIn(BaseModel):
    purpose: str = Field(max_length=120)
    kind: str = Field(default="email", pattern=r"^(email|phone|customer_id|cookie_id)$")
    values: list[str] = Field(max_length=200_000)


class BatchOut(BaseModel):
    purpose: str
    allowed: list[str]
    refused: int
    invalid: list[int] = Field(description="Positions (0-based) of values that are not identities.")


class BannerIn(BaseModel):
    cookie_id: str = Field(pattern=r"^[A-Za-z0-9_-]{16,64}$")
    choices: dict[str, bool]
    policy_version: int | None = None
