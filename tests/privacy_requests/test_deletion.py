"""Deletion end to end: found across every system, erased, proved, told, and then forgotten."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect, select, text

from pactum.audit.models import AuditEntry
from pactum.audit.service import verify_chain
from pactum.connectors.sql import SqlConnector
from pactum.errors import Unavailable
from pactum.mail import read_outbox
from pactum.privacy_requests import fulfilment, steps
from pactum.privacy_requests.models import PrivacyRequest, RequestStep, Status
from pactum.privacy_requests.timeline import request_detail
from pactum.workspace import Workspace
from tests.builders import FixedClock
from tests.connectors.contract_server import ContractServer
from tests.execution.company import ALICE, Company, company
from tests.privacy_requests.company import (
    confirm_all,
    dump,
    import_inventory,
    run,
    submit,
    verify,
)

# What deleting alice may change: her own rows, and her links in rows that stay (first column).
ALICES_ROWS = {
    ("erp.customers", "001", "10001"), ("erp.employees", 1), ("erp.employees", 2),
    ("erp.orders", 101), ("erp.orders", 102), ("erp.invoices", 201), ("erp.invoices", 202),
    ("erp.order_lines", 101), ("erp.order_lines", 102), ("crm.contacts", 1), ("crm.notes", 1),
    ("crm.notes", 2), ("web.page_views", "c-alice"), ("web.sessions", "s-a1"),
    ("web.sessions", "s-a2"), ("newsletter.subscribers", 1),
}  # fmt: skip


@pytest.fixture
def acme(published: Workspace, database_url: str, tmp_path: Path) -> Iterator[Company]:
    (tmp_path / "acme").mkdir()
    with company(tmp_path / "acme", None if "sqlite" in database_url else database_url) as built:
        import_inventory(published, built.inventory)
        yield built


def delete_alice(workspace: Workspace) -> str:
    request = submit(workspace, "delete", email=ALICE).request
    verify(workspace, request.id)
    outcome = run(workspace, request.id)
    assert outcome.status == Status.WAITING_FOR_STAFF, outcome.message
    return request.id


def touched(before: dict[str, list[Any]], after: dict[str, list[Any]]) -> set[tuple[Any, ...]]:
    """The rows deleted or changed, named by table and key columns."""
    places = set()
    for table, rows in before.items():
        for row in set(rows) - set(after[table]):
            width = 3 if table == "erp.customers" else 2
            places.add((table, *row[: width - 1]))
    return places


def test_a_person_is_deleted_across_every_system_and_nobody_else_is_touched(
    published: Workspace, acme: Company
) -> None:
    before = dump(acme.urls)
    request_id = delete_alice(published)
    told = confirm_all(published, request_id)
    assert {"recipient:mailer_co", "recipient:list_partner", "recipient:tax_office"} <= set(told)
    outcome = run(published, request_id)
    assert outcome.status == Status.COMPLETED, outcome.message
    after = dump(acme.urls)
    assert touched(before, after) <= ALICES_ROWS
    assert ("erp.customers", "002", "10001") not in touched(before, after)  # the other Alice
    invoices = {row[0]: row for row in after["erp.invoices"]}
    assert invoices[201] == (201, 101, None, 1060.5)  # the amount is kept for the tax law


def test_the_proof_goes_into_the_audit_log_which_still_verifies(
    published: Workspace, acme: Company
) -> None:
    request_id = delete_alice(published)
    confirm_all(published, request_id)
    run(published, request_id)
    with published.reader()() as session:
        detail = request_detail(session, request_id)
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "privacy_request.erasure_proved")
        ).one()
        assert verify_chain(session).ok
    proof = detail.proof
    assert proof is not None and proof["audit_id"] == entry.id
    assert entry.subject == detail.request.subject
    assert entry.details["removed_digest"] == proof["removed_digest"]
    assert [k["field"] for k in entry.details["kept"]] == ["erp.invoices.amount"]
    assert entry.details["remaining"] == 0
    assert proof["kept"][0]["obligation"] == "26 U.S.C. 6001 (tax records)"
    actions = [line.action for line in detail.timeline]
    for expected in ("submitted", "verified_manually", "planned", "step_confirmed",
                     "erasure_proved", "told", "forgotten", "completed"):  # fmt: skip
        assert expected in actions
    assert ALICE not in str(entry.details)


def workspace_mentions(workspace: Workspace, needle: str) -> int:
    """How often `needle` appears in Pactum's own database: its files, or every live row."""
    if workspace.engine.dialect.name == "sqlite":
        raw = b"".join(p.read_bytes() for p in workspace.path.glob("pactum.db*"))
        return raw.lower().count(needle.lower().encode())
    found = 0
    with workspace.engine.connect() as connection:
        for table in inspect(connection).get_table_names():
            rows = connection.execute(text(f'SELECT * FROM "{table}"')).all()
            found += sum(repr(tuple(r)).lower().count(needle.lower()) for r in rows)
    return found


def test_once_deleted_and_told_the_person_is_only_a_keyed_hash_in_pactum(
    published: Workspace, acme: Company
) -> None:
    earlier = submit(published, "confirm", email=ALICE).request  # an earlier request of hers
    request_id = delete_alice(published)
    confirm_all(published, request_id)
    assert run(published, request_id).status == Status.COMPLETED
    [told] = read_outbox(published.outbox)
    assert "is complete" in told.get_content() if not told.is_multipart() else True
    assert workspace_mentions(published, ALICE) == 0
    outbox = b"".join(p.read_bytes() for p in published.outbox.glob("*"))
    assert ALICE.encode() not in outbox.lower()
    with published.reader()() as session:
        both = session.scalars(select(PrivacyRequest).order_by(PrivacyRequest.received_at)).all()
        payloads = session.scalars(select(RequestStep.payload)).all()
    assert {r.id for r in both} == {earlier.id, request_id}
    assert all(r.identity_value is None and r.subject == earlier.subject for r in both)
    assert all(p == {} for p in payloads)
    assert earlier.subject.encode() in outbox  # the mail now names the keyed hash


