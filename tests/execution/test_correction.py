"""Correcting a person's data where the inventory says each field lives, in their rows only."""

from __future__ import annotations

import pytest

from pactum.connectors.systems import ConnectorSet
from pactum.errors import Invalid
from pactum.execution.correction import plan_correction
from pactum.execution.steps import Action, run_step
from pactum.execution.walk import locate
from pactum.identities import normalize
from tests.execution.company import ALICE, Company

KEY = b"k" * 32


def correct(acme: Company, connectors: ConnectorSet, changes: dict[str, str]) -> list[int]:
    footprint = locate(acme.inventory, [normalize("email", ALICE)], connectors)
    steps = plan_correction(acme.inventory, footprint, changes)
    return [run_step(step, connectors, key=KEY).rows_written for step in steps]


def test_a_category_is_corrected_everywhere_the_person_has_it(
    acme: Company, connectors: ConnectorSet
) -> None:
    before = acme.dump()

    correct(acme, connectors, {"user.contact.phone_number": "(415) 555-0188"})

    after = acme.dump()
    phones = {r["id"]: r["phone"] for r in after["crm.contacts"]}
    assert phones[1] == "+14155550188"
    assert (
        next(
            r for r in after["erp.customers"] if r["name"] == "Alice Smith" and r["client"] == "001"
        )["phone"]
        == "+14155550188"
    )
    assert after["erp.companies"] == before["erp.companies"]  # the switchboard is not hers
    assert [r for r in after["crm.contacts"] if r["id"] != 1] == [
        r for r in before["crm.contacts"] if r["id"] != 1
    ]


def test_a_single_field_is_corrected_by_its_place(acme: Company, connectors: ConnectorSet) -> None:
    written = correct(acme, connectors, {"crm.contacts.last_name": "Smith-Jones"})

    assert sum(written) == 1
    assert {r["id"]: r["last_name"] for r in acme.dump()["crm.contacts"]}[1] == "Smith-Jones"


def test_correcting_again_changes_nothing(acme: Company, connectors: ConnectorSet) -> None:
    first = correct(acme, connectors, {"user.name": "Alice Smith-Jones"})

    second = correct(acme, connectors, {"user.name": "Alice Smith-Jones"})

    assert sum(first) > 0 and set(second) == {0}


def test_a_manual_system_holding_the_category_gets_a_task(
    acme: Company, connectors: ConnectorSet
) -> None:
    footprint = locate(acme.inventory, [normalize("email", ALICE)], connectors)

    steps = plan_correction(acme.inventory, footprint, {"user.name": "Alice Smith-Jones"})

    [manual] = [s for s in steps if s.action is Action.MANUAL]
    assert manual.task is not None and "contracts.signed_by" in manual.task.instructions


def test_a_change_that_reaches_none_of_the_persons_data_is_refused(
    acme: Company, connectors: ConnectorSet
) -> None:
    footprint = locate(acme.inventory, [normalize("email", ALICE)], connectors)

    with pytest.raises(Invalid) as error:
        plan_correction(acme.inventory, footprint, {"user.health": "fine"})
    with pytest.raises(Invalid):
        plan_correction(acme.inventory, footprint, {"user.contact.email": "not an address"})

    assert error.value.where == "user.health"
