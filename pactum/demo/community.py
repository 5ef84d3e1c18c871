"""The community forum's rows: members known by a handle, and their public posts."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import datetime, timedelta

from pactum.demo.emails import messy, slug
from pactum.demo.people import Kind, Person, Population, mix
from pactum.demo.plan import NOW, Row
from pactum.demo.texts import PRODUCTS, About, forum_post

_START = datetime(2018, 3, 1)
_SPAN = (NOW - _START).total_seconds()
_CONTACT_MEMBERS = 40  # percent of members who are customer contacts


def community_rows(population: Population) -> Iterator[Row]:
    plan, pools = population.plan, population.pools
    rng = population.rng(Kind.ROWS, 6)
    post_ids = itertools.count(1)
    for n in range(plan.forum_users):
        person, email, company = _member(population, n)
        network = pools.network(person.country.code, rng)
        joined = _START + timedelta(seconds=rng.random() * _SPAN)
        yield (
            "forum_users",
            {
                "id": n + 1,
                "handle": _handle(
                    person, (n * 7_919 + 3) % _digits(plan.forum_users), rng.randrange(3)
                ),
                "email": messy(email, rng),
                "display_name": _display_name(person, rng.random()),
                "location": "{}, {}".format(*rng.choice(person.country.cities))
                if rng.random() < 0.5
                else None,
                "joined_at": joined,
                "last_seen_ip": network.ip(rng),
                "is_moderator": rng.random() < 0.01,
            },
        )
        about = About(
            first=person.first_name,
            last=person.last_name,
            company=company or "a distributor",
            phone="",
            email=email,
            order_no="",
            product=rng.choice(PRODUCTS),
            colleague=rng.choice(pools.names[person.country.code].first_names)[0],
        )
        for _ in range(rng.randrange(7)):
            title, body = forum_post(about, rng)
            yield (
                "forum_posts",
                {
                    "id": next(post_ids),
                    "user_id": n + 1,
                    "thread_title": title,
                    "body": body,
                    "posted_at": joined + (NOW - joined) * rng.random(),
                    "ip": network.ip(rng),
                },
            )


def _member(population: Population, n: int) -> tuple[Person, str, str]:
    """Some members are customer contacts (with their work address), most are not."""
    plan = population.plan
    if mix(plan.seed, n, 15) % 100 < _CONTACT_MEMBERS:
        contact = population.contact(mix(plan.seed, n, 16) % plan.scale)
        return contact.person, contact.email, contact.company.name
    person = population.person(Kind.FORUM_USER, n)
    return person, person.private_email, ""


def _digits(count: int) -> int:
    """A power of ten above `count`: handle numbers below it are unique per member."""
    return int(10 ** len(str(count)))


def _handle(person: Person, number: int, style: int) -> str:
    """Unique through `number`; styles as people pick them."""
    first, last = slug(person.first_name), slug(person.last_name)
    return (f"{first}{last[:1]}{number}", f"{first}_{last}{number}", f"erp_{first}{number}")[style]


def _display_name(person: Person, roll: float) -> str | None:
    if roll < 0.5:
        return f"{person.first_name} {person.last_name}"
    if roll < 0.8:
        return f"{person.first_name} {person.last_name[:1]}."
    return None
