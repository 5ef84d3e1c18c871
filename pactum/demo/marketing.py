"""Marketing's rows: CRM leads and their activities, newsletter subscriptions and mail tracking."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from pactum.demo.emails import messy
from pactum.demo.people import Kind, Person, Population, mix
from pactum.demo.phones import pick_style
from pactum.demo.plan import NOW, Row
from pactum.demo.texts import PRODUCTS, About, crm_note

_START = datetime(2019, 1, 1)
_SPAN = (NOW - _START).total_seconds()
_SOURCES = (
    ("web_form", ("Demo request", "Pricing page", "Whitepaper: Month-end close", "Contact us")),
    ("opt_in_list", ("Webinar: Inventory in real time", "Trade show badge scan", "ERP Summit")),
    ("data_aggregator", ("LeadHarbor Data Co.", "B2B Atlas Lists", "Pipeline Signals")),
)  # fmt: skip
_STATUSES = ("new", "new", "working", "qualified", "disqualified")
_TOPICS = ("product-updates", "webinars", "erp-tips", "events", "partner-offers")
_CHANNELS = ("web_form", "checkout", "event_badge_scan", "import", "webinar_registration")
_REASONS = ("Too many e-mails", "Not relevant", "Left the company", None, None)
_MAIL_AGENTS = (
    "Microsoft Outlook 16.0.17531; Microsoft Outlook 16.0.17531",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
    "Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)",
)  # fmt: skip
_CONTACT_LEADS = 15  # percent of leads that are people the ERP already knows


@dataclass(frozen=True, slots=True)
class Lead:
    email: str
    person: Person
    company: str
    job_title: str
    contact_id: int | None  # set when the lead is (or became) an ERP contact


def lead_of(population: Population, n: int) -> Lead:
    """Lead n, whether a prospect or an existing customer contact asking for more."""
    if mix(population.plan.seed, n, 4) % 100 < _CONTACT_LEADS:
        contact = population.contact(mix(population.plan.seed, n, 5) % population.plan.scale)
        return Lead(
            contact.email, contact.person, contact.company.name, contact.job_title, contact.id
        )
    prospect = population.prospect(n)
    return Lead(prospect.email, prospect.person, prospect.company.name, prospect.job_title, None)


def crm_rows(population: Population) -> Iterator[Row]:
    rng = population.rng(Kind.ROWS, 2)
    activity_ids = itertools.count(1)
    for n in range(population.plan.leads):
        lead = lead_of(population, n)
        created = _START + timedelta(seconds=rng.random() * _SPAN)
        yield "crm_leads", _lead(n, lead, created, rng)
        about = About(
            first=lead.person.first_name,
            last=lead.person.last_name,
            company=lead.company,
            phone=lead.person.mobile.written(pick_style(rng)),
            email=lead.email,
            order_no=f"Q-{created.year}-{n + 1:05d}",  # the quote sent to the lead
            product=rng.choice(PRODUCTS),
            colleague=_someone(population, lead.person, rng),
        )
        for _ in range(rng.choice((0, 1, 1, 2, 2, 2, 3, 3))):
            subject, note = crm_note(about, rng)
            yield (
                "crm_activities",
                {
                    "id": next(activity_ids),
                    "lead_id": n + 1,
                    "contact_id": lead.contact_id,
                    "kind": rng.choice(("call", "email", "meeting", "note")),
                    "subject": subject,
                    "note": note,
                    "occurred_at": created + (NOW - created) * rng.random(),
                },
            )


def _lead(n: int, lead: Lead, created: datetime, rng: random.Random) -> dict[str, object]:
    person = lead.person
    source, details = rng.choice(_SOURCES)
    only_email = source == "data_aggregator" and rng.random() < 0.3
    status = "converted" if lead.contact_id else rng.choice(_STATUSES)
    return {
        "id": n + 1,
        "email": messy(lead.email, rng),
        "first_name": None if only_email else person.first_name,
        "last_name": None if only_email else person.last_name,
        "company": lead.company,
        "job_title": None if only_email else lead.job_title,
        "phone": person.mobile.written(pick_style(rng)) if rng.random() < 0.4 else None,
        "country": person.country.code,
        "intent_score": int(rng.betavariate(2, 3) * 100),
        "source": source,
        "source_detail": rng.choice(details),
        "status": status,
        "converted_contact_id": lead.contact_id,
        "created_at": created,
        "last_activity_at": None if status == "new" else created + (NOW - created) * rng.random(),
    }


def newsletter_rows(population: Population) -> Iterator[Row]:
    """Subscribers are contacts (work address), leads, or people known only by their address."""
    plan, rng = population.plan, population.rng(Kind.ROWS, 3)
    event_ids = itertools.count(1)
    for n in range(plan.subscriptions):
        email, person = _subscriber(population, n)
        opted_in = _START + timedelta(seconds=rng.random() * _SPAN)
        left = opted_in + (NOW - opted_in) * rng.random() if rng.random() < 0.15 else None
        network = population.pools.network(person.country.code, rng)
        yield (
            "newsletter_subscriptions",
            {
                "id": n + 1,
                "email": messy(email, rng),
                "first_name": person.first_name if rng.random() < 0.7 else None,
                "language": person.country.language,
                "topics": ",".join(t for t in _TOPICS if rng.random() < 0.45) or _TOPICS[0],
                "opt_in_channel": rng.choice(_CHANNELS),
                "opted_in_at": opted_in,
                "confirmed_at": opted_in + timedelta(minutes=3 + rng.random() * 600)
                if rng.random() < 0.8
                else None,
                "consent_ip": network.ip(rng),
                "unsubscribed_at": left,
                "unsubscribe_reason": rng.choice(_REASONS) if left else None,
            },
        )
        yield from _mail_events(
            email, since=opted_in, until=left or NOW, ip=network.ip(rng), rng=rng, ids=event_ids
        )


def _subscriber(population: Population, n: int) -> tuple[str, Person]:
    plan = population.plan
    roll = mix(plan.seed, n, 6) % 100
    if roll < 35:
        contact = population.contact(mix(plan.seed, n, 7) % plan.scale)
        return contact.email, contact.person
    if roll < 60 and plan.leads:
        lead = lead_of(population, mix(plan.seed, n, 8) % plan.leads)
        return lead.email, lead.person
    person = population.person(Kind.SUBSCRIBER, n)
    return person.private_email, person


def _mail_events(
    email: str,
    *,
    since: datetime,
    until: datetime,
    ip: str,
    rng: random.Random,
    ids: Iterator[int],
) -> Iterator[Row]:
    span = (until - since).total_seconds()
    for _ in range(rng.randrange(7)):
        at = since + timedelta(seconds=rng.random() * span)
        roll = rng.random()
        kind = "opened" if roll < 0.7 else "clicked" if roll < 0.95 else "forwarded"
        yield (
            "email_events",
            {
                "id": next(ids),
                "email": messy(email, rng),
                "campaign": f"{at:%Y-%m} Northwind Ledger News",
                "kind": kind,
                "occurred_at": at,
                "ip": ip,
                "user_agent": rng.choice(_MAIL_AGENTS),
                "link_url": f"https://northwindledger.com/blog/{at:%Y/%m}/release-notes?utm_source=newsletter"
                if kind == "clicked"
                else None,
            },
        )


def _someone(population: Population, person: Person, rng: random.Random) -> str:
    """Another person's full name from the same country, as notes mention colleagues."""
    names = population.pools.names[person.country.code]
    return f"{rng.choice(names.first_names)[0]} {rng.choice(names.last_names)}"
