"""Discovery on the demo company: it finds the annotated personal data and drafts a valid inventory.

`demo_file` (a demo database at scale 300) and `policy` (the demo's) come from conftest.py.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text

from pactum.demo.annotations import annotated_personal_columns, demo_inventory_text
from pactum.demo.schema import metadata
from pactum.discovery.schemas import Change
from pactum.discovery.service import discover
from pactum.inventory.document import Inventory
from pactum.inventory.loading import parse_inventory
from pactum.policy.document import Policy

SAMPLE = 50


def demo_inventory(url: str, policy: Policy) -> Inventory:
    return parse_inventory(demo_inventory_text(url), "demo inventory", policy)


def test_discovery_finds_the_annotated_personal_columns_of_the_demo(
    demo_file: Path, policy: Policy
) -> None:
    url = f"sqlite:///{demo_file}"
    report = discover(url, policy=policy, current=None, sample=SAMPLE).report
    annotated = annotated_personal_columns()
    found = {(c.table, c.column) for c in report.personal_columns}
    recall = len(found & annotated) / len(annotated)
    precision = len(found & annotated) / len(found)
    assert recall >= 0.95, sorted(annotated - found)
    assert precision >= 0.8, sorted(found - annotated)  # bench/discovery.py reports it exactly


def test_the_draft_is_a_valid_inventory_of_the_policys_categories(
    demo_file: Path, policy: Policy
) -> None:
    url = f"sqlite:///{demo_file}"
    found = discover(url, policy=policy, current=None, sample=SAMPLE)
    draft = parse_inventory(found.draft, "draft.yaml", policy)
    assert draft == found.inventory
    contacts = draft.systems[0].dataset("erp_contacts")
    assert contacts is not None
    email = contacts.field("email")
    assert email is not None
    assert (email.category, email.identity) == ("user.contact.email", "email")
    assert contacts.timestamp == "created_at"
    # Each field's confidence and reason is a comment on its line; no sampled value is copied.
    line = next(x for x in found.draft.splitlines() if "{name: email," in x)
    assert re.search(r"# 0\.\d\d name \"email\" and \d+% of \d+ values are e-mail addresses", line)
    assert "@" not in found.draft.replace("`", "")


def test_declared_foreign_keys_become_references_and_lend_their_identity(
    demo_file: Path, policy: Policy
) -> None:
    found = discover(f"sqlite:///{demo_file}", policy=policy, current=None, sample=SAMPLE)
    orders = found.inventory.systems[0].dataset("erp_orders")
    assert orders is not None
    targets = {(tuple(r.fields), r.to, tuple(r.to_fields)) for r in orders.references}
    assert (("client", "customer_no"), "erp_customers", ("client", "customer_no")) in targets
    assert (("contact_id",), "erp_contacts", ("id",)) in targets
    contact_key = found.report.column("erp_contacts", "id")
    assert contact_key is not None and contact_key.identity == "contact_id"
    # One column of a composite key finds nobody on its own.
    part = found.report.column("erp_orders", "customer_no")
    assert part is not None and not part.personal


def test_sampling_reads_every_table_with_a_limit(demo_file: Path, policy: Policy) -> None:
    statements: list[str] = []

    def capture(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(statement)

    event.listen(Engine, "before_cursor_execute", capture)
    try:
        report = discover(f"sqlite:///{demo_file}", policy=policy, current=None, sample=SAMPLE)
    finally:
        event.remove(Engine, "before_cursor_execute", capture)
    reads = [s for s in statements if _reads_a_table(s)]
    assert len(reads) >= len(metadata.tables)
    assert [s for s in reads if "LIMIT" not in s] == []
    assert all(t.rows_sampled <= SAMPLE for t in report.report.tables)
    assert report.report.column("web_log_lines", "ip") is not None


def _reads_a_table(statement: str) -> bool:
    return any(re.search(rf'FROM "?{name}"?\b', statement) for name in metadata.tables)


def test_the_diff_names_a_column_added_and_one_dropped_after_the_inventory_was_written(
    demo_file: Path, policy: Policy, tmp_path: Path
) -> None:
    copy = tmp_path / "changed.db"
    shutil.copy(demo_file, copy)
    url = f"sqlite:///{copy}"
    current = demo_inventory(url, policy)
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("ALTER TABLE erp_contacts ADD COLUMN private_email VARCHAR(254)"))
        connection.execute(
            text("UPDATE erp_contacts SET private_email = 'p' || id || '@mail.test'")
        )
        connection.execute(text("ALTER TABLE erp_contacts DROP COLUMN job_title"))
    engine.dispose()
    report = discover(url, policy=policy, current=current, sample=SAMPLE).report
    assert "erp" in report.compared_with
    changes = {(d.change, d.table, d.column): d for d in report.diff}
    added = changes[(Change.ADDED_COLUMN, "erp_contacts", "private_email")]
    assert added.after == "user.contact.email"
    assert (Change.MISSING_COLUMN, "erp_contacts", "job_title") in changes


def test_an_unchanged_database_shows_no_missing_columns(demo_file: Path, policy: Policy) -> None:
    url = f"sqlite:///{demo_file}"
    report = discover(url, policy=policy, current=demo_inventory(url, policy), sample=SAMPLE).report
    assert len(report.compared_with) == 7  # every demo system lives in the one file
    missing = {Change.MISSING_TABLE, Change.MISSING_COLUMN, Change.ADDED_TABLE}
    assert [d for d in report.diff if d.change in missing] == []
