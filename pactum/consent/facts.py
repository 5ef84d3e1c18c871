"""What the ledger knows for one purpose: a person's state, restriction, age, first collection."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, and_, func, select
from sqlalchemy.orm import Session

from pactum.clock import as_utc
from pactum.consent.models import (
    Channel,
    ConsentPerson,
    ConsentRestriction,
    ConsentStateRow,
    State,
)
from pactum.consent.rules import Facts, PolicyTimeline
from pactum.policy.models import PolicyVersion

_DECLARED: dict[str, frozenset[str]] = {}  # purposes per policy sha256: versions never change


def load_timeline(session: Session) -> PolicyTimeline:
    """Which purposes each published version declared (documents are read once per process)."""
    versions = session.execute(select(PolicyVersion.sha256, PolicyVersion.published_at)).all()
    missing = [sha for sha, _ in versions if sha not in _DECLARED]
    if missing:
        for sha, document in session.execute(
            select(PolicyVersion.sha256, PolicyVersion.document).where(
                PolicyVersion.sha256.in_(missing)
            )
        ):
            _DECLARED[sha] = frozenset(p["id"] for p in document["purposes"])
    return PolicyTimeline.of((as_utc(at), _DECLARED[sha]) for sha, at in versions)


def facts_query(purpose: str) -> Select[Any]:
    """The facts of the check for one purpose; add a WHERE on the identity hash or the person."""
    restricted = (
        select(func.min(ConsentRestriction.request_ref))
        .where(
            ConsentRestriction.person_id == ConsentPerson.id,
            ConsentRestriction.purpose == purpose,
            ConsentRestriction.lifted_at.is_(None),
        )
        .scalar_subquery()
    )
    return select(
        ConsentPerson.id,
        ConsentStateRow.state,
        ConsentStateRow.event_id,
        ConsentStateRow.channel,
        ConsentStateRow.at,
        restricted,
        ConsentPerson.birth_date,
        ConsentPerson.first_seen_at,
    ).outerjoin(
        ConsentStateRow,
        and_(ConsentStateRow.person_id == ConsentPerson.id, ConsentStateRow.purpose == purpose),
    )


def as_facts(row: Sequence[Any]) -> Facts:
    person, state, event, channel, at, restricted, born, first_seen = row[:8]
    return Facts(
        person_id=person,
        state=State(state) if state is not None else None,
        event_id=event,
        channel=Channel(channel) if channel is not None else None,
        state_at=as_utc(at) if at is not None else None,
        restricted_by=restricted,
        birth_date=born,
        first_seen_at=as_utc(first_seen),
    )
