"""The cookie banner's side: what it shows (categories, the choice on record, GPC) and recording."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pactum.clock import Clock, as_utc
from pactum.consent.channels import states_of_person
from pactum.consent.ledger import Choice, Evidence, Recorded, record_choice
from pactum.consent.models import Channel, ConsentPerson, ConsentStateRow, State
from pactum.consent.people import Subject, find_person, resolve
from pactum.consent.rules import gpc_purposes
from pactum.errors import Invalid
from pactum.identities import Identity
from pactum.policy.document import Policy
from pactum.signing import sha256_hex


def banner_text(policy: Policy) -> str:
    names = [c.name for c in policy.cookies.categories if not c.required]
    return (
        f"{policy.organization.name} uses cookies that are strictly necessary for this site, "
        f"and, only if you allow it, cookies for: {', '.join(names) or 'nothing else'}."
    )


def banner_config(
    session: Session, policy: Policy, key: bytes, cookie_id: Identity | None, *, gpc: bool
) -> dict[str, Any]:
    """What the banner shows: the policy's cookie categories, the choice on record, GPC."""
    gpc_ids = {p.id for p in gpc_purposes(policy)}
    person_id = find_person(session, Subject.of(cookie_id, key).hash) if cookie_id else None
    states = states_of_person(session, person_id)
    person = session.get(ConsentPerson, person_id) if person_id is not None else None
    reask = person.do_not_reask_until if person is not None else None
    # Only a choice made in a banner counts as one: a GPC opt-out alone still shows the banner.
    chose = (
        person_id is not None
        and session.scalar(
            select(ConsentStateRow.purpose)
            .where(
                ConsentStateRow.person_id == person_id,
                ConsentStateRow.channel == Channel.COOKIE_BANNER,
            )
            .limit(1)
        )
        is not None
    )
    categories, choices = [], {}
    for category in policy.cookies.categories:
        covered = bool(gpc_ids.intersection(category.purposes))
        categories.append(
            {
                "id": category.id,
                "name": category.name,
                "description": category.description,
                "required": category.required,
                "gpc": covered,
                **stored_names(policy, category.id),
            }
        )
        recorded = [states[p] for p in category.purposes if p in states]
        if recorded and not category.required:
            choices[category.id] = all(s is State.GRANTED for s in recorded)
    return {
        "text": banner_text(policy),
        "categories": categories,
        "choices": choices if chose else None,
        "gpc": {
            "honoured": gpc and bool(gpc_ids),
            "categories": [c["id"] for c in categories if c["gpc"]],
        },
        "do_not_reask_until": as_utc(reask).isoformat() if reask else None,
    }


def stored_names(policy: Policy, category_id: str) -> dict[str, list[str]]:
    """The cookies and local-storage keys the policy declares for a category, by name.

    The banner deletes them from the browser when the category is not (or no longer) accepted;
    pixels, widgets and session URLs leave nothing in the browser to delete.
    """
    trackers = [t for t in policy.cookies.trackers if t.category == category_id]
    return {
        "cookies": [t.name for t in trackers if t.kind == "cookie"],
        "storage": [t.name for t in trackers if t.kind == "local_storage"],
    }


def record_banner(
    session: Session,
    clock: Clock,
    policy: Policy,
    key: bytes,
    cookie_id: Identity,
    *,
    choices: dict[str, bool],
    gpc: bool,
    evidence: Evidence,
) -> list[Recorded]:
    """Record a banner choice per purpose of each category, where it changes the state."""
    known = {c.id: c for c in policy.cookies.categories}
    unknown = sorted(set(choices) - set(known))
    if unknown:
        raise Invalid(
            f"unknown cookie categories: {', '.join(unknown)}",
            where="choices",
            fix=f"use the policy's categories: {', '.join(known)}",
        )
    subject = Subject.of(cookie_id, key)
    _, person_id = resolve(session, subject, at=as_utc(clock.now()))
    states = states_of_person(session, person_id)
    gpc_ids = {p.id for p in gpc_purposes(policy)} if gpc else set()
    shown = Evidence(
        sha256_hex(banner_text(policy).encode()), evidence.client_address, evidence.user_agent
    )
    recorded = []
    for category_id, accepted in choices.items():
        category = known[category_id]
        for purpose_id in [] if category.required else category.purposes:
            purpose = policy.purpose(purpose_id)
            if purpose is None or purpose.transactional or (accepted and purpose_id in gpc_ids):
                continue  # GPC is honoured: the banner cannot switch it back on
            before = states.get(purpose_id)
            wanted = (
                State.GRANTED
                if accepted
                else (State.WITHDRAWN if before is State.GRANTED else State.DENIED)
            )
            if before is wanted or (before is not None and before.is_opt_out and not accepted):
                continue
            choice = Choice(purpose_id, wanted, Channel.COOKIE_BANNER, evidence=shown)
            recorded.append(record_choice(session, clock, policy, subject, choice))
            states[purpose_id] = wanted
    return recorded
