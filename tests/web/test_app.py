"""The web skeleton: health, OpenAPI, the policy page, security headers."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from pactum.app import create_app
from pactum.db import transaction
from pactum.policy import service
from pactum.workspace import Workspace
from tests.builders import policy_yaml


@pytest.fixture
def client(workspace: Workspace) -> TestClient:
    """The app built for this test's workspace, called in-process through httpx."""
    return TestClient(create_app(workspace))


def publish(workspace: Workspace, text: str) -> None:
    with transaction(workspace.sessions) as session:
        service.publish_policy(session, workspace.clock, text=text, source_name="p.yaml", actor="t")


def test_healthz_answers_when_the_database_is_up(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_the_openapi_document_is_published(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    assert "/api/v1/policy" in document["paths"]


def test_the_policy_page_says_when_nothing_is_published(client: TestClient) -> None:
    response = client.get("/privacy/policy")
    assert response.status_code == 503
    assert "No privacy policy is published yet" in response.text


def test_the_policy_page_is_rendered_from_the_published_version(
    client: TestClient, workspace: Workspace
) -> None:
    publish(workspace, policy_yaml(organization="Acme Ledger"))
    page = client.get("/privacy/policy")
    assert page.status_code == 200
    assert "How Acme Ledger handles personal data" in page.text
    assert "E-mail address" in page.text and "within 45 days" in page.text
    publish(workspace, policy_yaml(organization="Acme Ledger", respond_within="30 days"))
    assert "within 30 days" in client.get("/privacy/policy").text


def test_user_text_in_the_policy_is_escaped(client: TestClient, workspace: Workspace) -> None:
    publish(workspace, policy_yaml(organization='"<script>alert(1)</script>"'))
    page = client.get("/privacy/policy").text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_pages_carry_security_headers(client: TestClient) -> None:
    headers = client.get("/privacy/policy").headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "unsafe-inline" not in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "no-referrer"


def test_the_published_policy_is_available_as_data(
    client: TestClient, workspace: Workspace
) -> None:
    assert client.get("/api/v1/policy").status_code == 404
    publish(workspace, policy_yaml())
    body = client.get("/api/v1/policy").json()
    assert body["version"] == 1 and body["policy"]["organization"]["name"] == "Test Ledger Inc."
