"""The console: roles on a need-to-know basis, audited views, and the actions on a request."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from pactum.accounts import service as accounts
from pactum.audit.models import AuditEntry
from pactum.consent.service import restrict_processing
from pactum.db import transaction
from pactum.identities import Identity
from pactum.mail import read_outbox
from pactum.policy.service import current_policy
from pactum.privacy_requests import service
from pactum.privacy_requests.codes import verify_manually
from pactum.privacy_requests.schemas import Channel, StaffEntryIn
from pactum.workspace import Workspace
from tests.builders import add_staff_member, csrf_from, publish, sign_in

PEOPLE = {
    "alice@example.test": "administrator",
    "olivia@example.test": "privacy_officer",
    "bob@example.test": "support_agent",
    "carol@example.test": "auditor",
    "erin@example.test": "engineer",
}


@pytest.fixture
def company(workspace: Workspace) -> dict[str, int]:
    publish(workspace)
    return {
        email: add_staff_member(workspace, email=email, role=role) for email, role in PEOPLE.items()
    }


def new_request(
    workspace: Workspace,
    email: str = "dana@example.com",
    *,
    days_ago: int = 3,
    type_: str = "access",
    verified: bool = True,
    jurisdiction: str = "eu",
) -> str:
    form = StaffEntryIn(
        type=type_,
        email=email,
        jurisdiction=jurisdiction,
        channel=Channel.EMAIL,
        received_at=workspace.clock.now() - timedelta(days=days_ago),
    )
    with transaction(workspace.sessions) as session:
        request_id = service.submit_request(
            session, workspace.clock, workspace.key, form, channel=Channel.EMAIL, actor="test"
        ).request.id
        if verified:
            verify_manually(
                session, workspace.clock, request_id, reason="Checked by phone call.", actor="test"
            )
    return request_id


def as_member(client: TestClient, email: str) -> TestClient:
    browser = TestClient(client.app)
    assert sign_in(browser, email).status_code == 303
    return browser


def assign(workspace: Workspace, request_id: str, staff_id: int) -> None:
    with transaction(workspace.sessions) as session:
        accounts.assign(
            session,
            workspace.clock,
            target=f"privacy_request:{request_id}",
            staff_id=staff_id,
            actor="test",
        )


def test_the_queue_puts_overdue_requests_first_and_marks_them(
    client: TestClient, workspace: Workspace, company: dict[str, int]
) -> None:
    late = new_request(workspace, "late@example.com", days_ago=40)
    fresh = new_request(workspace, "fresh@example.com", days_ago=1)
    page = as_member(client, "olivia@example.test").get("/console").text
    assert page.index(late) < page.index(fresh)
    assert 'class="overdue"' in page and "overdue by" in page
    assert "late@example.com" not in page  # the queue shows masked identities only


def test_bob_the_support_agent_sees_only_requests_assigned_to_him(
    client: TestClient, workspace: Workspace, company: dict[str, int]
) -> None:
    mine = new_request(workspace, "mine@example.com")
    other = new_request(workspace, "other@example.com")
    assign(workspace, mine, company["bob@example.test"])
    bob = as_member(client, "bob@example.test")
    queue = bob.get("/console").text
    assert mine in queue and other not in queue
    assert bob.get(f"/console/requests/{mine}").status_code == 200
    refused = bob.get(f"/console/requests/{other}")
    guessed = bob.get("/console/requests/RZZZZZZZZZZZ")
    assert refused.status_code == guessed.status_code == 403
    assert "other@example.com" not in refused.text


def test_bob_never_gets_a_package_nor_decides(
    client: TestClient, workspace: Workspace, company: dict[str, int]
) -> None:
    mine = new_request(workspace)
    assign(workspace, mine, company["bob@example.test"])
    bob = as_member(client, "bob@example.test")
    page = bob.get(f"/console/requests/{mine}").text
    assert "Approve and run" not in page and "Download package" not in page
    assert bob.get(f"/console/requests/{mine}/package").status_code == 403
    token = csrf_from(page)
    assert (
        bob.post(f"/console/requests/{mine}/approve", data={"csrf_token": token}).status_code == 403
    )


def test_carol_the_auditor_reads_requests_and_the_audit_log_but_acts_on_nothing(
    client: TestClient, workspace: Workspace, company: dict[str, int]
) -> None:
    request_id = new_request(workspace)
    carol = as_member(client, "carol@example.test")
    page = carol.get(f"/console/requests/{request_id}")
    assert page.status_code == 200 and "takes no action" in page.text
    answer = carol.post(
        f"/console/requests/{request_id}/approve", data={"csrf_token": csrf_from(page.text)}
    )
    assert answer.status_code == 403
    assert carol.get("/console/audit").status_code == 200
    assert carol.get("/console/metrics").status_code == 200


def test_erin_the_engineer_sees_the_inventory_and_no_personal_data(
    client: TestClient, workspace: Workspace, company: dict[str, int]
) -> None:
    request_id = new_request(workspace)
    erin = as_member(client, "erin@example.test")
    assert erin.get("/console/inventory").status_code == 200
    assert (
        "Privacy requests and people's data are not part of your role" in erin.get("/console").text
    )
    for path in (
        f"/console/requests/{request_id}",
        "/console/audit",
        "/console/consent",
        "/console/metrics",
        "/console/complaints",
    ):
        assert erin.get(path).status_code == 403, path


def test_every_view_of_a_request_by_staff_is_in_the_audit_log(
    client: TestClient, workspace: Workspace, company: dict[str, int]
) -> None:
    request_id = new_request(workspace)
    olivia = as_member(client, "olivia@example.test")
    olivia.get(f"/console/requests/{request_id}")
    olivia.get(f"/console/requests/{request_id}")
    with workspace.sessions() as session:
        views = session.scalars(
            select(AuditEntry).where(
                AuditEntry.action == "staff.viewed",
                AuditEntry.target == f"privacy_request:{request_id}",
            )
        ).all()
    assert len(views) == 2
    assert views[0].actor == f"staff:{company['olivia@example.test']}"
    assert views[0].subject and "dana" not in str(views[0].details)


def test_olivia_declines_a_repetitive_request_with_a_ground(
    client: TestClient, workspace: Workspace, company: dict[str, int]
) -> None:
    for days in (200, 100):
        new_request(workspace, "rep@example.com", days_ago=days, jurisdiction="california")
    third = new_request(workspace, "rep@example.com", days_ago=1, jurisdiction="california")
    olivia = as_member(client, "olivia@example.test")
    page = olivia.get(f"/console/requests/{third}").text
    assert "Possibly repetitive" in page
    answer = olivia.post(
        f"/console/requests/{third}/decline",
        data={
            "csrf_token": csrf_from(page),
            "ground": "repetitive",
            "reason": "You asked twice in the last twelve months; we answered both.",
        },
        follow_redirects=True,
    )
    assert "Done: declined" in answer.text and "declined" in answer.text
    assert "You asked twice" in read_outbox(workspace.outbox)[-1].get_body(("plain",)).get_content()  # type: ignore[union-attr]


def test_a_decline_without_a_listed_ground_is_refused_with_the_reason(
    client: TestClient, workspace: Workspace, company: dict[str, int]
) -> None:
    request_id = new_request(workspace)
    olivia = as_member(client, "olivia@example.test")
    page = olivia.get(f"/console/requests/{request_id}").text
    answer = olivia.post(
        f"/console/requests/{request_id}/decline",
        data={
            "csrf_token": csrf_from(page),
            "ground": "i_dont_like_it",
            "reason": "Because I say so.",
        },
    )
    assert answer.status_code == 422 and "is not a ground" in answer.text


def test_console_actions_without_a_csrf_token_are_refused(
    client: TestClient, workspace: Workspace, company: dict[str, int]
) -> None:
    request_id = new_request(workspace)
    olivia = as_member(client, "olivia@example.test")
    assert olivia.post(f"/console/requests/{request_id}/approve").status_code == 403
    assert olivia.post("/console/audit/verify").status_code == 403


def test_the_verify_chain_button_checks_the_whole_chain(
    client: TestClient, workspace: Workspace, company: dict[str, int]
) -> None:
    carol = as_member(client, "carol@example.test")
    page = carol.get("/console/audit").text
    answer = carol.post("/console/audit/verify", data={"csrf_token": csrf_from(page)})
    assert answer.status_code == 200 and "The chain holds" in answer.text


def test_the_audit_log_filters_are_parameters_not_sql(
    client: TestClient, workspace: Workspace, company: dict[str, int]
) -> None:
    carol = as_member(client, "carol@example.test")
    answer = carol.get("/console/audit", params={"action": "x' OR '1'='1", "actor": "%"})
    assert answer.status_code == 200 and "No entries match" in answer.text
    assert "staff.added" in carol.get("/console/audit", params={"action": "staff."}).text


def test_a_consent_lookup_is_audited_and_says_when_nothing_is_recorded(
    client: TestClient, workspace: Workspace, company: dict[str, int]
) -> None:
    olivia = as_member(client, "olivia@example.test")
    page = olivia.get("/console/consent").text
    answer = olivia.post(
        "/console/consent",
        data={"csrf_token": csrf_from(page), "kind": "email", "value": "nobody@example.com"},
    )
    assert "No consent is recorded" in answer.text
    with workspace.sessions() as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.target == "consent:lookup")
        ).one()
    assert entry.subject and "nobody" not in str(entry.details)


def test_the_metrics_page_draws_its_charts_on_the_server(
    client: TestClient, workspace: Workspace, company: dict[str, int]
) -> None:
    new_request(workspace, days_ago=50)
    new_request(workspace, "x@example.com", days_ago=2)
    page = as_member(client, "olivia@example.test").get("/console/metrics").text
    assert page.count('<svg class="chart"') == 2 and "<rect" in page
    assert "overdue now" in page


def test_the_inventory_page_says_when_there_is_no_inventory(
    client: TestClient, workspace: Workspace, company: dict[str, int]
) -> None:
    page = as_member(client, "erin@example.test").get("/console/inventory").text
    assert "No inventory yet" in page


def test_olivia_approves_a_verified_request_and_it_is_queued_for_the_worker(
    client: TestClient, workspace: Workspace, company: dict[str, int]
) -> None:
    request_id = new_request(workspace)
    olivia = as_member(client, "olivia@example.test")
    page = olivia.get(f"/console/requests/{request_id}").text
    answer = olivia.post(
        f"/console/requests/{request_id}/approve",
        data={"csrf_token": csrf_from(page)},
        follow_redirects=True,
    )
    assert "Done: approved" in answer.text
    assert (workspace.path / "queue.db").exists()


def test_olivia_lifts_a_restriction_and_the_person_is_told_why(
    client: TestClient, workspace: Workspace, company: dict[str, int]
) -> None:
    request_id = new_request(workspace, "rita@example.com", type_="restrict")
    with transaction(workspace.sessions) as session:  # as a completed restriction leaves it
        restrict_processing(
            session, workspace.clock, Identity("email", "rita@example.com"), ["marketing_email"],
            request_id, key=workspace.key, policy=current_policy(session),
        )  # fmt: skip
        service.get_request(session, request_id).status = "completed"
    olivia = as_member(client, "olivia@example.test")
    page = olivia.get(f"/console/requests/{request_id}").text
    assert "Lift the restriction" in page

    answer = olivia.post(
        f"/console/requests/{request_id}/lift",
        data={"csrf_token": csrf_from(page), "reason": "The disputed accuracy is settled."},
        follow_redirects=True,
    )

    assert "Done: lifted" in answer.text
    told = read_outbox(workspace.outbox)[-1]
    assert "the restriction ends" in str(told["Subject"])
    again = olivia.post(
        f"/console/requests/{request_id}/lift",
        data={"csrf_token": csrf_from(answer.text), "reason": "The disputed accuracy is settled."},
    )
    assert again.status_code == 409 and "no longer in force" in again.text
