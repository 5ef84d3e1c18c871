"""The other request types end to end: access, confirmation, disclosure report, consent rights."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pactum.cli import app
from pactum.config import Settings
from pactum.consent import service as consent_service
from pactum.db import transaction
from pactum.errors import Conflict, Invalid
from pactum.identities import Identity
from pactum.mail import read_outbox
from pactum.policy.service import current_policy
from pactum.privacy_requests import review, service
from pactum.privacy_requests.models import Status
from pactum.privacy_requests.timeline import request_detail
from pactum.workspace import Workspace
from tests.execution.company import ALICE, Company
from tests.privacy_requests.company import (
    code_verified,
    confirm_all,
    dump,
    run,
    submit,
    verify,
)

runner = CliRunner()


def newest_text(workspace: Workspace) -> str:
    message = read_outbox(workspace.outbox)[-1]
    body = message.get_body(("plain",))
    assert body is not None
    return str(body.get_content())


def test_the_disclosure_report_names_the_marketing_recipients_of_last_year(
    published: Workspace,
) -> None:
    request = submit(published, "disclosure-report").request
    code_verified(published, request.id)
    outcome = run(published, request.id)
    assert outcome.status == Status.COMPLETED, outcome.message
    text = newest_text(published)
    assert "In 2025 we shared these categories" in text
    assert "List Partner LLC (Trade-show organizer), 1 Market St, San Francisco, CA 94105" in text
    assert "Mailer Co" not in text  # a processor, not a recipient for its own marketing


def test_a_confirmation_lists_the_categories_held_after_the_manual_search(
    published: Workspace, acme: Company
) -> None:
    request = submit(published, "confirm", email=ALICE).request
    code_verified(published, request.id)
    outcome = run(published, request.id)
    assert outcome.status == Status.WAITING_FOR_STAFF  # the archive has no API
    # The archive has no API; carol's rows, reached through alice's, wait for a person's look.
    assert confirm_all(published, request.id) == ["search:archive", "review:withheld"]
    assert run(published, request.id).status == Status.COMPLETED
    text = newest_text(published)
    assert "We hold personal information about you in these categories:" in text
    assert "E-mail address" in text and "Payment details" in text
    assert "It is held in systems located in: US" in text  # "in the United States"


def test_a_stranger_is_told_that_nothing_is_held(published: Workspace, acme: Company) -> None:
    request = submit(published, "confirm", email="nobody@nowhere.example").request
    code_verified(published, request.id)
    run(published, request.id)
    confirm_all(published, request.id)
    assert run(published, request.id).status == Status.COMPLETED
    assert "We do not hold personal information about you." in newest_text(published)


def test_access_to_sensitive_data_needs_a_stricter_verification_than_a_code(
    published: Workspace, acme: Company
) -> None:
    request = submit(published, "access", email=ALICE).request
    code_verified(published, request.id)
    outcome = run(published, request.id)
    assert outcome.status == Status.AWAITING_VERIFICATION
    assert "Payment details" in outcome.message and "strict" in outcome.message
    verify(published, request.id)
    assert run(published, request.id).status == Status.WAITING_FOR_STAFF
    confirm_all(published, request.id)
    assert run(published, request.id).status == Status.COMPLETED
    with published.reader()() as session:
        detail = request_detail(session, request.id)
    package = Path(detail.request.result["package"])
    assert package.parent == published.path / "packages" / request.id
    with zipfile.ZipFile(package) as pack:
        names = pack.namelist()
        data = json.loads(pack.read("data.json"))
    assert "summary.html" in names and any(n.startswith("csv/") for n in names)
    assert "alice.smith2@acme.example" not in json.dumps(data)  # the other Alice
    assert "/api/v1/requests/" in newest_text(published) and "works once" in newest_text(published)


def test_a_restriction_excludes_the_purposes_named_until_lifted(
    published: Workspace, acme: Company, cli_env: Settings
) -> None:
    request = submit(published, "restrict", email=ALICE, region="DE",
                     purposes=["marketing_email"]).request  # fmt: skip
    code_verified(published, request.id)
    assert run(published, request.id).status == Status.WAITING_FOR_STAFF  # recipients told
    confirm_all(published, request.id)
    assert run(published, request.id).status == Status.COMPLETED
    with published.reader()() as session:
        decision = consent_service.may_process(
            session, current_policy(session), Identity("email", ALICE), "marketing_email",
            now=published.clock.now(), key=published.key,
        )  # fmt: skip
    assert not decision.allowed and decision.rule == "restriction"
    assert "We restricted the use of your personal information for: Newsletter" in newest_text(
        published
    )

    lifted = runner.invoke(app, ["request", "lift", request.id, "--reason",
                                 "The accuracy you contested is now confirmed.", "--json"])  # fmt: skip
    assert lifted.exit_code == 0, lifted.output
    assert "the restriction ends" in str(read_outbox(published.outbox)[-1]["Subject"])
    assert "The accuracy you contested is now confirmed." in newest_text(published)
    with published.reader()() as session:
        after = consent_service.may_process(
            session, current_policy(session), Identity("email", ALICE), "marketing_email",
            now=published.clock.now(), key=published.key,
        )  # fmt: skip
        events = [e.action for e in request_detail(session, request.id).timeline]
    assert after.rule != "restriction"  # the purpose's own rule decides again
    assert "restriction_lifted" in events


def test_a_restriction_is_lifted_only_with_a_reason_and_only_once(
    published: Workspace, acme: Company
) -> None:
    request = submit(published, "restrict", email=ALICE, region="DE",
                     purposes=["marketing_email"]).request  # fmt: skip
    with transaction(published.sessions) as session, pytest.raises(Conflict, match="only a comp"):
        review.lift_restriction(session, published.clock, published.key, request.id,
                                reason="Not yet in force at all.", actor="staff:dpo")  # fmt: skip
    code_verified(published, request.id)
    run(published, request.id)
    confirm_all(published, request.id)
    run(published, request.id)
    with transaction(published.sessions) as session, pytest.raises(Invalid, match="a reason"):
        review.lift_restriction(session, published.clock, published.key, request.id,
                                reason="ok", actor="staff:dpo")  # fmt: skip
    with transaction(published.sessions) as session:
        review.lift_restriction(session, published.clock, published.key, request.id,
                                reason="Our legitimate grounds override.", actor="staff:dpo")  # fmt: skip
    with transaction(published.sessions) as session, pytest.raises(Conflict, match="no longer"):
        review.lift_restriction(session, published.clock, published.key, request.id,
                                reason="Our legitimate grounds override.", actor="staff:dpo")  # fmt: skip


def test_an_objection_withdraws_every_marketing_purpose(published: Workspace) -> None:
    request = submit(published, "object", region="DE").request
    code_verified(published, request.id)
    assert run(published, request.id).status == Status.COMPLETED
    with published.reader()() as session:
        history = consent_service.history(
            session, Identity("email", "ada@example.test"), key=published.key
        )
        found = service.get_request(session, request.id)
    assert [s.state for s in history.states] == ["withdrawn"]
    assert found.result["purposes"] == ["marketing_email"]


def test_a_correction_is_applied_where_the_inventory_says_the_field_lives(
    published: Workspace, acme: Company
) -> None:
    request = submit(published, "correct", email=ALICE,
                     changes={"user.name": "Alice Smith-Jones"}).request  # fmt: skip
    code_verified(published, request.id)
    assert run(published, request.id).status == Status.WAITING_FOR_STAFF
    told = confirm_all(published, request.id)
    assert "recipient:mailer_co" in told and "recipient:list_partner" in told
    assert run(published, request.id).status == Status.COMPLETED
    customers = {row[:2]: row for row in dump(acme.urls)["erp.customers"]}
    assert customers[("001", "10001")][3] == "Alice Smith-Jones"
    assert customers[("002", "10001")][3] == "Alice Smith"  # the other Alice keeps her name
    assert "We corrected your Name wherever we hold it." in newest_text(published)


def test_a_correction_of_something_not_held_fails_clearly_and_changes_nothing(
    published: Workspace, acme: Company
) -> None:
    before = dump(acme.urls)
    request = submit(published, "correct", email=ALICE,
                     changes={"user.biometric": "x"}).request  # fmt: skip
    code_verified(published, request.id)
    outcome = run(published, request.id)
    assert outcome.status == Status.FAILED and "user.biometric" in outcome.message
    assert dump(acme.urls) == before


def test_withdrawing_consent_and_opting_out_are_recorded_in_the_consent_ledger(
    published: Workspace,
) -> None:
    withdrawal = submit(published, "withdraw-consent", region="DE").request
    code_verified(published, withdrawal.id)
    assert run(published, withdrawal.id).status == Status.COMPLETED
    opt_out = submit(published, "opt-out", email="bob@example.test").request
    assert run(published, opt_out.id).status == Status.COMPLETED
    with published.reader()() as session:
        ada = consent_service.history(session, Identity("email", "ada@example.test"),
                                      key=published.key)  # fmt: skip
        bob = consent_service.history(session, Identity("email", "bob@example.test"),
                                      key=published.key)  # fmt: skip
    assert {(s.purpose, s.state) for s in ada.states} == {
        ("marketing_email", "withdrawn"), ("ad_sharing", "withdrawn")}  # fmt: skip
    assert {(s.purpose, s.state) for s in bob.states} == {("ad_sharing", "withdrawn")}
