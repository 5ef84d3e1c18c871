"""Building the demo company's database: deterministic, linked, indexed, and realistically messy."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import Connection

from pactum.demo.generate import DemoStats, build_demo_database
from pactum.demo.schema import metadata
from pactum.errors import Conflict

SCALE = 300


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoStats:
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'northwind.db'}"
    return build_demo_database(url, scale=SCALE, seed=7)


@pytest.fixture
def db(demo: DemoStats) -> Iterator[Connection]:
    engine = create_engine(demo.url)
    with engine.connect() as connection:
        yield connection
    engine.dispose()


def rows(connection: Connection, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in connection.execute(text(sql), params)]


def first_rows(url: str) -> dict[str, list[tuple[Any, ...]]]:
    engine = create_engine(url)
    with engine.connect() as connection:
        found = {
            table.name: rows(connection, f"SELECT * FROM {table.name} ORDER BY 1, 2 LIMIT 5")
            for table in metadata.sorted_tables
        }
    engine.dispose()
    return found


def test_every_table_of_the_schema_gets_rows(demo: DemoStats) -> None:
    assert set(demo.row_counts) == set(metadata.tables)
    assert [name for name, count in demo.row_counts.items() if count == 0] == []
    assert demo.row_counts["erp_contacts"] == SCALE


def test_the_same_seed_and_scale_build_the_same_rows(demo: DemoStats, tmp_path: Path) -> None:
    again = build_demo_database(f"sqlite:///{tmp_path / 'again.db'}", scale=SCALE, seed=7)
    assert again.row_counts == demo.row_counts
    assert first_rows(again.url) == first_rows(demo.url)
    assert again.look_alikes == demo.look_alikes


def test_another_process_builds_the_same_rows(demo: DemoStats, tmp_path: Path) -> None:
    """String hashing differs between processes; nothing in the build may depend on it."""
    url = f"sqlite:///{tmp_path / 'other.db'}"
    script = (
        "import json, sys; from pactum.demo.generate import build_demo_database; "
        f"print(json.dumps(build_demo_database(sys.argv[1], scale={SCALE}, seed=7).row_counts))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    done = subprocess.run(
        [sys.executable, "-c", script, url], capture_output=True, text=True, env=env, check=True
    )
    assert json.loads(done.stdout) == demo.row_counts
    assert first_rows(url) == first_rows(demo.url)


def test_another_seed_builds_other_people(demo: DemoStats, tmp_path: Path) -> None:
    other = build_demo_database(f"sqlite:///{tmp_path / 'seed8.db'}", scale=SCALE, seed=8)
    assert first_rows(other.url)["erp_contacts"] != first_rows(demo.url)["erp_contacts"]


def test_foreign_keys_hold_including_the_composite_customer_key(db: Connection) -> None:
    assert rows(db, "PRAGMA foreign_key_check") == []
    composite = [
        fk["constrained_columns"]
        for fk in inspect(db).get_foreign_keys("erp_contacts")
        if fk["referred_table"] == "erp_customers"
    ]
    assert composite == [["client", "customer_no"]]


def test_every_foreign_key_column_is_indexed(db: Connection) -> None:
    inspector = inspect(db)
    unindexed = []
    for table in metadata.sorted_tables:
        indexed = {tuple(i["column_names"]) for i in inspector.get_indexes(table.name)}
        indexed.add(tuple(inspector.get_pk_constraint(table.name)["constrained_columns"]))
        for fk in inspector.get_foreign_keys(table.name):
            columns = tuple(fk["constrained_columns"])
            if not any(index[: len(columns)] == columns for index in indexed):
                unindexed.append((table.name, columns))
    assert unindexed == []


def test_look_alike_people_share_name_company_and_domain_but_are_distinct(
    demo: DemoStats, db: Connection
) -> None:
    assert len(demo.look_alikes) >= 3
    for pair in demo.look_alikes:
        one, two = (
            rows(
                db,
                "SELECT id, first_name, last_name, client, customer_no, lower(trim(email)),"
                " phone, address_id FROM erp_contacts WHERE id = :id",
                id=contact_id,
            )[0]
            for contact_id in pair.contact_ids
        )
        assert (
            one[1:5] == two[1:5] == (pair.first_name, pair.last_name, pair.client, pair.customer_no)
        )
        assert one[5].partition("@")[2] == two[5].partition("@")[2]
        assert one[5] != two[5]
        assert one[6] != two[6]
        assert one[7] == two[7]  # the office address row is shared too
        assert list(pair.emails) == [one[5], two[5]]
    assert len(set(demo.look_alike_emails)) == 2 * len(demo.look_alikes)


def test_company_accounts_have_several_contacts_and_addresses_are_shared(db: Connection) -> None:
    [(accounts,)] = rows(
        db,
        "SELECT count(*) FROM (SELECT 1 FROM erp_contacts GROUP BY client, customer_no"
        " HAVING count(*) >= 3)",
    )
    [(households,)] = rows(
        db,
        "SELECT count(*) FROM (SELECT 1 FROM erp_contacts c JOIN erp_addresses a"
        " ON a.id = c.address_id WHERE a.kind = 'home'"
        " GROUP BY c.address_id, c.last_name HAVING count(*) = 2)",
    )
    assert accounts > 10
    assert households > 3


def test_work_emails_of_contacts_are_unique(db: Connection) -> None:
    assert (
        rows(db, "SELECT lower(trim(email)) FROM erp_contacts GROUP BY 1 HAVING count(*) > 1") == []
    )


def test_source_rows_are_as_messy_as_real_systems(db: Connection) -> None:
    emails = [
        e
        for (e,) in rows(db, "SELECT email FROM crm_leads UNION ALL SELECT email FROM erp_contacts")
    ]
    assert any(e != e.strip() for e in emails)
    assert any(e != e.lower() for e in emails)
    phones = [p for (p,) in rows(db, "SELECT phone FROM erp_contacts")]
    assert any(p.startswith("+") and " " not in p for p in phones)  # E.164
    assert any(not p.startswith("+") for p in phones)  # national formats
    only_email = rows(db, "SELECT count(*) FROM crm_leads WHERE first_name IS NULL")
    assert only_email[0][0] > 0


def test_a_cookie_links_anonymous_sessions_to_a_contact_after_a_login(db: Connection) -> None:
    linked = rows(
        db,
        "SELECT cookie_id FROM web_sessions GROUP BY cookie_id"
        " HAVING count(contact_id) > 0 AND count(*) > count(contact_id)",
    )
    anonymous = rows(
        db, "SELECT cookie_id FROM web_sessions GROUP BY cookie_id HAVING count(contact_id) = 0"
    )
    assert linked
    assert anonymous
    assert (
        rows(db, "SELECT count(*) FROM web_log_lines WHERE cookie_id = :c", c=linked[0][0])[0][0]
        > 0
    )


def test_some_tickets_hold_special_category_text_that_intake_should_have_refused(
    db: Connection,
) -> None:
    bodies = [b for (b,) in rows(db, "SELECT body FROM support_tickets")]
    sensitive = re.compile(
        r"chemotherapy|diabetic|antidepressants|Yom Kippur|union|pregnant|conviction|campaign"
    )
    assert 0 < sum(1 for b in bodies if sensitive.search(b)) < len(bodies) / 10
    assert any(re.search(r"SO-\d{4}-\d{6}", b) for b in bodies)


def test_progress_is_reported_up_to_each_tables_final_count(tmp_path: Path) -> None:
    calls: list[tuple[str, int, int]] = []
    stats = build_demo_database(
        f"sqlite:///{tmp_path / 'p.db'}", scale=100, progress=lambda *call: calls.append(call)
    )
    finals = {table: (done, total) for table, done, total in calls}
    assert finals == {table: (count, count) for table, count in stats.row_counts.items()}
    assert all(done <= total for _, done, total in calls)


def test_a_rebuild_replaces_the_demo_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    build_demo_database(url, scale=50, seed=1)
    stats = build_demo_database(url, scale=80, seed=1)
    engine = create_engine(url)
    with engine.connect() as connection:
        assert rows(connection, "SELECT count(*) FROM erp_contacts") == [(80,)]
    engine.dispose()
    assert stats.row_counts["erp_contacts"] == 80


def test_a_database_with_other_tables_is_never_replaced(tmp_path: Path) -> None:
    path = tmp_path / "precious.db"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE ledger (id INTEGER PRIMARY KEY)"))
    engine.dispose()
    with pytest.raises(Conflict, match="ledger"):
        build_demo_database(f"sqlite:///{path}", scale=10)
    assert path.exists()


def test_python_memory_stays_flat_as_the_scale_grows(tmp_path: Path) -> None:
    """Objects alive at each batch; SQLite's page cache is outside Python and capped anyway."""

    def most_blocks(scale: int) -> int:
        samples: list[int] = []
        build_demo_database(
            f"sqlite:///{tmp_path / f'm{scale}.db'}",
            scale=scale,
            progress=lambda *_: samples.append(sys.getallocatedblocks()),
        )
        return max(samples)

    small, large = most_blocks(1_000), most_blocks(4_000)
    assert large < small * 1.1, (small, large)
