"""The ledger: recording a choice with the current state in one transaction; joining people."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, bindparam, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from pactum.audit.service import record
from pactum.clock import Clock, as_utc
from pactum.consent.deliveries import create_deliveries
from pactum.consent.models import (
    Channel,
    ConsentEvent,
    ConsentIdentity,
    ConsentPerson,
    ConsentStateRow,
    State,
)
from pactum.consent.people import Subject, create_person, resolve
from pactum.db import core
from pactum.errors import Invalid
from pactum.policy.document import Policy, Purpose
from pactum.policy.models import PolicyVersion
from pactum.prepared import Prepared


def truncate_address(address: str | None) -> str | None:
    """The network of a client address (IPv4 /24, IPv6 /48): evidence, without pointing at a host."""
    if not address:
        return None
    try:
        parsed = ipaddress.ip_address(address.strip())
    except ValueError:
        return None
    prefix = 24 if parsed.version == 4 else 48
    return str(ipaddress.ip_network(f"{parsed}/{prefix}", strict=False))


@dataclass(frozen=True)
class Evidence:
    """What the person saw and where from: the text is kept only as its SHA-256."""

    text_sha256: str | None = None
    client_address: str | None = None
    user_agent: str | None = None


@dataclass(frozen=True)
class Choice:
    purpose: str
    state: State
    channel: Channel
    actor: str = "person"
    evidence: Evidence = field(default_factory=Evidence)
    at: datetime | None = None  # when the person chose; default now (imports give the past)
    reference: str | None = None  # the token, import line or request it came from
    note: str = ""
    # Staff and systems acting for the person go into the audit chain too; a person's own
    # choices are evidenced by the append-only ledger alone (docs/decisions/0010).
    audited: bool | None = None

    @property
    def is_audited(self) -> bool:
        return self.audited if self.audited is not None else not self.actor.startswith("person")


@dataclass(frozen=True)
class Recorded:
    event_id: int
    person_id: int
    previous: State | None
    state: State
    deliveries: list[int]

    @property
    def changed(self) -> bool:
        return self.previous is not self.state


_VERSION_IN_FORCE = select(func.max(PolicyVersion.id)).where(
    PolicyVersion.published_at <= bindparam("at", type_=PolicyVersion.published_at.type)
)
# The identity, its person (locked for this write), whether the person was first seen after this
# choice (an import of the past), and the current state: one statement.
_LOCATE = Prepared(
    select(
        ConsentIdentity.id,
        ConsentIdentity.person_id,
        ConsentIdentity.value.is_(None),
        ConsentPerson.merged_into,
        ConsentPerson.first_seen_at > bindparam("at", type_=ConsentPerson.first_seen_at.type),
        ConsentStateRow.state,
    )
    .join(ConsentPerson, ConsentPerson.id == ConsentIdentity.person_id)
    .outerjoin(
        ConsentStateRow,
        and_(
            ConsentStateRow.person_id == ConsentPerson.id,
            ConsentStateRow.purpose == bindparam("purpose"),
        ),
    )
    .where(ConsentIdentity.hash == bindparam("hash"))
    .with_for_update(of=ConsentPerson)
)
_EVENT_COLUMNS = (
    "identity_id",
    "identity_kind",
    "identity_hash",
    "purpose",
    "state",
    "channel",
    "at",
    "recorded_at",
    "evidence_sha256",
    "client_network",
    "user_agent",
    "reference",
    "actor",
    "note",
)
# The policy version in force when the person chose is looked up inside the insert.
_INSERT_EVENT = Prepared(
    insert(ConsentEvent)
    .values(
        {
            **{
                name: bindparam(name, type_=ConsentEvent.__table__.c[name].type)
                for name in _EVENT_COLUMNS
            },
            "policy_version": _VERSION_IN_FORCE.scalar_subquery(),
        }
    )
    .returning(ConsentEvent.id)
)
_SET_VALUE = Prepared(
    update(ConsentIdentity)
    .where(ConsentIdentity.id == bindparam("id"))
    .values(value=bindparam("value"))
)
_SET_FIRST_SEEN = Prepared(
    update(ConsentPerson)
    .where(ConsentPerson.id == bindparam("id"))
    .values(first_seen_at=bindparam("at", type_=ConsentPerson.first_seen_at.type))
)
_STATE_COLUMNS = ("person_id", "purpose", "state", "event_id", "channel", "at")


def _upsert(dialect: Any) -> Prepared:
    statement = dialect.insert(ConsentStateRow).values(
        {
            name: bindparam(name, type_=ConsentStateRow.__table__.c[name].type)
            for name in _STATE_COLUMNS
        }
    )
    excluded = statement.excluded
    return Prepared(
        statement.on_conflict_do_update(
            index_elements=["person_id", "purpose"],
            set_={
                "state": excluded.state,
                "event_id": excluded.event_id,
                "channel": excluded.channel,
                "at": excluded.at,
            },
            where=ConsentStateRow.event_id < excluded.event_id,
        )
    )


# Built once: statements are the hot path's cost (a choice is recorded in a few hundred µs).
_UPSERT_STATE = {"sqlite": _upsert(sqlite), "postgresql": _upsert(postgresql)}


def upsert_state(
    session: Session,
    *,
    person_id: int,
    purpose: str,
    state: State,
    event_id: int,
    channel: Channel,
    at: datetime,
) -> None:
    """Set the current state unless a later event (by id) already set it: commit order is free."""
    connection = core(session)
    _UPSERT_STATE[connection.dialect.name].execute(
        connection,
        {
            "person_id": person_id,
            "purpose": purpose,
            "state": str(state),
            "event_id": event_id,
            "channel": str(channel),
            "at": at,
        },
    )


def _purpose(policy: Policy, purpose_id: str) -> Purpose:
    purpose = policy.purpose(purpose_id)
    if purpose is None:
        raise Invalid(
            f"{purpose_id!r} is not a purpose of the policy in force",
            where="purpose",
            fix=f"use one of: {', '.join(p.id for p in policy.purposes)}",
        )
    if purpose.transactional:
        raise Invalid(
            f"{purpose.id!r} is transactional: there is no choice to record",
            where="purpose",
            fix="transactional messages are required by the service and cannot be opted out of",
        )
    return purpose


def _locate(
    connection: Connection, session: Session, subject: Subject, purpose: str, at: datetime
) -> Any:
    """The identity's row, its person locked, and the current state (creating what is new)."""
    params = {"hash": subject.hash, "purpose": purpose, "at": at}
    found = _LOCATE.execute(connection, params).fetchone()
    if found is None and (made := create_person(connection, subject, at)) is not None:
        # Just created: its value is the subject's, first seen now, no state yet.
        return (made[0], made[1], False, None, False, None)
    if found is None or found[3] is not None:
        resolve(session, subject, at=at)  # creates the person, or follows a merge
        session.flush()
        found = _LOCATE.execute(connection, params).fetchone()
    identity_id, person_id, value_erased, _, seen_later, _ = found
    if value_erased and subject.value is not None:
        _SET_VALUE.execute(connection, {"id": identity_id, "value": subject.value})
    if seen_later:
        _SET_FIRST_SEEN.execute(connection, {"id": person_id, "at": at})
    return found


