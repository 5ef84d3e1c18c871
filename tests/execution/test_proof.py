"""The proof of an erasure: a fresh search finds only what an obligation keeps."""

from __future__ import annotations

from pactum.connectors.systems import ConnectorSet, connectors_for
from pactum.execution.plan import plan_erasure
from pactum.execution.proof import Proof, verify_erasure
from pactum.execution.steps import run_step
from pactum.execution.walk import locate
from pactum.identities import normalize
from pactum.inventory.document import DataField, Erasure, Inventory
from pactum.policy.duration import Duration
from tests.execution.company import ALICE, Company

KEY = b"k" * 32


def kept(inventory: Inventory, system: str, dataset: str, field: str) -> Inventory:
    """The inventory with one more field kept under an obligation."""

    def edit(s_id: str, d_name: str, f: DataField) -> DataField:
        if (s_id, d_name, f.name) != (system, dataset, field):
            return f
        return f.model_copy(
            update={
                "erasure": Erasure.KEEP,
                "obligation": "HGB 257",
                "keep_for": Duration.parse("6 years"),
            }
        )

    systems = [
        s.model_copy(
            update={
                "datasets": [
                    d.model_copy(update={"fields": [edit(s.id, d.name, f) for f in d.fields]})
                    for d in s.datasets
                ]
            }
        )
        for s in inventory.systems
    ]
    return inventory.model_copy(update={"systems": systems})


def erase_alice(inventory: Inventory, connectors: ConnectorSet) -> Proof:
    footprint = locate(inventory, [normalize("email", ALICE)], connectors)
    plan = plan_erasure(inventory, footprint)
    for step in plan.steps:
        run_step(step, connectors, key=KEY)
    return verify_erasure(
        inventory, footprint.identities, connectors, discovered=footprint.discovered, plan=plan
    )


def test_after_an_erasure_a_fresh_search_finds_nothing(
    acme: Company, connectors: ConnectorSet
) -> None:
    proof = erase_alice(acme.inventory, connectors)

    assert proof.is_complete and proof.remaining == () and proof.kept == ()
    assert len(proof.removed_digest) == 64 and proof.steps == 12
    assert "alice" not in str(proof.to_json()).lower()


def test_before_an_erasure_the_proof_names_what_remains(
    acme: Company, connectors: ConnectorSet
) -> None:
    footprint = locate(acme.inventory, [normalize("email", ALICE)], connectors)

    proof = verify_erasure(
        acme.inventory, footprint.identities, connectors, discovered=footprint.discovered
    )

    assert not proof.is_complete
    assert ("crm", "contacts", "email", 1) in {
        (r.system, r.dataset, r.field, r.rows) for r in proof.remaining
    }


def test_a_field_kept_under_an_obligation_is_all_that_is_found_again(acme: Company) -> None:
    inventory = kept(acme.inventory, "crm", "contacts", "email")

    with connectors_for(inventory) as connectors:
        proof = erase_alice(inventory, connectors)

    assert proof.is_complete
    assert [(k.dataset, k.field, k.kept_because) for k in proof.kept] == [
        ("contacts", "email", "HGB 257")
    ]


def test_a_row_withheld_by_the_walk_is_withheld_by_the_proof_too(
    acme: Company, connectors: ConnectorSet
) -> None:
    # Alice's own phone on someone's contact with another address: perhaps hers, perhaps a
    # colleague's. The walk withholds it for staff; the proof must not then count it as
    # alice's data left behind (nor may the erasure have touched it).
    acme.execute(
        "crm",
        "INSERT INTO contacts (id, email, phone, first_name, last_name, company_name) "
        "VALUES (9, 'a.smith.home@mail.example', '415-555-0123', 'A.', 'Smith', 'Acme Corp')",
    )

    proof = erase_alice(acme.inventory, connectors)

    assert proof.is_complete, proof.remaining
    assert proof.withheld == 1
    [row] = [r for r in acme.dump()["crm.contacts"] if r["id"] == 9]
    assert row["email"] == "a.smith.home@mail.example" and row["phone"] == "415-555-0123"
