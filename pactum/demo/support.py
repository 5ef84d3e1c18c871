"""Customer support's rows: tickets with free-text bodies, and survey responses."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import datetime, timedelta

from pactum.demo.emails import messy
from pactum.demo.erp import order_numbers
from pactum.demo.people import Contact, Kind, Population, mix
from pactum.demo.phones import pick_style
from pactum.demo.plan import NOW, Row
from pactum.demo.texts import PRODUCTS, About, survey_answer, ticket

_START = datetime(2020, 1, 1)
_SPAN = (NOW - _START).total_seconds()
_SURVEYS = ("NPS 2024 H1", "NPS 2024 H2", "Onboarding survey", "Support CSAT", "NPS 2025 H1")
_SENSITIVE_EVERY = 50  # one ticket in fifty volunteers health, religion, union or similar details


def support_rows(population: Population) -> Iterator[Row]:
    plan, rng = population.plan, population.rng(Kind.ROWS, 5)
    for n in range(plan.tickets):
        contact = None
        if mix(plan.seed, n, 11) % 100 < 75:
            contact = population.contact(mix(plan.seed, n, 12) % plan.scale)
        yield "support_tickets", _ticket(population, n, contact, rng)
    for n in range(plan.survey_responses):
        contact = population.contact(mix(plan.seed, n, 13) % plan.scale)
        question, answer, score = survey_answer(_about(population, contact, rng), rng)
        roll = rng.random()
        yield (
            "survey_responses",
            {
                "id": n + 1,
                "survey": rng.choice(_SURVEYS),
                "email": messy(contact.email, rng) if roll > 0.6 else None,
                "contact_id": contact.id if roll < 0.85 else None,
                "question": question,
                "answer": answer,
                "score": score,
                "submitted_at": _START + timedelta(seconds=rng.random() * _SPAN),
            },
        )


def _ticket(
    population: Population, n: int, contact: Contact | None, rng: random.Random
) -> dict[str, object]:
    if contact is not None:
        about = _about(population, contact, rng)
        uses_private = rng.random() < 0.1  # writes from home; the helpdesk cannot match them
        email = contact.person.private_email if uses_private else contact.email
        contact_id = None if uses_private else contact.id
    else:
        person = population.person(Kind.REQUESTER, n)
        email, contact_id = person.private_email, None
        about = About(
            first=person.first_name,
            last=person.last_name,
            company="",
            phone=person.mobile.written(pick_style(rng)),
            email=email,
            order_no=_misremembered_order(rng),
            product=rng.choice(PRODUCTS),
            colleague="my colleague",
        )
    sensitive = n % _SENSITIVE_EVERY == 7
    subject, body = ticket(about, rng, sensitive=sensitive)
    created = _START + timedelta(seconds=rng.random() * _SPAN)
    status = rng.choice(("open", "pending", "solved", "closed", "closed", "closed"))
    return {
        "id": n + 1,
        "ticket_no": f"TCK-{100_001 + n}",
        "requester_email": messy(email, rng),
        "requester_name": f"{about.first} {about.last}",
        "requester_phone": about.phone if rng.random() < 0.4 else None,
        "contact_id": contact_id,
        "channel": rng.choice(("email", "email", "portal", "phone")),
        "subject": subject,
        "body": body,
        "status": status,
        "priority": rng.choice(("low", "normal", "normal", "high", "urgent")),
        "created_at": created,
        "closed_at": created + timedelta(hours=1 + rng.random() * 200)
        if status in ("solved", "closed")
        else None,
    }


def _about(population: Population, contact: Contact, rng: random.Random) -> About:
    """What a contact's text can mention: their own details, an order, a colleague."""
    k = contact.company.index
    orders = order_numbers(population, k)
    colleagues = [i for i in population.company_contacts(k) if i != contact.id - 1]
    colleague = " ".join(population.contact_name(colleagues[0])) if colleagues else "my colleague"
    return About(
        first=contact.person.first_name,
        last=contact.person.last_name,
        company=contact.company.name,
        phone=contact.phone.written(pick_style(rng)),
        email=contact.email,
        # Without orders of their own, people quote a number from memory (one that may not exist).
        order_no=rng.choice(orders) if orders else _misremembered_order(rng),
        product=rng.choice(PRODUCTS),
        colleague=colleague,
    )


def _misremembered_order(rng: random.Random) -> str:
    return f"SO-{2020 + rng.randrange(6)}-{rng.randrange(1, 999_999):06d}"
