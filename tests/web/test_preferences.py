"""The preferences page: opt-outs without an account, GPC honoured, bad input changes nothing."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from pactum.consent.models import ConsentEvent
from pactum.consent.service import may_process
from pactum.identities import normalize
from pactum.policy.service import current_policy
from pactum.workspace import Workspace
from tests.builders import csrf_from, publish


def save(client: TestClient, headers: dict[str, str] | None = None, **form: object) -> object:
    token = csrf_from(client.get("/privacy/preferences", headers=headers).text)
    return client.post("/privacy/preferences", data={"csrf_token": token, **form}, headers=headers)


def allowed(workspace: Workspace, email: str, purpose: str) -> bool:
    with workspace.sessions() as session:
        decision = may_process(
            session,
            current_policy(session),
            normalize("email", email),
            purpose,
            now=workspace.clock.now(),
            key=workspace.key,
        )
    return decision.allowed


def event_count(workspace: Workspace) -> int:
    with workspace.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(ConsentEvent)) or 0)


def test_the_page_offers_marketing_and_do_not_sell_or_share(
    client: TestClient, workspace: Workspace
) -> None:
    publish(workspace)
    page = client.get("/privacy/preferences")
    assert page.status_code == 200
    assert "Do not sell or share my personal information" in page.text
    assert 'value="marketing_email"' in page.text
    assert 'value="transactional_messages"' not in page.text


def test_an_opt_out_from_the_page_stops_marketing_to_that_address(
    client: TestClient, workspace: Workspace
) -> None:
    publish(workspace)
    assert allowed(workspace, "Ada@Example.com", "marketing_email")
    answer = save(client, email=" Ada@Example.com ", purpose=["marketing_email"])
    assert answer.status_code == 200  # type: ignore[attr-defined]
    assert "We have recorded that you want us to stop" in answer.text  # type: ignore[attr-defined]
    assert not allowed(workspace, "ada@example.com", "marketing_email")
    assert allowed(workspace, "ada@example.com", "transactional_messages")


def test_gpc_is_shown_as_honoured_and_opts_out_of_sale_or_sharing(
    client: TestClient, workspace: Workspace
) -> None:
    publish(workspace)
    gpc = {"Sec-GPC": "1"}
    assert 'data-pactum-gpc="honoured"' in client.get("/privacy/preferences", headers=gpc).text
    save(client, headers=gpc, email="bo@example.com", purpose=["marketing_email"])
    assert not allowed(workspace, "bo@example.com", "advertising")


def test_a_bad_address_or_no_choice_changes_nothing(
    client: TestClient, workspace: Workspace
) -> None:
    publish(workspace)
    answer = save(client, email="not an address", purpose=["marketing_email"])
    assert answer.status_code == 422  # type: ignore[attr-defined]
    assert 'aria-describedby="email-error"' in answer.text or "email-error" in answer.text  # type: ignore[attr-defined]
    assert save(client, email="cy@example.com").status_code == 422  # type: ignore[attr-defined]
    assert event_count(workspace) == 0


def test_saving_without_the_csrf_token_is_refused(client: TestClient, workspace: Workspace) -> None:
    publish(workspace)
    answer = client.post(
        "/privacy/preferences", data={"email": "dee@example.com", "purpose": "marketing_email"}
    )
    assert answer.status_code == 403
    assert event_count(workspace) == 0
