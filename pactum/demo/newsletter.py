"""The demo company's newsletter list, as it would bring it to Pactum on its first day: a CSV."""

from __future__ import annotations

import csv
import io
from datetime import datetime

from sqlalchemy import create_engine, select

from pactum.demo.schema import newsletter_subscriptions
from pactum.identities import try_normalize

# The demo policy's purpose for the newsletter (legitimate interest, opt-out by the link).
NEWSLETTER_PURPOSE = "marketing_email"


def newsletter_list(company_url: str) -> bytes:
    """The list as `pactum consent import` reads it, one row per address with its current state:
    granted at the opt-in, or withdrawn at the unsubscription for those who left. An address on
    the list twice (typed differently) gets its latest choice. The addresses stay as the
    company's form stored them (stray spaces, capitals): the import normalizes them."""
    table = newsletter_subscriptions
    query = select(table.c.email, table.c.opted_in_at, table.c.unsubscribed_at).order_by(table.c.id)
    latest: dict[str, tuple[datetime, str, str]] = {}
    engine = create_engine(company_url)
    try:
        with engine.connect() as connection:
            for email, opted_in, left in connection.execute(query):
                identity = try_normalize("email", email)
                if identity is None or opted_in is None:
                    continue  # the import would refuse the row; the company would fix it first
                at, state = (left, "withdrawn") if left is not None else (opted_in, "granted")
                if identity.value not in latest or at >= latest[identity.value][0]:
                    latest[identity.value] = (at, state, email)
    finally:
        engine.dispose()
    text = io.StringIO()
    rows = csv.writer(text, lineterminator="\n")
    rows.writerow(["email", "date", "state", "purpose"])
    for at, state, email in latest.values():
        rows.writerow([email, at.isoformat(), state, NEWSLETTER_PURPOSE])
    return text.getvalue().encode("utf-8")
