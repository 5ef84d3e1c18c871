"""A request's steps in the database: which can run, starting and finishing one, counting them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from pactum.clock import Clock
from pactum.connectors.systems import ConnectorSet
from pactum.errors import Forbidden
from pactum.execution.footprint import Footprint
from pactum.execution.walk import locate
from pactum.identities import Identity
from pactum.inventory.document import Inventory
from pactum.inventory.service import current_inventory
from pactum.privacy_requests.connections import shared_connectors
from pactum.privacy_requests.models import PrivacyRequest, RequestStep, StepKind, StepStatus
from pactum.workspace import Workspace

FINISHING = "finish:"  # steps named so run only once every other step is done


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


class Execution:
    """One pass over a request: the workspace, and the inventory and connectors, opened lazily."""

    def __init__(self, workspace: Workspace, request_id: str) -> None:
        self.workspace = workspace
        self.request_id = request_id
        self.current: RequestStep | None = None
        self.finished: list[tuple[str, Outcome]] = []  # run, not yet recorded as done
        self.released = False  # the claim was given up by the pass's last transaction
        self._inventory: Inventory | None = None
        self._connectors: ConnectorSet | None = None
        self._footprint: Footprint | None = None

    @property
    def inventory(self) -> Inventory:
        if self._inventory is None:
            with self.workspace.reader()() as session:
                self._inventory = current_inventory(session)
        return self._inventory

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

    def request(self, session: Session) -> PrivacyRequest:
        found = session.get(PrivacyRequest, self.request_id)
        assert found is not None  # claimed by this worker: it exists
        return found

    def identities(self) -> list[Identity]:
        with self.workspace.reader()() as session:
            request = self.request(session)
            if request.identity_value is None:
                return []
            return [Identity(request.identity_kind, request.identity_value)]


def store(session: Session, request_id: str, specs: list[StepSpec]) -> None:
    for position, spec in enumerate(specs):
        is_staff = spec.kind is not StepKind.SYSTEM
        session.add(
            RequestStep(
                request_id=request_id, step_id=spec.step_id, position=position,
                kind=spec.kind.value, system=spec.system, description=spec.description,
                payload=spec.payload, attempts=0, rows=0, last_error=None,
                status=(StepStatus.WAITING if is_staff else StepStatus.PENDING).value,
            )
        )  # fmt: skip


def has_plan(session: Session, request_id: str) -> bool:
    query = select(func.count()).select_from(RequestStep)
    return bool(session.scalar(query.where(RequestStep.request_id == request_id)))


def runnable(workspace: Workspace, request_id: str) -> list[str]:
    """Pactum's own steps not yet done, in plan order; finishing steps only once all else is."""
    with workspace.reader()() as session:
        rows = session.execute(
            select(RequestStep.step_id, RequestStep.kind, RequestStep.status)
            .where(RequestStep.request_id == request_id)
            .order_by(RequestStep.position)
        ).all()
    work = [s for s, kind, status in rows if kind == StepKind.SYSTEM and status != StepStatus.DONE]
    others_left = any(
        status != StepStatus.DONE for s, _, status in rows if not s.startswith(FINISHING)
    )
    early = [s for s in work if not s.startswith(FINISHING)]
    return early if others_left else [s for s in work if s.startswith(FINISHING)]


def start(
    session: Session, request_id: str, step_ids: list[str], *, owner: str, lease_until: datetime
) -> list[RequestStep]:
    """Count an attempt of each step and renew the claim, or stop if another worker holds the
    request. The steps come back in the order asked."""
    renew(session, request_id, owner=owner, lease_until=lease_until)
    found = {
        step.step_id: step
        for step in session.scalars(
            select(RequestStep).where(
                RequestStep.request_id == request_id, RequestStep.step_id.in_(step_ids)
            )
        )
    }
    for step in found.values():
        step.attempts += 1
        step.status = StepStatus.RUNNING.value
    return [found[step_id] for step_id in step_ids]


def renew(session: Session, request_id: str, *, owner: str, lease_until: datetime) -> None:
    """Extend this worker's claim, or stop if another worker took the request over."""
    renewed = session.execute(
        update(PrivacyRequest)
        .where(PrivacyRequest.id == request_id, PrivacyRequest.lease_owner == owner)
        .values(lease_until=lease_until)
    )
    if getattr(renewed, "rowcount", 0) != 1:
        raise LeaseLost(request_id)


def finish(session: Session, clock: Clock, request_id: str, step_id: str, outcome: Outcome) -> None:
    step = session.get(RequestStep, (request_id, step_id))
    request = session.get(PrivacyRequest, request_id)
    assert step is not None and request is not None
    step.status = StepStatus.DONE.value
    step.rows = outcome.rows
    step.last_error = None
    step.finished_at = clock.now()
    if outcome.result:
        request.result = {**request.result, **outcome.result}
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


def waiting(session: Session, request_id: str) -> list[str]:
    return list(
        session.scalars(
            select(RequestStep.step_id)
            .where(RequestStep.request_id == request_id, RequestStep.status == StepStatus.WAITING)
            .order_by(RequestStep.position)
        )
    )
