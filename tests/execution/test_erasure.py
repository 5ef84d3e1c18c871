"""Erasing a person: in foreign-key order, only their rows, idempotent, resumable after a crash."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from pactum.connectors.systems import ConnectorSet, connectors_for
from pactum.errors import Conflict, InvalidDocument, Unavailable
from pactum.execution.plan import ErasurePlan, plan_erasure
from pactum.execution.steps import MASK, Action, Step, run_step
from pactum.execution.walk import locate
from pactum.identities import normalize
from tests.execution.company import ALICE, ALICES_ROWS, Company, company

KEY = b"k" * 32
Dump = dict[str, list[dict[str, Any]]]


def plan_for_alice(acme: Company, connectors: ConnectorSet) -> ErasurePlan:
    footprint = locate(acme.inventory, [normalize("email", ALICE)], connectors)
    return plan_erasure(acme.inventory, footprint)


def run_all(steps: tuple[Step, ...] | list[Step], connectors: ConnectorSet) -> list[int]:
    return [run_step(step, connectors, key=KEY).rows_written for step in steps]


def others(dump: Dump) -> Dump:
    return {
        table: [r for r in rows if not ALICES_ROWS.get(table, lambda _: False)(r)]
        for table, rows in dump.items()
    }


def test_nobody_elses_rows_change_except_the_link_to_the_person(
    acme: Company, connectors: ConnectorSet
) -> None:
    before = acme.dump()

    run_all(plan_for_alice(acme, connectors).steps, connectors)

    expected = others(before)
    dave = next(r for r in expected["erp.employees"] if r["id"] == 2)
    dave["manager_id"] = None  # alice was dave's manager: the link to her is all that goes
    assert others(acme.dump()) == expected


def test_the_persons_rows_are_deleted_or_erased_and_kept_fields_reported(
    acme: Company, connectors: ConnectorSet
) -> None:
    plan = plan_for_alice(acme, connectors)

    run_all(plan.steps, connectors)

    after = acme.dump()
    mine = {
        t: [r for r in rows if ALICES_ROWS.get(t, lambda _: False)(r)] for t, rows in after.items()
    }
    for table in ("erp.customers", "erp.order_lines", "erp.employees", "crm.contacts",
                  "crm.notes", "web.page_views", "newsletter.subscribers"):  # fmt: skip
        assert mine[table] == [], table
    # Invoices are kept for the tax authority, so their orders are too: personal fields erased.
    assert [(r["billing_name"], r["amount"]) for r in mine["erp.invoices"]] == [
        (None, 1060.5),
        (None, 1071.0),
    ]
    assert {(r["client"], r["customer_no"], r["ship_to_name"]) for r in mine["erp.orders"]} == {
        (None, None, None)
    }
    pseudonyms = {(r["cookie_id"][0], len(r["cookie_id"])) for r in mine["web.sessions"]}
    assert pseudonyms == {("~", 36)}  # a keyed hash, cut to the column's width
    assert {(r["ip"], r["contact_id"]) for r in mine["web.sessions"]} == {(MASK, None)}
    [kept] = plan.kept
    assert (kept.system, kept.dataset, kept.field, kept.obligation, kept.keep_for, kept.rows) == (
        "erp", "invoices", "amount", "26 U.S.C. 6001 (tax records)", "7 years", 2
    )  # fmt: skip


def test_children_are_deleted_before_their_parents(acme: Company, connectors: ConnectorSet) -> None:
    steps = plan_for_alice(acme, connectors).steps
    order = [f"{s.action.value} {s.system}.{s.dataset}" for s in steps]

    assert order.index("delete crm.notes") < order.index("delete crm.contacts")
    assert order.index("erase erp.orders") < order.index("delete erp.customers")
    assert order.index("unlink erp.employees") < order.index("delete erp.employees")
    assert order.index("delete crm.contacts") < order.index(
        "delete erp.customers"
    )  # across systems
    assert order[-1] == "manual archive.*"


def test_planning_the_same_footprint_gives_the_same_steps(
    acme: Company, connectors: ConnectorSet
) -> None:
    first, second = plan_for_alice(acme, connectors), plan_for_alice(acme, connectors)

    assert [s.to_json() for s in first.steps] == [s.to_json() for s in second.steps]
    assert [Step.from_json(json.loads(json.dumps(s.to_json()))) for s in first.steps] == list(
        first.steps
    )


def test_running_the_plan_again_changes_nothing(acme: Company, connectors: ConnectorSet) -> None:
    plan = plan_for_alice(acme, connectors)
    first = run_all(plan.steps, connectors)
    after_first = acme.dump()

    second = run_all(plan.steps, connectors)

    assert sum(first) > 0 and second == [0] * len(plan.steps)
    assert acme.dump() == after_first


@pytest.mark.slow
def test_a_worker_killed_mid_write_resumes_to_the_same_end_as_an_uninterrupted_run(
    database_url: str, tmp_path: Path
) -> None:
    with company(tmp_path / "calm", database_url) as calm, connectors_for(calm.inventory) as c:
        run_all(plan_for_alice(calm, c).steps, c)
        uninterrupted = calm.dump()
    with company(tmp_path / "crash", database_url) as acme:
        with connectors_for(acme.inventory) as connectors:
            plan = plan_for_alice(acme, connectors)
        stored = tmp_path / "plan.json"
        stored.write_text(json.dumps([s.to_json() for s in plan.steps]))
        (tmp_path / "inventory.json").write_text(acme.inventory.model_dump_json())
        worker = subprocess.run(
            [sys.executable, "-m", "tests.execution.crashing_worker",
             str(tmp_path / "inventory.json"), str(stored), "4"],
            capture_output=True, check=False,
        )  # fmt: skip
        assert worker.returncode == -9, worker.stderr.decode()
        assert acme.dump() not in (uninterrupted, None)

        resumed = [Step.from_json(item) for item in json.loads(stored.read_text())]
        with connectors_for(acme.inventory) as connectors:  # everything rebuilt from scratch
            run_all(resumed, connectors)

        assert acme.dump() == uninterrupted


def test_a_system_that_goes_down_mid_run_is_named_and_its_step_not_applied(
    acme: Company, connectors: ConnectorSet
) -> None:
    steps = plan_for_alice(acme, connectors).steps
    newsletter = next(i for i, s in enumerate(steps) if s.system == "newsletter")
    run_all(steps[:newsletter], connectors)
    acme.newsletter.stop()

    with pytest.raises(Unavailable) as error:
        run_step(steps[newsletter], connectors, key=KEY)

    assert error.value.where == "newsletter" and "newsletter" in str(error.value)


def test_a_database_that_goes_down_mid_run_is_named(
    acme: Company, connectors: ConnectorSet
) -> None:
    steps = plan_for_alice(acme, connectors).steps
    crm = next(i for i, s in enumerate(steps) if s.system == "crm")
    run_all(steps[:crm], connectors)

    with down(acme.urls["crm"]), pytest.raises(Unavailable) as error:
        run_step(steps[crm], connectors, key=KEY)

    assert error.value.where == "crm"
    assert len(others(acme.dump())["crm.notes"]) == 2 and len(acme.dump()["crm.notes"]) == 4


@contextmanager
def down(url: str) -> Iterator[None]:
    """The database stops answering: its file is gone, or the server refuses connections."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = Path(str(parsed.database))
        path.rename(path.with_suffix(".away"))
        yield
        path.with_suffix(".away").rename(path)
        return
    name = parsed.database
    admin = create_engine(parsed.set(database="postgres", query={}), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"ALTER DATABASE {name} ALLOW_CONNECTIONS false"))
        connection.execute(
            text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :name"),
            {"name": name},
        )
        yield
        connection.execute(text(f"ALTER DATABASE {name} ALLOW_CONNECTIONS true"))
    admin.dispose()


def test_a_step_is_all_or_nothing(acme: Company, connectors: ConnectorSet) -> None:
    # carol's contact (4) still has a note; erin's (5) has none: the step must not half-apply.
    step = Step.make("crm", "contacts", Action.DELETE, keys=((4,), (5,)))

    with pytest.raises(Conflict) as error:
        run_step(step, connectors, key=KEY)

    assert error.value.where == "crm.contacts"
    assert {r["id"] for r in acme.dump()["crm.contacts"]} >= {4, 5}


def test_a_schema_changed_since_the_inventory_deletes_nothing(acme: Company) -> None:
    acme.execute("web", "ALTER TABLE page_views RENAME COLUMN path TO url")
    before = acme.dump()

    with connectors_for(acme.inventory) as connectors, pytest.raises(InvalidDocument) as error:
        plan_for_alice(acme, connectors)

    assert "web.page_views.path" in str(error.value)
    assert acme.dump() == before
