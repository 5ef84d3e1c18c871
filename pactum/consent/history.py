"""What the ledger tells about a person (their events, states, restrictions) and the export of states."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from pactum.clock import as_utc
from pactum.consent.models import (
    ConsentEvent,
    ConsentIdentity,
    ConsentPerson,
    ConsentRestriction,
    ConsentStateRow,
)
from pactum.consent.people import find_person, hasher
from pactum.consent.schemas import EventOut, ExportRow, History, StateOut
from pactum.errors import NotFound
from pactum.identities import Identity


def history(session: Session, identity: Identity, *, key: bytes) -> History:
    """Every event of the person (all their linked identities), oldest first, and their states."""
    person_id = find_person(session, hasher(key)(identity))
    if person_id is None:
        raise NotFound(f"no consent is recorded for {identity.kind} {identity.value}")
    identities = session.execute(
        select(
            ConsentIdentity.id, ConsentIdentity.kind, ConsentIdentity.value, ConsentIdentity.hash
        )
        .where(ConsentIdentity.person_id == person_id)
        .order_by(ConsentIdentity.id)
    ).all()
    events = session.scalars(
        select(ConsentEvent)
        .where(ConsentEvent.identity_id.in_([i.id for i in identities]))
        .order_by(ConsentEvent.id)
    )
    person = session.get_one(ConsentPerson, person_id)
    return History(
        identities=[_shown(kind, value, digest) for _, kind, value, digest in identities],
        events=[EventOut.of(e) for e in events],
        states=states_of(session, person_id),
        restrictions=sorted(
            session.scalars(
                select(ConsentRestriction.purpose).where(
                    ConsentRestriction.person_id == person_id,
                    ConsentRestriction.lifted_at.is_(None),
                )
            )
        ),
        do_not_reask_until=as_utc(person.do_not_reask_until) if person.do_not_reask_until else None,
    )


def states_of(session: Session, person_id: int) -> list[StateOut]:
    rows = session.scalars(
        select(ConsentStateRow)
        .where(ConsentStateRow.person_id == person_id)
        .order_by(ConsentStateRow.purpose)
    )
    return [
        StateOut(
            purpose=r.purpose,
            state=r.state,
            since=as_utc(r.at),
            channel=r.channel,
            event_id=r.event_id,
        )
        for r in rows
    ]


def export_states(session: Session, *, purpose: str | None = None) -> Iterator[ExportRow]:
    """Every current state with the person's identities, person by person, in batches."""
    query = select(ConsentStateRow).order_by(ConsentStateRow.person_id, ConsentStateRow.purpose)
    if purpose:
        query = query.where(ConsentStateRow.purpose == purpose)
    batch: list[ConsentStateRow] = []
    for state in session.scalars(query.execution_options(yield_per=2000)):
        batch.append(state)
        if len(batch) >= 2000:
            yield from _with_identities(session, batch)
            batch = []
    yield from _with_identities(session, batch)


def _with_identities(session: Session, states: list[ConsentStateRow]) -> Iterator[ExportRow]:
    names: dict[int, list[str]] = {}
    people = {s.person_id for s in states}
    for person, kind, value, digest in session.execute(
        select(
            ConsentIdentity.person_id,
            ConsentIdentity.kind,
            ConsentIdentity.value,
            ConsentIdentity.hash,
        )
        .where(ConsentIdentity.person_id.in_(people))
        .order_by(ConsentIdentity.id)
    ):
        names.setdefault(person, []).append(_shown(kind, value, digest))
    for s in states:
        yield ExportRow(
            identities=";".join(names.get(s.person_id, [])),
            purpose=s.purpose,
            state=s.state,
            since=as_utc(s.at),
            channel=s.channel,
            event_id=s.event_id,
        )


def _shown(kind: str, value: str | None, digest: str) -> str:
    return f"{kind}:{value}" if value is not None else f"{kind}:#{digest[:16]}"