def record_choice(
    session: Session, clock: Clock, policy: Policy, subject: Subject, choice: Choice
) -> Recorded:
    """Append one event, bring the current state up to date, and queue its deliveries."""
    purpose = _purpose(policy, choice.purpose)
    now = as_utc(clock.now())
    at = as_utc(choice.at) if choice.at else now
    connection = core(session)
    identity_id, person_id, _, _, _, previous = _locate(
        connection, session, subject, purpose.id, at
    )
    event_id = _INSERT_EVENT.execute(
        connection,
        {
            "identity_id": identity_id,
            "identity_kind": subject.kind,
            "identity_hash": subject.hash,
            "purpose": purpose.id,
            "state": choice.state.value,
            "channel": choice.channel.value,
            "at": at,
            "recorded_at": now,
            "evidence_sha256": choice.evidence.text_sha256,
            "client_network": truncate_address(choice.evidence.client_address),
            "user_agent": (choice.evidence.user_agent or "")[:300] or None,
            "reference": choice.reference,
            "actor": choice.actor,
            "note": choice.note[:500],
        },
    ).fetchone()[0]
    upsert_state(
        session,
        person_id=person_id,
        purpose=purpose.id,
        state=choice.state,
        event_id=event_id,
        channel=choice.channel,
        at=at,
    )
    before = State(previous) if previous is not None else None
    deliveries = []
    if before is not choice.state:
        deliveries = create_deliveries(
            session, event_id=event_id, purpose=purpose, state=choice.state, now=now
        )
    if choice.is_audited:
        record(
            session,
            clock,
            actor=choice.actor,
            action="consent.recorded",
            target=f"consent:{event_id}",
            subject=subject.hash,
            details={
                "purpose": purpose.id,
                "state": choice.state.value,
                "channel": choice.channel.value,
            },
        )
    return Recorded(event_id, person_id, before, choice.state, deliveries)
