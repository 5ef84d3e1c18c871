"""Locating a person across systems from their e-mail alone, without taking anyone else's rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from pactum.connectors.systems import ConnectorSet, connectors_for
from pactum.errors import InvalidDocument
from pactum.execution.footprint import Footprint
from pactum.execution.walk import locate
from pactum.identities import Identity, normalize
from tests.execution.company import ALICE, Company, company


def keys(footprint: Footprint, place: str, *, shared: bool = False) -> set[tuple[object, ...]]:
    system, dataset = place.split(".")
    holding = footprint.holding(system, dataset)
    return {r.key for r in holding.rows if r.shared is shared} if holding else set()


def find_alice(acme: Company, connectors: ConnectorSet) -> Footprint:
    return locate(acme.inventory, [normalize("email", ALICE)], connectors)


def test_a_person_is_found_in_every_system_from_their_email_alone(
    acme: Company, connectors: ConnectorSet
) -> None:
    footprint = find_alice(acme, connectors)

    assert keys(footprint, "crm.contacts") == {(1,)}  # stored as "Alice.Smith@acme.example "
    assert keys(footprint, "crm.notes") == {(1,), (2,)}
    assert keys(footprint, "erp.customers") == {("001", "10001")}  # stored in capitals
    assert keys(footprint, "erp.orders") == {(101,), (102,)}  # composite (client, customer_no)
    assert keys(footprint, "erp.order_lines") == {(101, 1), (101, 2), (102, 1)}
    assert keys(footprint, "erp.invoices") == {(201,), (202,)}
    assert keys(footprint, "erp.employees") == {(1,)}
    assert keys(footprint, "web.sessions") == {("s-a1",), ("s-a2",)}  # across systems
    assert keys(footprint, "web.page_views") == {("c-alice",)}  # through the cookie id
    assert keys(footprint, "newsletter.subscribers") == {(1,)}  # over HTTP
    assert [task.system for task in footprint.manual] == ["archive"]


def test_identities_found_on_the_way_are_searched_and_reported(
    acme: Company, connectors: ConnectorSet
) -> None:
    footprint = find_alice(acme, connectors)

    assert footprint.discovered == {
        Identity("phone", "+14155550123"),  # stored as "(415) 555-0123" in the CRM
        Identity("cookie_id", "c-alice"),
    }


def test_look_alikes_are_never_taken_as_the_person(acme: Company, connectors: ConnectorSet) -> None:
    footprint = find_alice(acme, connectors)

    # alice2: same name, company and domain, same customer number under another client.
    assert ("002", "10001") not in keys(footprint, "erp.customers")
    assert (103,) not in keys(footprint, "erp.orders")
    assert (2,) not in keys(footprint, "crm.contacts")
    # bob shares her household's address; carol the switchboard number alice also gave.
    assert keys(footprint, "erp.customers") == {("001", "10001")}
    assert keys(footprint, "crm.contacts") == {(1,)}


def test_shared_rows_are_reported_with_only_the_persons_own_fields(
    acme: Company, connectors: ConnectorSet
) -> None:
    footprint = find_alice(acme, connectors)

    address = footprint.holding("erp", "addresses")
    company = footprint.holding("erp", "companies")
    assert address is not None and company is not None
    [household] = address.rows
    assert household.shared and household.fields == () and household.shown == ("street", "city")
    [account] = company.rows
    assert account.shared and "switchboard" not in account.shown  # a number several people share
    assert "billing_email" not in account.shown


def test_an_identity_shared_by_several_people_is_not_followed(
    acme: Company, connectors: ConnectorSet
) -> None:
    footprint = find_alice(acme, connectors)

    assert Identity("phone", "+14155550100") not in footprint.discovered  # the switchboard
    withheld = {(w.system, w.dataset): w.rows for w in footprint.withheld}
    assert withheld == {("crm", "contacts"): 1, ("erp", "customers"): 1}  # carol's rows


def test_someone_elses_row_that_mentions_the_person_is_linked_not_taken(
    acme: Company, connectors: ConnectorSet
) -> None:
    footprint = find_alice(acme, connectors)

    employees = footprint.holding("erp", "employees")
    assert employees is not None
    [dave] = employees.shared_rows
    assert dave.key == (2,) and dave.fields == ("manager_id",)
    assert (3,) not in keys(footprint, "erp.employees", shared=True)  # dave's report, not hers


def test_messy_stored_forms_of_an_email_and_a_phone_are_matched(
    acme: Company, connectors: ConnectorSet
) -> None:
    acme.execute("crm", "UPDATE contacts SET email = ' ALICE.SMITH@ACME.EXAMPLE' WHERE id = 1")
    acme.execute("crm", "UPDATE contacts SET email = NULL, phone = '415.555.0177' WHERE id = 2")

    by_phone = locate(acme.inventory, [normalize("phone", "+1 415 555 0177")], connectors)
    by_email = find_alice(acme, connectors)

    assert keys(by_phone, "crm.contacts") == {(2,)}
    assert keys(by_email, "crm.contacts") == {(1,)}


def test_a_person_nobody_knows_has_an_empty_footprint(
    acme: Company, connectors: ConnectorSet
) -> None:
    footprint = locate(acme.inventory, [normalize("email", "nobody@nowhere.example")], connectors)

    assert footprint.holdings == () and footprint.discovered == frozenset()


def test_a_column_dropped_since_the_inventory_was_written_is_named(acme: Company) -> None:
    acme.execute("crm", "ALTER TABLE notes RENAME COLUMN body TO text")

    with connectors_for(acme.inventory) as connectors, pytest.raises(InvalidDocument) as error:
        find_alice(acme, connectors)

    assert [p.where for p in error.value.problems] == ["crm.notes.body"]


def test_lookups_use_indexes_never_a_table_scan(tmp_path: Path) -> None:
    lookups = [
        ("erp", "customers", ["email"], [("a@b.example",), ("A@B.EXAMPLE",)]),
        ("erp", "customers", ["client", "customer_no"], [("001", "10001"), ("002", "9")]),
        ("erp", "orders", ["client", "customer_no"], [("001", "1"), ("001", "2"), ("002", "1")]),
        ("erp", "order_lines", ["order_id", "line_no"], [(101, 1), (102, 1)]),
        ("crm", "contacts", ["erp_client", "erp_customer_no"], [("001", "10001")]),
        ("web", "page_views", ["cookie_id"], [("c-1",), (None,)]),
    ]
    with company(tmp_path) as acme, connectors_for(acme.inventory) as connectors:
        plans = [
            connectors[system].query_plan(dataset, fields, values)  # type: ignore[attr-defined]
            for system, dataset, fields, values in lookups
        ]
    for plan in plans:
        details = [line.split(" ", 3)[3] for line in plan]  # "id parent 0 SEARCH t USING ..."
        # The only scan allowed is of the values looked up (SQLite's json_each of the parameter).
        scans = [d for d in details if d.startswith("SCAN ") and "CONSTANT" not in d]
        assert not [d for d in scans if "VIRTUAL TABLE" not in d], plan
        assert any(
            "USING INDEX" in d or "USING PRIMARY KEY" in d or "COVERING INDEX" in d for d in details
        ), plan
