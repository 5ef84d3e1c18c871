"""The check (one person, or a whole mailing list) and restrictions; what other features call."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from pactum.audit.service import record
from pactum.clock import Clock, as_utc
from pactum.consent.channels import record_entry, record_staff_entry
from pactum.consent.facts import as_facts, facts_query, load_timeline
from pactum.consent.history import export_states, history
from pactum.consent.models import (
    Channel,
    ConsentIdentity,
    ConsentPerson,
    ConsentRestriction,
    ConsentStateRow,
    State,
)
from pactum.consent.people import (
    Subject,
    bump_revision,
    erase_values,
    find_person,
    hasher,
    record_birth_date,
    resolve,
)
from pactum.consent.rules import (
    UNKNOWN_PERSON,
    Facts,
    PolicyTimeline,
    PurposeRule,
    age_on,
    decide,
    purpose_rule,
)
from pactum.consent.schemas import Decision
from pactum.consent.subscribers import import_subscribers
from pactum.errors import Invalid
from pactum.identities import Identity
from pactum.policy.document import Policy

# What other features call, in one place: `from pactum.consent import service`.
__all__ = [
    "Subject",
    "erase_values",
    "export_states",
    "filter_allowed",
    "history",
    "import_subscribers",
    "lift_restriction",
    "may_process",
    "record_birth_date",
    "record_entry",
    "record_staff_entry",
    "restrict_processing",
]

_CHUNK = (
    1000  # identities per IN list: far below SQLite's variable limit, short plans on PostgreSQL
)


def may_process(
    session: Session, policy: Policy, identity: Identity, purpose: str, *, now: datetime, key: bytes
) -> Decision:
    """May `purpose` be applied to this person now? The answer names its rule and event."""
    rule = purpose_rule(policy, purpose)
    row = session.execute(
        facts_query(purpose)
        .join(ConsentIdentity, ConsentIdentity.person_id == ConsentPerson.id)
        .where(ConsentIdentity.hash == hasher(key)(identity))
    ).first()
    if row is None:
        return decide(rule, UNKNOWN_PERSON, declared=None, now=as_utc(now))
    facts = as_facts(row)
    declared = load_timeline(session).declared_at(facts.first_seen_at, purpose)
    return decide(rule, facts, declared=declared, now=as_utc(now))


def filter_allowed(
    session: Session,
    policy: Policy,
    identities: Sequence[Identity],
    purpose: str,
    *,
    now: datetime,
    key: bytes,
) -> list[Identity]:
    """The identities `purpose` may be applied to, in the order given: set-based, in chunks.

    The rules are applied once per combination of the facts they depend on, not once per person:
    a list of 100,000 costs its hashing, its indexed look-ups, and a dictionary access each.
    """
    rule = purpose_rule(policy, purpose)
    moment = as_utc(now)
    timeline = load_timeline(session)
    hashed = hasher(key)
    digests = [hashed(identity) for identity in identities]
    unique = list(dict.fromkeys(digests))
    known, examples = _batch_facts(session, unique, rule, timeline=timeline, today=moment.date())
    stranger = decide(rule, UNKNOWN_PERSON, declared=None, now=moment).allowed
    verdicts = {
        signature: decide(rule, facts, declared=declared, now=moment).allowed
        for signature, (facts, declared) in examples.items()
    }
    return [
        identity
        for identity, digest in zip(identities, digests, strict=True)
        if (verdicts[known[digest]] if digest in known else stranger)
    ]


Signature = tuple[object, ...]  # what a decision depends on: state, import, restricted, age, ...


def _batch_facts(
    session: Session,
    digests: list[str],
    rule: PurposeRule,
    *,
    timeline: PolicyTimeline,
    today: date,
) -> tuple[dict[str, Signature], dict[Signature, tuple[Facts, bool | None]]]:
    """Per identity hash its signature; per signature, one person's facts to decide it by."""
    purpose = rule.purpose.id
    restricted: dict[int, str] = dict(
        session.execute(  # rows are (person, request ref) pairs
            select(ConsentRestriction.person_id, func.min(ConsentRestriction.request_ref))
            .where(ConsentRestriction.purpose == purpose, ConsentRestriction.lifted_at.is_(None))
            .group_by(ConsentRestriction.person_id)
        ).all()
    )
    varies = timeline.varies(purpose)  # else every known person was told of it, or none was
    constant = timeline.declared_at(timeline.moments[-1], purpose) if timeline.moments else None
    columns: list[Any] = [
        ConsentIdentity.hash,
        ConsentIdentity.person_id,
        ConsentStateRow.state,
        ConsentStateRow.channel,
        ConsentPerson.birth_date,
    ]
    if varies:
        columns.append(ConsentPerson.first_seen_at)
    query = (
        select(*columns)
        .join(ConsentPerson, ConsentPerson.id == ConsentIdentity.person_id)
        .outerjoin(
            ConsentStateRow,
            and_(
                ConsentStateRow.person_id == ConsentIdentity.person_id,
                ConsentStateRow.purpose == purpose,
            ),
        )
    )
    minimum, connection = rule.minimum_age, session.connection()
    signatures: dict[str, Signature] = {}
    examples: dict[Signature, tuple[Facts, bool | None]] = {}
    for start in range(0, len(digests), _CHUNK):
        chunk = digests[start : start + _CHUNK]
        row: Any
        for row in connection.execute(query.where(ConsentIdentity.hash.in_(chunk))):
            digest, person, state, channel, born = row[:5]
            declared = timeline.declared_at(as_utc(row[5]), purpose) if varies else constant
            young = minimum is not None and born is not None and age_on(born, today) < minimum
            signature = (state, channel == Channel.IMPORT, person in restricted, young, declared)
            signatures[digest] = signature
            if signature not in examples:
                facts = Facts(
                    person_id=person,
                    state=State(state) if state is not None else None,
                    channel=Channel(channel) if channel is not None else None,
                    restricted_by=restricted.get(person),
                    birth_date=born,
                )
                examples[signature] = (facts, declared)
    return signatures, examples


