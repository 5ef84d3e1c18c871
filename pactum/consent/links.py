"""Joining identities into one person: their states merge, and what changed is delivered again."""

from __future__ import annotations

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from pactum.audit.service import record
from pactum.clock import Clock, as_utc
from pactum.consent.deliveries import create_deliveries
from pactum.consent.ledger import upsert_state
from pactum.consent.models import (
    ConsentIdentity,
    ConsentPerson,
    ConsentRestriction,
    ConsentStateRow,
    State,
)
from pactum.consent.people import Subject, bump_revision, resolve
from pactum.errors import Conflict
from pactum.policy.document import Policy


def link(
    session: Session,
    clock: Clock,
    policy: Policy,
    subjects: list[Subject],
    *,
    actor: str,
    source: str,
) -> list[int]:
    """Join identities (a cookie id seen at login, and the e-mail): one person from now on.

    A state that changes for any side of the join (the cookie's GPC opt-out now covers the
    e-mail) is delivered again, with every identity; returns the deliveries to enqueue.
    """
    now = as_utc(clock.now())
    people = sorted({resolve(session, s, at=now, lock=False)[1] for s in subjects})
    locked = session.scalars(
        select(ConsentPerson)
        .where(ConsentPerson.id.in_(people))
        .order_by(ConsentPerson.id)
        .with_for_update()
    ).all()
    if any(person.merged_into is not None for person in locked):
        raise Conflict("these identities were being linked at the same time", fix="try again")
    survivor, *others = locked
    if not others:
        return []
    before = {person.id: _states(session, person.id) for person in locked}
    for other in others:
        _merge(session, survivor, other)
    queued: list[int] = []
    for row in session.scalars(
        select(ConsentStateRow).where(ConsentStateRow.person_id == survivor.id)
    ):
        purpose = policy.purpose(row.purpose)
        if purpose is not None and any(
            side.get(row.purpose) != row.state for side in before.values()
        ):
            queued += create_deliveries(
                session, event_id=row.event_id, purpose=purpose, state=State(row.state), now=now
            )
    bump_revision(session)
    record(
        session,
        clock,
        actor=actor,
        action="consent.linked",
        target=f"consent-person:{survivor.id}",
        subject=subjects[0].hash,
        details={"merged": [o.id for o in others], "source": source},
    )
    return queued


def _states(session: Session, person_id: int) -> dict[str, str]:
    rows = session.execute(
        select(ConsentStateRow.purpose, ConsentStateRow.state).where(
            ConsentStateRow.person_id == person_id
        )
    )
    return {str(purpose): str(state) for purpose, state in rows}


def _merge(session: Session, survivor: ConsentPerson, other: ConsentPerson) -> None:
    session.execute(
        update(ConsentIdentity)
        .where(ConsentIdentity.person_id == other.id)
        .values(person_id=survivor.id)
    )
    for state in session.scalars(
        select(ConsentStateRow).where(ConsentStateRow.person_id == other.id)
    ):
        upsert_state(
            session,
            person_id=survivor.id,
            purpose=state.purpose,
            state=state.state,
            event_id=state.event_id,
            channel=state.channel,
            at=state.at,
        )
    session.execute(delete(ConsentStateRow).where(ConsentStateRow.person_id == other.id))
    kept = {
        (r.purpose, r.request_ref)
        for r in session.scalars(
            select(ConsentRestriction).where(ConsentRestriction.person_id == survivor.id)
        )
    }
    for restriction in session.scalars(
        select(ConsentRestriction).where(ConsentRestriction.person_id == other.id)
    ):
        if (restriction.purpose, restriction.request_ref) in kept:
            session.delete(restriction)
        else:
            restriction.person_id = survivor.id
    survivor.first_seen_at = min(as_utc(survivor.first_seen_at), as_utc(other.first_seen_at))
    births = [d for d in (survivor.birth_date, other.birth_date) if d is not None]
    survivor.birth_date = max(births) if births else None  # the younger one: the stricter rule
    reask = [as_utc(d) for d in (survivor.do_not_reask_until, other.do_not_reask_until) if d]
    survivor.do_not_reask_until = max(reask) if reask else None
    other.merged_into = survivor.id
    session.flush()