def test_a_system_down_mid_run_blocks_the_request_and_nothing_is_half_deleted(
    published: Workspace, acme: Company, clock: FixedClock
) -> None:
    request = submit(published, "delete", email=ALICE).request
    verify(published, request.id)

    def take_the_newsletter_down(done: int, total: int, label: str) -> None:
        if "newsletter" in label:
            acme.newsletter.stop()

    outcome = run(published, request.id, progress=take_the_newsletter_down)
    assert outcome.status == Status.BLOCKED
    assert outcome.blocked_by == "newsletter" and outcome.retry_in == 5
    with published.reader()() as session:
        detail = request_detail(session, request.id)
    assert detail.request.blocked_by == "newsletter"
    [step] = [s for s in detail.steps if s.system == "newsletter"]
    assert step.status == "pending" and step.attempts == 1 and step.last_error
    assert any(s.status == "done" for s in detail.steps)
    # The subscriber row is untouched: the step is one transaction on the newsletter's side.
    subscribers = dump(acme.urls)["newsletter.subscribers"]
    assert any(row[0] == 1 for row in subscribers)
    # It comes back (at a new address); the next pass, after the back-off, carries on.
    served = acme.inventory.system("newsletter")
    assert served is not None
    server = ContractServer(SqlConnector(served, acme.urls["newsletter"]), acme.urls["newsletter"])
    acme.newsletter = server
    moved = acme.inventory.model_dump(mode="json")
    for system in moved["systems"]:
        if system["id"] == "newsletter":
            system["url"] = server.url
    import_inventory(published, type(acme.inventory).model_validate(moved))
    assert fulfilment.execute(published, request.id).retry_in == 6  # the back-off runs
    clock.advance(seconds=5)
    outcome = fulfilment.execute(published, request.id)
    assert outcome.status == Status.WAITING_FOR_STAFF, outcome.message
    assert not any(row[0] == 1 for row in dump(acme.urls)["newsletter.subscribers"])


def test_the_engine_steps_on_one_system_commit_together_or_not_at_all(
    published: Workspace, acme: Company, clock: FixedClock
) -> None:
    request = submit(published, "delete", email=ALICE).request
    verify(published, request.id)
    before = dump(acme.urls)
    systems: list[str] = []
    failed: list[str] = []

    def fail_inside_a_block(done: int, total: int, label: str) -> None:
        if not label:
            return  # a step just ended
        place = re.search(r" of (\w+)\.", label)
        if place is None:
            systems.append("")  # not an engine step
            return
        systems.append(place.group(1))
        if not failed and len(systems) > 1 and systems[-2] == systems[-1]:
            failed.append(systems[-1])  # the block's first step ran; its second is next
            raise Unavailable("the link dropped", where=systems[-1])

    outcome = run(published, request.id, progress=fail_inside_a_block)
    assert failed, "no system had two engine steps in a row"
    assert outcome.status == Status.BLOCKED
    after = dump(acme.urls)
    system = failed[0]
    # The block's first step was rolled back with it, and neither counts as done.
    assert {k: v for k, v in after.items() if k.startswith(f"{system}.")} == {
        k: v for k, v in before.items() if k.startswith(f"{system}.")
    }
    with published.reader()() as session:
        detail = request_detail(session, request.id)
    assert not [s for s in detail.steps if s.system == system and s.status == "done"]
    clock.advance(seconds=60)
    outcome = fulfilment.execute(published, request.id)
    assert outcome.status == Status.WAITING_FOR_STAFF, outcome.message
    assert all(s.status == "done" for s in request_detail_steps(published, request.id, system))


def request_detail_steps(workspace: Workspace, request_id: str, system: str) -> list[Any]:
    with workspace.reader()() as session:
        return [s for s in request_detail(session, request_id).steps if s.system == system]


def test_a_schema_changed_since_the_inventory_fails_clearly_and_deletes_nothing(
    published: Workspace, acme: Company
) -> None:
    acme.execute("crm", "ALTER TABLE contacts RENAME COLUMN company_name TO company")
    before = dump(acme.urls)
    request = submit(published, "delete", email=ALICE).request
    verify(published, request.id)
    outcome = run(published, request.id)
    assert outcome.status == Status.FAILED
    assert "company_name" in outcome.message
    assert dump(acme.urls) == before


def test_a_long_group_of_steps_keeps_renewing_its_claim(
    published: Workspace, acme: Company, monkeypatch: pytest.MonkeyPatch
) -> None:
    renewals: list[str] = []
    real = steps.renew

    def counted(session: Any, request_id: str, **claim: Any) -> None:
        renewals.append(request_id)
        real(session, request_id, **claim)

    monkeypatch.setattr(fulfilment, "RENEW_AFTER", 0.0)  # every step counts as slow
    monkeypatch.setattr(steps, "renew", counted)

    request_id = delete_alice(published)

    with published.reader()() as session:
        done = session.scalars(
            select(RequestStep.step_id).where(
                RequestStep.request_id == request_id, RequestStep.status == "done"
            )
        ).all()
    assert len(renewals) >= len(done) >= 5  # a renewal after each step, besides each group's