def restrict_processing(
    session: Session,
    clock: Clock,
    identity: Identity,
    purposes: Sequence[str],
    request_ref: str,
    *,
    key: bytes,
    policy: Policy,
    actor: str = "privacy_request",
) -> None:
    """Exclude the named purposes for this person until `lift_restriction` (GDPR Art. 18)."""
    if not purposes:
        raise Invalid("a restriction names no purpose", where="purposes", fix="name the purposes")
    for purpose in purposes:
        purpose_rule(policy, purpose)  # unknown purposes are refused before anything is written
    now = as_utc(clock.now())
    subject = Subject.of(identity, key)
    _, person_id = resolve(session, subject, at=now)
    for purpose in dict.fromkeys(purposes):
        existing = session.scalar(
            select(ConsentRestriction).where(
                ConsentRestriction.person_id == person_id,
                ConsentRestriction.purpose == purpose,
                ConsentRestriction.request_ref == request_ref,
            )
        )
        if existing is None:
            session.add(
                ConsentRestriction(
                    person_id=person_id, purpose=purpose, request_ref=request_ref, placed_at=now
                )
            )
        else:
            existing.lifted_at = None
    bump_revision(session)
    record(
        session,
        clock,
        actor=actor,
        action="consent.restricted",
        target=f"request:{request_ref}",
        subject=subject.hash,
        details={"purposes": sorted(set(purposes))},
    )


def lift_restriction(
    session: Session,
    clock: Clock,
    identity: Identity,
    request_ref: str,
    *,
    key: bytes,
    actor: str = "privacy_request",
) -> int:
    """Lift what the privacy request restricted; returns how many purposes were lifted."""
    subject = Subject.of(identity, key)
    person_id = find_person(session, subject.hash)
    rows = (
        session.scalars(
            select(ConsentRestriction).where(
                ConsentRestriction.person_id == person_id,
                ConsentRestriction.request_ref == request_ref,
                ConsentRestriction.lifted_at.is_(None),
            )
        ).all()
        if person_id is not None
        else []
    )
    now = as_utc(clock.now())
    for row in rows:
        row.lifted_at = now
    if rows:
        bump_revision(session)
        record(
            session,
            clock,
            actor=actor,
            action="consent.restriction_lifted",
            target=f"request:{request_ref}",
            subject=subject.hash,
            details={"purposes": sorted(r.purpose for r in rows)},
        )
    return len(rows)
