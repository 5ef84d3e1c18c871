"""The delivery log: which state changes go to which downstream system, attempts, legal windows."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from sqlalchemy import insert, or_, select, update
from sqlalchemy.orm import Session

from pactum.business_days import add_business_days, holiday_calendar
from pactum.clock import as_utc
from pactum.consent.models import (
    ConsentDelivery,
    ConsentEvent,
    ConsentIdentity,
    DeliveryStatus,
    State,
)
from pactum.consent.schemas import DeliveryOut, DeliveryOutcome
from pactum.consent.webhooks import Attempt
from pactum.db import core
from pactum.inventory.document import Inventory
from pactum.inventory.service import find_current_inventory
from pactum.policy.document import Purpose

_INSERT_DELIVERIES = insert(ConsentDelivery).returning(
    ConsentDelivery.id, sort_by_parameter_order=True
)
FAILING_AFTER = 5  # attempts; the delivery is then reported, and still retried
_FIRST_RETRY, _LONGEST_WAIT = 10.0, 3600.0  # seconds


@dataclass(frozen=True)
class Target:
    system_id: str
    url: str
    secret_env: str
    purposes: frozenset[str]


def targets(session: Session) -> tuple[Target, ...]:
    """The systems with a webhook in the current inventory (validated once per version)."""
    inventory = find_current_inventory(session)
    if inventory is None:
        return ()
    found = _targets.get(id(inventory))
    if found is None or found[0] is not inventory:
        listed = tuple(
            Target(s.id, s.webhook.url, s.webhook.secret_env, frozenset(s.purposes))
            for s in inventory.systems
            if s.webhook is not None
        )
        found = _targets[id(inventory)] = (inventory, listed)
    return found[1]


# Per inventory version (each is parsed once and kept: inventory.service): every recorded choice
# asks. The inventory is kept beside its targets, so an id reused by a new object never matches.
_targets: dict[int, tuple[Inventory, tuple[Target, ...]]] = {}


def _business_days_later(start: datetime, count: int, calendar: str) -> datetime:
    """The same time of day, `count` business days of `calendar` ("US", "US-CA") later."""
    return datetime.combine(_nth_business_day(start.date(), count, calendar), start.timetz())


@lru_cache(maxsize=64)
def _nth_business_day(first: date, count: int, calendar: str) -> date:
    """Every opt-out of a day asks the same question (dates only, no one's data)."""
    return add_business_days(first, count, holiday_calendar(calendar))[0]


def legal_window(
    purpose: Purpose, state: State, start: datetime
) -> tuple[datetime | None, str | None]:
    """The deadline the law sets for honouring an opt-out downstream (the earliest that applies)."""
    if not state.is_opt_out:
        return None, None
    windows = []
    if purpose.sale_or_share:
        # Cal. Code Regs. tit. 11, 7026(f): act on a request to opt out within 15 business days.
        windows.append((_business_days_later(start, 15, "US-CA"), "California: 15 business days"))
    if purpose.marketing:
        # CAN-SPAM, 15 U.S.C. 7704(a)(4): honour an opt-out within 10 business days.
        windows.append((_business_days_later(start, 10, "US"), "CAN-SPAM: 10 business days"))
    if not windows:
        return None, None
    due, name = min(windows)
    return due, name


def create_deliveries(
    session: Session, *, event_id: int, purpose: Purpose, state: State, now: datetime
) -> list[int]:
    """One pending delivery per system listing the purpose, in the caller's transaction."""
    systems = [target for target in targets(session) if purpose.id in target.purposes]
    if not systems:
        return []
    due_by, window = legal_window(purpose, state, now)
    rows = [
        {
            "event_id": event_id,
            "system_id": target.system_id,
            "url": target.url,
            "secret_env": target.secret_env,
            "purpose": purpose.id,
            "state": state,
            "status": DeliveryStatus.PENDING,
            "attempts": 0,
            "created_at": now,
            "next_attempt_at": now,
            "due_by": due_by,
            "window": window,
        }
        for target in systems
    ]
    created = core(session).execute(_INSERT_DELIVERIES, rows)
    return list(created.scalars())


def claim(
    session: Session, delivery_id: int, now: datetime, lease: float
) -> ConsentDelivery | None:
    """Take the delivery for one attempt, unless it is done, not due, or another worker has it."""
    taken = session.execute(
        update(ConsentDelivery)
        .where(
            ConsentDelivery.id == delivery_id,
            ConsentDelivery.status != DeliveryStatus.DELIVERED,
            ConsentDelivery.next_attempt_at <= now,
            or_(ConsentDelivery.claimed_until.is_(None), ConsentDelivery.claimed_until < now),
        )
        .values(claimed_until=now + timedelta(seconds=lease))
    )
    if taken.rowcount != 1:  # type: ignore[attr-defined]  # CursorResult of an UPDATE
        return None
    return session.get(ConsentDelivery, delivery_id)


def payload(session: Session, delivery: ConsentDelivery) -> bytes:
    """The change, with every identity the person has now (links made since are included)."""
    event = session.get_one(ConsentEvent, delivery.event_id)
    owner = select(ConsentIdentity.person_id).where(ConsentIdentity.id == event.identity_id)
    identities = session.execute(
        select(ConsentIdentity.kind, ConsentIdentity.value, ConsentIdentity.hash)
        .where(ConsentIdentity.person_id == owner.scalar_subquery())
        .order_by(ConsentIdentity.id)
    ).all()
    body = {
        "delivery": delivery.id,
        "event": event.id,
        "purpose": event.purpose,
        "state": event.state,
        "channel": event.channel,
        "at": as_utc(event.at).isoformat(),
        "policy_version": event.policy_version,
        "identities": [{"kind": k, "value": v, "hash": h} for k, v, h in identities],
    }
    return json.dumps(body, separators=(",", ":"), sort_keys=True).encode()


def retry_delay(attempts: int) -> float:
    return float(min(_FIRST_RETRY * 2.0 ** max(attempts - 1, 0), _LONGEST_WAIT))


def record_attempt(
    session: Session, delivery_id: int, attempt: Attempt, now: datetime
) -> DeliveryOutcome:
    delivery = session.get_one(ConsentDelivery, delivery_id)
    delivery.attempts += 1
    delivery.last_attempt_at = now
    delivery.claimed_until = None
    if attempt.ok:
        delivery.status = DeliveryStatus.DELIVERED
        delivery.delivered_at = now
        delivery.last_error = None
        return DeliveryOutcome(delivery_id=delivery_id, delivered=True, attempted=True)
    wait = retry_delay(delivery.attempts)
    delivery.last_error = (attempt.error or "failed")[:500]
    delivery.next_attempt_at = now + timedelta(seconds=wait)
    failing = delivery.attempts >= FAILING_AFTER
    delivery.status = DeliveryStatus.FAILING if failing else DeliveryStatus.PENDING
    return DeliveryOutcome(
        delivery_id=delivery_id,
        delivered=False,
        attempted=True,
        retry_in=wait,
        error=delivery.last_error,
    )


def due_deliveries(session: Session, now: datetime, *, grace: timedelta) -> list[int]:
    """Deliveries whose attempt is overdue by `grace`: their queue entry was lost; enqueue again."""
    return list(
        session.scalars(
            select(ConsentDelivery.id)
            .where(
                ConsentDelivery.status != DeliveryStatus.DELIVERED,
                ConsentDelivery.next_attempt_at <= now - grace,
                or_(ConsentDelivery.claimed_until.is_(None), ConsentDelivery.claimed_until < now),
            )
            .order_by(ConsentDelivery.id)
            .limit(10_000)
        )
    )


def list_deliveries(
    session: Session, now: datetime, *, failing_only: bool = False, limit: int = 200
) -> list[DeliveryOut]:
    query = select(ConsentDelivery).order_by(ConsentDelivery.id.desc()).limit(limit)
    if failing_only:
        query = query.where(ConsentDelivery.status == DeliveryStatus.FAILING)
    return [DeliveryOut.of(d, as_utc(now), as_utc(d.created_at)) for d in session.scalars(query)]
