"""The demo company: its people are found completely by e-mail, and look-alikes stay untouched."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import MetaData, create_engine, select, text
from sqlalchemy.engine import make_url

from pactum.connectors.systems import connectors_for
from pactum.demo.annotations import demo_inventory_text
from pactum.demo.generate import DemoStats, build_demo_database
from pactum.demo.schema import metadata
from pactum.execution.footprint import Footprint
from pactum.execution.plan import plan_erasure
from pactum.execution.proof import verify_erasure
from pactum.execution.steps import run_step
from pactum.execution.walk import locate
from pactum.identities import normalize, try_normalize
from pactum.inventory.document import Inventory
from pactum.inventory.loading import parse_inventory

Tables = dict[str, list[dict[str, Any]]]
CONTACT_LINKS = {  # table: the column that names the contact a row belongs to
    "erp_orders": "contact_id",
    "crm_activities": "contact_id",
    "web_sessions": "contact_id",
    "support_tickets": "contact_id",
    "survey_responses": "contact_id",
    "crm_leads": "converted_contact_id",
}
EMAILS = {
    "crm_leads": "email",
    "newsletter_subscriptions": "email",
    "email_events": "email",
    "support_tickets": "requester_email",
    "survey_responses": "email",
    "forum_users": "email",
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, DemoStats]:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    return path, build_demo_database(f"sqlite:///{path}", scale=400, seed=11)


@pytest.fixture
def demo_url(demo: tuple[Path, DemoStats], database_url: str, tmp_path: Path) -> Iterator[str]:
    """A fresh copy of the demo database: a SQLite file, or the same rows in PostgreSQL."""
    if database_url.startswith("sqlite"):
        shutil.copy(demo[0], tmp_path / "demo.db")
        yield f"sqlite:///{tmp_path / 'demo.db'}"
        return
    engine = create_engine(database_url)
    with engine.begin() as connection:
        connection.execute(text("CREATE SCHEMA demo"))
    url = make_url(database_url).update_query_dict({"options": "-csearch_path=demo"})
    target = create_engine(url)
    source = create_engine(f"sqlite:///{demo[0]}")
    with target.begin() as into, source.connect() as out:
        metadata.create_all(into)
        for table in metadata.sorted_tables:
            rows = [dict(r) for r in out.execute(select(table)).mappings()]
            if rows:
                into.execute(table.insert(), rows)
    for opened in (engine, target, source):
        opened.dispose()
    yield url.render_as_string(hide_password=False)


def everything(url: str) -> Tables:
    engine = create_engine(url)
    found = MetaData()
    with engine.connect() as connection:
        found.reflect(connection)
        tables = {
            t.name: [dict(r) for r in connection.execute(select(t)).mappings()]
            for t in found.sorted_tables
        }
    engine.dispose()
    return tables


def linked_rows(tables: Tables, contact: int) -> dict[str, set[int]]:
    """Rows that plainly belong to a contact: their id or e-mail on it, and what hangs off those."""
    email = try_normalize(
        "email", next(r for r in tables["erp_contacts"] if r["id"] == contact)["email"]
    )
    rows = {
        table: {r["id"] for r in tables[table] if r[column] == contact}
        for table, column in CONTACT_LINKS.items()
    }
    for table, column in EMAILS.items():
        rows.setdefault(table, set()).update(
            r["id"] for r in tables[table] if try_normalize("email", r[column]) == email
        )
    rows["erp_contacts"] = {contact}
    rows["erp_invoices"] = {
        r["id"] for r in tables["erp_invoices"] if r["order_id"] in rows["erp_orders"]
    }
    cookies = {r["cookie_id"] for r in tables["web_sessions"] if r["id"] in rows["web_sessions"]}
    rows["web_sessions"] |= {r["id"] for r in tables["web_sessions"] if r["cookie_id"] in cookies}
    rows["web_log_lines"] = {r["id"] for r in tables["web_log_lines"] if r["cookie_id"] in cookies}
    rows["forum_posts"] = {
        r["id"] for r in tables["forum_posts"] if r["user_id"] in rows["forum_users"]
    }
    leads = rows["crm_leads"]
    rows["crm_activities"] |= {r["id"] for r in tables["crm_activities"] if r["lead_id"] in leads}
    return rows


def own(footprint: Footprint) -> dict[str, set[int]]:
    return {h.dataset: {r.key[0] for r in h.own_rows} for h in footprint.holdings}


def inventory(url: str) -> Inventory:
    return parse_inventory(demo_inventory_text(url), "demo", None)


@pytest.mark.slow
def test_every_row_that_belongs_to_a_demo_person_is_found_by_email(
    demo_url: str, demo: tuple[Path, DemoStats]
) -> None:
    tables = everything(demo_url)
    pair = demo[1].look_alikes[0]
    contacts = [*pair.contact_ids, *(r["id"] for r in tables["erp_contacts"][::37])]
    listing = inventory(demo_url)
    with connectors_for(listing) as connectors:
        for contact in contacts:
            email = next(r for r in tables["erp_contacts"] if r["id"] == contact)["email"]
            found = own(locate(listing, [normalize("email", email)], connectors))
            for table, ids in linked_rows(tables, contact).items():
                assert ids <= found.get(table, set()), (
                    contact,
                    table,
                    ids - found.get(table, set()),
                )
            for other in pair.contact_ids:
                if other != contact:
                    assert other not in found["erp_contacts"]


@pytest.mark.slow
def test_erasing_one_look_alike_leaves_the_other_untouched(
    demo_url: str, demo: tuple[Path, DemoStats]
) -> None:
    before = everything(demo_url)
    pair = demo[1].look_alikes[0]
    theirs = linked_rows(before, pair.contact_ids[1])
    listing = inventory(demo_url)

    with connectors_for(listing) as connectors:
        footprint = locate(listing, [normalize("email", pair.emails[0])], connectors)
        plan = plan_erasure(listing, footprint)
        for step in plan.steps:
            run_step(step, connectors, key=b"k" * 32)
        proof = verify_erasure(
            listing, footprint.identities, connectors, discovered=footprint.discovered, plan=plan
        )

    after = everything(demo_url)
    assert proof.is_complete, proof.remaining
    for table, ids in theirs.items():
        assert [r for r in before[table] if r["id"] in ids] == [
            r for r in after[table] if r["id"] in ids
        ], table
    assert pair.contact_ids[0] not in {r["id"] for r in after["erp_contacts"]}
