"""A request's steps in the database: which can run, starting and finishing one, counting them."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from pactum.clock import Clock, as_utc
from pactum.connectors.systems import ConnectorSet
from pactum.db import core
from pactum.errors import Forbidden
from pactum.execution.footprint import Footprint
from pactum.execution.walk import locate
from pactum.identities import Identity
from pactum.inventory.document import Inventory
from pactum.inventory.service import current_inventory
from pactum.policy.document import Policy
from pactum.policy.service import current_policy
from pactum.privacy_requests.connections import shared_connectors
from pactum.privacy_requests.models import PrivacyRequest, RequestStep, StepKind, StepStatus
from pactum.workspace import Workspace

FINISHING = "finish:"  # steps named so run only once every other step is done
# A worker renews its claim with each group of steps; a claim not renewed for this long is taken
# over (the worker crashed). Steps are short batches, so this is many times a group's length.
LEASE = timedelta(seconds=10)


class LeaseLost(Exception):
    """Another worker took the request over (this one was too slow to renew its claim)."""


class StricterVerification(Forbidden):
    """The data turned out to need a higher verification level than the request reached."""

    def __init__(self, what: str, *, level: str) -> None:
        super().__init__(what, fix="a staff member verifies the person at that level")
        self.level = level


@dataclass(frozen=True)
class StepSpec:
    """A step as planned, before it is stored."""

    step_id: str
    kind: StepKind
    system: str
    description: str
    payload: dict[str, Any]


@dataclass
class Outcome:
    """What a step did: rows touched, and what it adds to the request's result."""

    rows: int = 0
    result: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Claimed:
    """The request as the pass found it when it claimed it: what the pass reads. Changes go
    through `Execution.request(session)` in a transaction."""

    id: str
    type: str
    jurisdiction: str
    channel: str
    identity_kind: str
    identity_value: str | None
    subject: str  # the keyed hash of the identity
    details: dict[str, Any]
    received_at: datetime
    required_level: str
    verified_level: str | None


@dataclass
class StepRecord:
    """A planned step as a pass holds it: read once under the claim, kept current by the pass."""

    step_id: str
    position: int
    kind: str
    system: str
    description: str
    payload: dict[str, Any]
    status: str
    attempts: int


class Execution:
    """One pass over a request: what it claimed, its steps, and the inventory, policy and
    connectors, each read at most once per pass."""

    def __init__(self, workspace: Workspace, request_id: str) -> None:
        self.workspace = workspace
        self.request_id = request_id
        self.claimed: Claimed | None = None  # set by the claim
        self.steps: list[StepRecord] = []  # the plan, in order (empty until planned)
        self.started: list[StepRecord] = []  # the group the last transaction started
        self.current: StepRecord | None = None
        self.finished: list[tuple[StepRecord, Outcome]] = []  # run, not yet recorded as done
        self.released = False  # the claim was given up by the pass's last transaction
        self._inventory: Inventory | None = None
        self._policy: Policy | None = None
        self._connectors: ConnectorSet | None = None
        self._footprint: Footprint | None = None

    @property
    def inventory(self) -> Inventory:
        if self._inventory is None:
            with self.workspace.reader()() as session:
                self._inventory = current_inventory(session)
        return self._inventory

    @property
    def policy(self) -> Policy:
        """The policy in force when the pass first asked (a pass lasts a fraction of a second)."""
        if self._policy is None:
            with self.workspace.reader()() as session:
                self._policy = current_policy(session)
        return self._policy

    @property
    def connectors(self) -> ConnectorSet:
        if self._connectors is None:
            self._connectors = shared_connectors(self.inventory)
        return self._connectors

    @property
    def footprint(self) -> Footprint:
        """Where the person's data is, found once per pass from their verified identity."""
        if self._footprint is None:
            self._footprint = locate(self.inventory, self.identities(), self.connectors)
        return self._footprint

    @property
    def walked(self) -> Footprint | None:
        """The footprint if this pass already located the person, without walking for it."""
        return self._footprint

    @property
    def view(self) -> Claimed:
        assert self.claimed is not None  # every pass starts with its claim
        return self.claimed

    def request(self, session: Session) -> PrivacyRequest:
        found = session.get(PrivacyRequest, self.request_id)
        assert found is not None  # claimed by this worker: it exists
        return found

    def identities(self) -> list[Identity]:
        view = self.view
        if view.identity_value is None:
            return []
        return [Identity(view.identity_kind, view.identity_value)]


# Core statements built once, run on the session's connection: a pass's bookkeeping is a few
# short statements, and the ORM's handling of each cost several times the statement itself.
_CLAIMED = select(*(getattr(PrivacyRequest, f.name) for f in fields(Claimed))).where(
    PrivacyRequest.id == bindparam("b_request")
)
_STEPS = (
    select(*(getattr(RequestStep, f.name) for f in fields(StepRecord)))
    .where(RequestStep.request_id == bindparam("b_request"))
    .order_by(RequestStep.position)
)
_STATUSES = select(RequestStep.step_id, RequestStep.status).where(
    RequestStep.request_id == bindparam("b_request")
)
_START = (
    update(RequestStep)
    .where(RequestStep.request_id == bindparam("b_request"))
    .where(RequestStep.step_id == bindparam("b_step"))
    .values(attempts=RequestStep.attempts + 1, status=StepStatus.RUNNING.value)
)
_DONE = (
    update(RequestStep)
    .where(RequestStep.request_id == bindparam("b_request"))
    .where(RequestStep.step_id == bindparam("b_step"))
    .values(status=StepStatus.DONE.value, rows=bindparam("b_rows"), last_error=None,
            finished_at=bindparam("b_at"))
)  # fmt: skip
_RENEW = (
    update(PrivacyRequest)
    .where(PrivacyRequest.id == bindparam("b_request"))
    .where(PrivacyRequest.lease_owner == bindparam("b_owner"))
    .values(lease_until=bindparam("b_until"))
)


