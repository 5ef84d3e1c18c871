"""The marketing website's rows: sessions keyed by cookie, and the server's access log lines.

Most visitors stay anonymous, known only by a cookie id; some are customer contacts who log
in to the portal on a later visit, which ties the cookie (and its earlier sessions) to them.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from pactum.demo.people import Kind, Population, mix
from pactum.demo.plan import NOW, Row
from pactum.demo.pools import Network

_START = datetime(2023, 1, 1)
_SPAN = (NOW - _START).total_seconds()
_PAGES = (
    "/", "/pricing", "/product/ledger-core", "/product/inventory", "/product/procurement",
    "/customers", "/blog/month-end-close-checklist", "/blog/edi-for-mid-size-distributors",
    "/webinars", "/careers", "/contact", "/demo-request", "/docs/api", "/partners",
)  # fmt: skip
_PORTAL_PAGES = ("/portal", "/portal/orders", "/portal/invoices", "/portal/tickets/new")
_FORMS = ("/login", "/demo-request", "/newsletter/subscribe", "/contact")
_REFERRERS = (
    None, None, "https://www.google.com/", "https://www.bing.com/", "https://www.linkedin.com/",
    "https://duckduckgo.com/", "https://northwindledger.com/blog/",
)  # fmt: skip
_CAMPAIGNS = (None, None, None, "spring-webinar", "retargeting-q2", "g2-review", "newsletter")
_CONTACT_VISITORS = 35  # percent of visitors who are customer contacts


@dataclass(frozen=True, slots=True)
class _Visitor:
    cookie_id: str
    contact_id: int | None  # set on the sessions where they logged in
    network: Network  # their ISP's block, so their IPs and geolocation stay consistent
    user_agent: str
    language: str


def website_rows(population: Population) -> Iterator[Row]:
    rng = population.rng(Kind.ROWS, 4)
    session_ids, line_ids = itertools.count(1), itertools.count(1)
    for v in range(population.plan.visitors):
        visitor = _visitor(population, v, rng)
        count = rng.choice((1, 1, 2, 2, 3, 3))
        visits = sorted(_START + timedelta(seconds=rng.random() * _SPAN) for _ in range(count))
        for visit, started in enumerate(visits):
            # The first visit is anonymous; later ones may log in to the customer portal.
            contact_id = visitor.contact_id if visit and rng.random() < 0.7 else None
            pages = _pages(rng, contact_id is not None)
            ip, entry = visitor.network.ip(rng), rng.choice(_REFERRERS)
            referrer, at = entry, started
            for page_no, page in enumerate(pages):
                has_cookie = visit or page_no  # the very first request sets the cookie
                line = _line(visitor, at, page, referrer, rng, has_cookie=bool(has_cookie))
                yield "web_log_lines", {"id": next(line_ids), "ip": ip, **line}
                referrer = f"https://northwindledger.com{page}"
                at += timedelta(seconds=5 + rng.random() * 120)
            yield (
                "web_sessions",
                {
                    "id": next(session_ids),
                    "cookie_id": visitor.cookie_id,
                    "contact_id": contact_id,
                    "ip": ip,
                    "user_agent": visitor.user_agent,
                    "language": visitor.language,
                    "started_at": started,
                    "ended_at": at,
                    "landing_page": pages[0],
                    "referrer": entry,
                    "utm_campaign": rng.choice(_CAMPAIGNS),
                    "page_views": len(pages),
                },
            )


def _visitor(population: Population, v: int, rng: random.Random) -> _Visitor:
    plan, pools = population.plan, population.pools
    contact_id = None
    if mix(plan.seed, v, 9) % 100 < _CONTACT_VISITORS:
        contact = population.contact(mix(plan.seed, v, 10) % plan.scale)
        contact_id, country = contact.id, contact.company.country
    else:
        country = population.pick_country(rng)
    return _Visitor(
        cookie_id=_cookie_id(rng),
        contact_id=contact_id,
        network=pools.network(country.code, rng),
        user_agent=pools.user_agent(rng),
        language=_accept_language(country.language, rng),
    )


def _cookie_id(rng: random.Random) -> str:
    """A random (version 4) UUID, as analytics scripts set them."""
    h = f"{rng.getrandbits(128):032x}"
    variant = "89ab"[int(h[16], 16) & 3]
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{variant}{h[17:20]}-{h[20:]}"


def _accept_language(language: str, rng: random.Random) -> str:
    primary = language.split("-", maxsplit=1)[0]
    if primary == "en":
        return f"{language},en;q=0.9" if rng.random() < 0.8 else language
    return f"{language},{primary};q=0.9,en-US;q=0.8,en;q=0.7"


def _pages(rng: random.Random, logged_in: bool) -> list[str]:
    count = rng.choice((1, 2, 3, 3, 4, 5, 6))
    pages = [rng.choice(_PAGES) for _ in range(count)]
    if logged_in:
        pages[min(1, count - 1) :] = ["/login", *rng.sample(_PORTAL_PAGES, 2)][: max(1, count - 1)]
    return pages


def _line(
    visitor: _Visitor,
    at: datetime,
    page: str,
    referrer: str | None,
    rng: random.Random,
    *,
    has_cookie: bool,
) -> dict[str, object]:
    is_form = page in _FORMS and rng.random() < 0.5
    located = rng.random() > 0.03  # the geolocation database does not know every block
    return {
        "logged_at": at,
        "cookie_id": visitor.cookie_id if has_cookie else None,
        "method": "POST" if is_form else "GET",
        "path": page,
        "status": 302 if is_form else rng.choice((200, 200, 200, 200, 200, 304, 404)),
        "bytes_sent": 512 + int(rng.random() * 90_000),
        "referrer": referrer,
        "user_agent": visitor.user_agent,
        "geo_country": visitor.network.country if located else None,
        "geo_city": visitor.network.city if located else None,
    }
