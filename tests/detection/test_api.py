"""`POST /api/v1/scan`: the intake guard over HTTP refuses what the policy refuses, keeps nothing.

The `client` fixture is `TestClient(create_app(workspace))` (tests/conftest.py).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, inspect, select, table

from pactum.workspace import Workspace
from tests.builders import policy_yaml, published_policy

HEALTH = (
    "Hi, my name is John Smith. I was diagnosed with diabetes last year, please update my plan."
)
CONTACT = "Please call me on +49 30 1234567 or write to anna.weber@example.com about my order."
FAITH = "As a practising Catholic I go to church every Sunday, so I cannot attend the meeting."


def refusing(workspace: Workspace, *categories: str) -> None:
    intake = f"intake:\n  refuse: [{', '.join(categories)}]\n"
    published_policy(workspace, policy_yaml() + intake)


def row_counts(workspace: Workspace) -> dict[str, int]:
    with workspace.engine.connect() as connection:
        names = inspect(connection).get_table_names()
        return {
            name: connection.scalar(select(func.count()).select_from(table(name))) or 0
            for name in names
        }


def test_health_information_is_refused_with_a_message_its_writer_understands(
    workspace: Workspace, client: TestClient
) -> None:
    refusing(workspace, "health")
    response = client.post("/api/v1/scan", json={"text": HEALTH})
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "SensitiveContent"
    assert body["detail"].startswith("Please don't send us health information: remove the part")
    assert [(f["type"], f["start"], f["end"]) for f in body["findings"]] == [("HEALTH", 33, 56)]
    assert "John Smith" not in response.text


def test_nothing_is_stored_when_a_text_is_scanned_or_refused(
    workspace: Workspace, client: TestClient
) -> None:
    refusing(workspace, "health")
    before = row_counts(workspace)
    assert client.post("/api/v1/scan", json={"text": HEALTH}).status_code == 422
    assert client.post("/api/v1/scan", json={"text": CONTACT}).status_code == 200
    assert row_counts(workspace) == before


def test_an_accepted_text_gets_its_findings_by_offset_never_echoed(
    workspace: Workspace, client: TestClient
) -> None:
    refusing(workspace, "health", "religion")
    response = client.post("/api/v1/scan", json={"text": CONTACT})
    assert response.status_code == 200
    body = response.json()
    assert body["accepted"] is True
    assert body["refused"] == ["health", "religion"]
    found = {f["type"]: CONTACT[f["start"] : f["end"]] for f in body["findings"]}
    assert found == {"PHONE": "+49 30 1234567", "EMAIL": "anna.weber@example.com"}
    assert "anna.weber" not in response.text
    assert all(0 < f["score"] <= 1 for f in body["findings"])


def test_categories_named_in_the_request_replace_the_policys(
    workspace: Workspace, client: TestClient
) -> None:
    refusing(workspace, "health")
    refused = client.post("/api/v1/scan", json={"text": FAITH, "refuse": ["religion"]})
    assert refused.status_code == 422
    assert "religion" in refused.json()["detail"]
    allowed = client.post("/api/v1/scan", json={"text": HEALTH, "refuse": []})
    assert allowed.status_code == 200
    assert "HEALTH" in [f["type"] for f in allowed.json()["findings"]]


def test_without_a_published_policy_nothing_is_refused_but_everything_is_reported(
    client: TestClient,
) -> None:
    response = client.post("/api/v1/scan", json={"text": FAITH})
    assert response.status_code == 200
    assert response.json()["refused"] == []
    assert [f["type"] for f in response.json()["findings"]] == ["RELIGION"]


def test_a_body_over_256_kb_is_refused_with_413_before_it_is_read(client: TestClient) -> None:
    response = client.post("/api/v1/scan", json={"text": "word " * 60_000})
    assert response.status_code == 413
    assert response.json()["error"] == "PayloadTooLarge"


def test_a_streamed_body_over_256_kb_is_refused_with_413(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(40):
            yield b"x" * 10_000
        yield b'"}'

    response = client.post(
        "/api/v1/scan", content=chunks(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 413


@pytest.mark.parametrize(
    ("body", "where"),
    [
        (b"not json", "body"),
        (json.dumps({"text": 12}).encode(), "text"),
        (json.dumps({"text": "hello", "refuse": ["weather"]}).encode(), "refuse.0"),
        (json.dumps({"words": "hello"}).encode(), "text"),
    ],
)
def test_a_malformed_body_is_a_422_that_says_what_to_send(
    client: TestClient, body: bytes, where: str
) -> None:
    response = client.post(
        "/api/v1/scan", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    problem = response.json()["problems"][0]
    assert problem["where"] == where
    assert '"text"' in problem["fix"]