_RECORD_FIELDS = [f.name for f in fields(StepRecord)]  # (asdict would copy every payload deeply)


def claimed(session: Session, request_id: str) -> Claimed:
    row = core(session).execute(_CLAIMED, {"b_request": request_id}).one()
    return Claimed(*row)


def load(session: Session, request_id: str) -> list[StepRecord]:
    """The request's plan, in order; empty if it has none yet."""
    rows = core(session).execute(_STEPS, {"b_request": request_id})
    return [StepRecord(*row) for row in rows]


def refresh(session: Session, request_id: str, records: list[StepRecord]) -> None:
    """Statuses as they are now: a staff member may have confirmed a step meanwhile."""
    now = dict(core(session).execute(_STATUSES, {"b_request": request_id}).all())
    for record in records:
        record.status = now.get(record.step_id, record.status)


def store(session: Session, request_id: str, specs: list[StepSpec]) -> list[StepRecord]:
    records = [
        StepRecord(
            step_id=spec.step_id, position=position, kind=spec.kind.value, system=spec.system,
            description=spec.description, payload=spec.payload, attempts=0,
            status=(StepStatus.PENDING if spec.kind is StepKind.SYSTEM else StepStatus.WAITING).value,
        )
        for position, spec in enumerate(specs)
    ]  # fmt: skip
    rows = [{"request_id": request_id, "rows": 0, "last_error": None, "finished_at": None,
             "confirmed_by": None, **{f: getattr(r, f) for f in _RECORD_FIELDS}}
            for r in records]  # fmt: skip
    if rows:
        core(session).execute(insert(RequestStep), rows)
    return records


def next_group(records: list[StepRecord], size: int) -> list[StepRecord]:
    """Up to `size` of Pactum's own steps not yet done, in plan order; finishing steps only
    once every other step is done."""
    work = [r for r in records if r.kind == StepKind.SYSTEM and r.status != StepStatus.DONE]
    others_left = any(
        r.status != StepStatus.DONE for r in records if not r.step_id.startswith(FINISHING)
    )
    early = [r for r in work if not r.step_id.startswith(FINISHING)]
    return (early if others_left else [r for r in work if r.step_id.startswith(FINISHING)])[:size]


def start(session: Session, request_id: str, group: list[StepRecord]) -> None:
    """Count an attempt of each step of the group, committed before any of them runs."""
    if not group:
        return
    core(session).execute(_START, [{"b_request": request_id, "b_step": r.step_id} for r in group])
    for record in group:
        record.attempts += 1
        record.status = StepStatus.RUNNING.value


def lease_end(clock: Clock) -> datetime:
    return as_utc(clock.now()) + LEASE


def renew(session: Session, request_id: str, *, owner: str, lease_until: datetime) -> None:
    """Extend this worker's claim, or stop if another worker took the request over."""
    renewed = core(session).execute(
        _RENEW, {"b_request": request_id, "b_owner": owner, "b_until": lease_until}
    )
    if renewed.rowcount != 1:
        raise LeaseLost(request_id)


def finish(
    session: Session,
    clock: Clock,
    request: PrivacyRequest,
    done: list[tuple[StepRecord, Outcome]],
) -> None:
    """Record steps done, and what they add to the request's result."""
    if not done:
        return
    at = clock.now()
    core(session).execute(
        _DONE,
        [{"b_request": request.id, "b_step": r.step_id, "b_rows": o.rows, "b_at": at}
         for r, o in done],
    )  # fmt: skip
    for record, _ in done:
        record.status = StepStatus.DONE.value
    added = {k: v for _, outcome in done for k, v in outcome.result.items()}
    if added:
        request.result = {**request.result, **added}
    if request.blocked_by is not None:
        request.blocked_by = None
        request.status = "running"


def fail(session: Session, request_id: str, step_id: str, error: str) -> int:
    """Put a step back to pending with its error; returns how many times it was tried."""
    step = session.get(RequestStep, (request_id, step_id))
    if step is None:
        return 1
    step.status = StepStatus.PENDING.value
    step.last_error = error[:2000]
    return max(1, step.attempts)


def count(session: Session, request_id: str) -> tuple[int, int]:
    """Steps done, and steps in all."""
    rows = session.execute(
        select(RequestStep.status, func.count())
        .where(RequestStep.request_id == request_id)
        .group_by(RequestStep.status)
    ).all()
    total = sum(n for _, n in rows)
    return sum(n for status, n in rows if status == StepStatus.DONE), total
