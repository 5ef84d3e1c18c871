"""How choices arrive: unsubscribe links, double opt-in, staff entry, GPC and the cookie banner."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from pactum.clock import Clock, as_utc
from pactum.consent.ledger import Choice, Evidence, Recorded, record_choice, truncate_address
from pactum.consent.models import Channel, ConsentEvent, ConsentPerson, ConsentStateRow, State
from pactum.consent.people import Subject, find_person, resolve
from pactum.consent.rules import gpc_purposes
from pactum.consent.tokens import OptIn, open_opt_in, read_unsubscribe_token, seal_opt_in
from pactum.errors import Invalid
from pactum.identities import Identity
from pactum.mail import Mail
from pactum.policy.document import Policy, Purpose

DO_NOT_REASK_FOR = timedelta(
    days=365
)  # Cal. Code Regs. tit. 11, 7026(k): 12 months after an opt-out


@dataclass(frozen=True)
class Outcome:
    purpose: Purpose
    already: bool  # the link was used before: nothing new was recorded
    deliveries: tuple[int, ...] = ()


def is_used(session: Session, reference: str) -> bool:
    """Was an event recorded from this token already (a second click, a replay)?"""
    return (
        session.scalar(select(ConsentEvent.id).where(ConsentEvent.reference == reference).limit(1))
        is not None
    )


def choosable(policy: Policy, purpose_id: str) -> Purpose:
    """A purpose of the policy a person can choose (any but a transactional one)."""
    purpose = policy.purpose(purpose_id)
    if purpose is None or purpose.transactional:
        raise Invalid(
            f"{purpose_id!r} is not a purpose a person can choose in the policy in force",
            where="purpose",
            fix=f"use one of: {', '.join(p.id for p in policy.purposes if not p.transactional)}",
        )
    return purpose


def unsubscribe(
    session: Session, clock: Clock, policy: Policy, key: bytes, token: str, *, evidence: Evidence
) -> Outcome:
    """Withdraw exactly the purpose the link names; a second click changes nothing."""
    parsed = read_unsubscribe_token(key, token)
    purpose = choosable(policy, parsed.purpose)
    resolve(session, parsed.subject, at=as_utc(clock.now()))  # lock the person: one use wins
    if is_used(session, parsed.reference):
        return Outcome(purpose, already=True)
    choice = Choice(
        purpose=purpose.id,
        state=State.WITHDRAWN,
        channel=Channel.UNSUBSCRIBE_LINK,
        evidence=evidence,
        reference=parsed.reference,
        note=f"message {parsed.message_id}"[:500],
    )
    recorded = record_choice(session, clock, policy, parsed.subject, choice)
    return Outcome(purpose, already=False, deliveries=tuple(recorded.deliveries))


def consent_statement(policy: Policy, purpose: Purpose) -> str:
    """The words a sign-up form shows; its SHA-256 is the evidence of what was agreed to."""
    about = f" {purpose.description}" if purpose.description else ""
    return (
        f"I agree that {policy.organization.name} may use my e-mail address for: {purpose.name}."
        f"{about} I can withdraw at any time with the link in every message."
    )


def opt_in_mail(policy: Policy, key: bytes, base_url: str, opt_in: OptIn, *, now: datetime) -> Mail:
    """The confirmation e-mail of a double opt-in; nothing is recorded until the link is used."""
    purpose = choosable(policy, opt_in.purpose)
    link = f"{base_url.rstrip('/')}/consent/confirm/{seal_opt_in(key, opt_in, now)}"
    text = (
        f"Someone (we hope you) asked {policy.organization.name} to send {purpose.name} "
        f"to this address.\n\nTo confirm, open this link:\n{link}\n\n"
        "If it was not you, ignore this message: nothing happens without your confirmation."
    )
    return Mail(to=opt_in.identity.value, subject=f"Please confirm: {purpose.name}", text=text)


def confirm_opt_in(
    session: Session, clock: Clock, policy: Policy, key: bytes, token: str, *, evidence: Evidence
) -> Outcome:
    """Record the grant a confirmation link carries (once; again is 'already confirmed')."""
    opt_in = open_opt_in(key, token, as_utc(clock.now()))
    purpose = choosable(policy, opt_in.purpose)
    subject = Subject.of(opt_in.identity, key)
    reference = opt_in.reference(token)
    resolve(session, subject, at=as_utc(clock.now()))
    if is_used(session, reference):
        return Outcome(purpose, already=True)
    signed_up_from = truncate_address(opt_in.client_address) or "unknown network"
    choice = Choice(
        purpose=purpose.id,
        state=State.GRANTED,
        channel=Channel.WEB_FORM,
        evidence=Evidence(opt_in.evidence_sha256, evidence.client_address, evidence.user_agent),
        reference=reference,
        note=f"double opt-in confirmed; form submitted from {signed_up_from}",
    )
    recorded = record_choice(session, clock, policy, subject, choice)
    return Outcome(purpose, already=False, deliveries=tuple(recorded.deliveries))


def record_entry(
    session: Session,
    clock: Clock,
    policy: Policy,
    key: bytes,
    identity: Identity,
    *,
    purpose: str,
    state: State,
    actor: str,
    channel: Channel = Channel.STAFF_ENTRY,
    note: str = "",
) -> Recorded:
    """A choice entered on the person's behalf: by staff, a script, or a privacy request."""
    choice = Choice(purpose, state, channel, actor=actor, note=note)
    return record_choice(session, clock, policy, Subject.of(identity, key), choice)


def record_staff_entry(
    session: Session,
    clock: Clock,
    policy: Policy,
    key: bytes,
    identity: Identity,
    *,
    purpose: str,
    state: State,
    staff: str,
    how: str,
) -> Recorded:
    """An opt-out (or opt-in) received by e-mail reply or phone, entered by a staff member."""
    return record_entry(
        session, clock, policy, key, identity, purpose=purpose, state=state, actor=staff, note=how
    )


def states_of_person(session: Session, person_id: int | None) -> dict[str, State]:
    if person_id is None:
        return {}
    rows = session.execute(
        select(ConsentStateRow.purpose, ConsentStateRow.state).where(
            ConsentStateRow.person_id == person_id
        )
    )
    return {purpose: State(state) for purpose, state in rows}


def gpc_needed(session: Session, policy: Policy, subjects: list[Subject]) -> bool:
    """Would a GPC signal change anything? (A read, so each request need not write.)"""
    purposes = [p.id for p in gpc_purposes(policy)]
    for subject in subjects:
        states = states_of_person(session, find_person(session, subject.hash))
        if any(not (s := states.get(p)) or not s.is_opt_out for p in purposes):
            return True
    return False


def honour_gpc(
    session: Session,
    clock: Clock,
    policy: Policy,
    subjects: list[Subject],
    *,
    evidence: Evidence,
) -> list[Recorded]:
    """Opt the identities out of sale, sharing and targeted advertising, once, for 12 months."""
    now = as_utc(clock.now())
    recorded = []
    for subject in subjects:
        _, person_id = resolve(session, subject, at=now)
        states = states_of_person(session, person_id)
        changed = False
        for purpose in gpc_purposes(policy):
            if (state := states.get(purpose.id)) is not None and state.is_opt_out:
                continue
            choice = Choice(
                purpose.id, State.WITHDRAWN, Channel.GPC, actor="person:gpc", evidence=evidence
            )
            recorded.append(record_choice(session, clock, policy, subject, choice))
            changed = True
        if changed:
            session.execute(
                update(ConsentPerson)
                .where(ConsentPerson.id == person_id)
                .values(do_not_reask_until=now + DO_NOT_REASK_FOR)
            )
    return recorded
