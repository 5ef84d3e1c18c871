"""Privacy requests over HTTP: the public side reveals nothing; staff endpoints need a key."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from pactum.privacy_requests.links import package_token
from pactum.privacy_requests.models import Status
from pactum.tasks import build_queue
from pactum.workspace import Workspace
from tests.builders import FixedClock, api_key, mailed_code
from tests.execution.company import ALICE, Company
from tests.privacy_requests.company import link_token


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def newest_text(workspace: Workspace) -> str:
    from pactum.mail import read_outbox

    body = read_outbox(workspace.outbox)[-1].get_body(("plain",))
    assert body is not None
    return str(body.get_content())


def test_the_public_answer_is_the_same_for_known_and_unknown_people(
    published: Workspace, acme: Company, client: TestClient
) -> None:
    known = client.post("/api/v1/requests", json={"type": "access", "email": ALICE,
                                                  "region": "US-CA"})  # fmt: skip
    stranger = client.post("/api/v1/requests", json={"type": "access",
                                                     "email": "nobody@nowhere.example",
                                                     "region": "US-CA"})  # fmt: skip
    assert known.status_code == stranger.status_code == 202
    first, second = known.json(), stranger.json()
    assert first.pop("id") != second.pop("id")
    assert (
        first
        == second
        == {
            "status": "awaiting_verification",
            "message": "If the details are right, a code is on its way to the e-mail address "
            "given. It works for 15 minutes.",
        }
    )


def test_a_person_verifies_with_the_mailed_code(published: Workspace, client: TestClient) -> None:
    created = client.post("/api/v1/requests", json={"type": "access",
                                                    "email": "ada@example.test"}).json()  # fmt: skip
    code = mailed_code(published)
    wrong = "000000" if code != "000000" else "111111"
    refused = client.post(f"/api/v1/requests/{created['id']}/verify", json={"code": wrong})
    assert (
        refused.status_code == 422 and refused.json()["problems"][0]["fix"] == "4 attempt(s) left"
    )
    answer = client.post(f"/api/v1/requests/{created['id']}/verify", json={"code": code})
    assert answer.status_code == 200 and answer.json()["status"] == Status.VERIFIED
    again = client.post(f"/api/v1/requests/{created['id']}/verify", json={"code": code})
    assert again.status_code == 422


def test_the_mailed_link_verifies_and_a_tampered_one_is_refused(
    published: Workspace, client: TestClient
) -> None:
    created = client.post("/api/v1/requests", json={"type": "access",
                                                    "email": "ada@example.test"}).json()  # fmt: skip
    token = link_token(newest_text(published))
    tampered = client.get(f"/api/v1/requests/{created['id']}/verify", params={"token": token + "x"})
    assert tampered.status_code == 422 and "changed" in tampered.json()["detail"]
    good = client.get(f"/api/v1/requests/{created['id']}/verify", params={"token": token})
    assert good.status_code == 200 and good.json()["status"] == Status.VERIFIED


@pytest.mark.parametrize(
    ("body", "status", "detail"),
    [
        ({"type": "teleport", "email": "ada@example.test"}, 422, "not a request type"),
        ({"type": "access", "email": "ada@"}, 422, "not an e-mail address"),
        ({"type": "access", "phone": "555"}, 422, "phone number"),
        ({"type": "restrict", "email": "ada@example.test", "region": "US-CA"}, 422,
         "does not offer the right 'restrict'"),
    ],
)  # fmt: skip
def test_bad_input_gets_a_clear_error_and_changes_nothing(
    published: Workspace, client: TestClient, body: dict[str, str], status: int, detail: str
) -> None:
    answer = client.post("/api/v1/requests", json=body)
    assert answer.status_code == status and detail in answer.json()["detail"]
    assert list(published.outbox.glob("*.eml")) == []


def test_submissions_are_rate_limited_per_client_address(
    published: Workspace, client: TestClient, clock: FixedClock
) -> None:
    body = {"type": "opt-out", "email": "ada@example.test", "region": "US-CA"}
    answers = [client.post("/api/v1/requests", json=body).status_code for _ in range(11)]
    assert answers == [202] * 10 + [429]
    clock.advance(hours=1, seconds=1)
    assert client.post("/api/v1/requests", json=body).status_code == 202


def test_staff_endpoints_need_a_key_with_the_right_scope(
    published: Workspace, client: TestClient
) -> None:
    assert client.get("/api/v1/requests").status_code == 401
    assert client.get("/api/v1/requests", headers=bearer("pk_nope_nope")).status_code == 401
    reader = api_key(published, scopes=["requests:read"])
    assert client.get("/api/v1/requests", headers=bearer(reader)).status_code == 200
    created = client.post("/api/v1/requests", json={"type": "access",
                                                    "email": "ada@example.test"}).json()  # fmt: skip
    refused = client.post(f"/api/v1/requests/{created['id']}/verification",
                          json={"reason": "Called back on the number we hold"},
                          headers=bearer(reader))  # fmt: skip
    assert refused.status_code == 403


def test_an_unknown_request_and_someone_elses_get_the_same_404(
    published: Workspace, client: TestClient
) -> None:
    key = api_key(published, scopes=["requests:read", "requests:write"])
    assert client.get("/api/v1/requests/RNOPE", headers=bearer(key)).status_code == 404
    mine = client.post("/api/v1/requests", json={"type": "access",
                                                 "email": "ada@example.test"}).json()  # fmt: skip
    token = package_token(published.key, mine["id"], "0" * 32)
    theirs = client.post("/api/v1/requests", json={"type": "access",
                                                   "email": "bob@example.test"}).json()  # fmt: skip
    unknown = client.get("/api/v1/requests/RNOPE/package", params={"token": token})
    other = client.get(f"/api/v1/requests/{theirs['id']}/package", params={"token": token})
    assert unknown.status_code == other.status_code == 404
    assert unknown.json()["error"] == other.json()["error"] == "NotFound"
    no_package = client.get(f"/api/v1/requests/{mine['id']}/package", params={"token": token})
    assert no_package.status_code == 404


def test_staff_enter_review_and_queue_requests_through_the_api(
    published: Workspace, client: TestClient
) -> None:
    key = bearer(api_key(published, scopes=["requests:read", "requests:write"]))
    entered = client.post("/api/v1/requests/entries", headers=key, json={
        "type": "access", "email": "ada@example.test", "region": "US-CA",
        "channel": "post", "received_at": "2026-11-20T10:00:00Z"})  # fmt: skip
    assert entered.status_code == 201
    request_id = entered.json()["id"]
    verified = client.post(f"/api/v1/requests/{request_id}/verification", headers=key,
                           json={"reason": "Signed letter with the account number"})  # fmt: skip
    assert verified.json()["status"] == Status.VERIFIED
    extended = client.post(f"/api/v1/requests/{request_id}/extension", headers=key,
                           json={"reason": "Records sit in two archives"})  # fmt: skip
    assert extended.json()["extended"] is True
    queue = build_queue(published.settings)
    queue.huey.flush()
    approved = client.post(f"/api/v1/requests/{request_id}/approval", headers=key)
    assert approved.status_code == 202 and approved.json()["status"] == Status.APPROVED
    assert queue.huey.pending_count() == 1
    shown = client.get(f"/api/v1/requests/{request_id}", headers=key).json()
    assert shown["request"]["channel"] == "post"
    assert [e["action"] for e in shown["timeline"]][:2] == ["submitted", "code_sent"]
    listed = client.get("/api/v1/requests", headers=key, params={"status": "approved"}).json()
    assert [r["id"] for r in listed] == [request_id]


def test_an_access_package_downloads_once_per_verification_within_seven_days(
    published: Workspace, acme: Company, client: TestClient, clock: FixedClock
) -> None:
    from tests.privacy_requests.company import confirm_all, run

    key = bearer(api_key(published, scopes=["requests:read", "requests:write"]))
    created = client.post("/api/v1/requests", json={"type": "access", "email": ALICE,
                                                    "region": "US-CA"}).json()  # fmt: skip
    client.post(f"/api/v1/requests/{created['id']}/verification", headers=key,
                json={"reason": "Matched three data points and a signed declaration"})  # fmt: skip
    run(published, created["id"])
    confirm_all(published, created["id"])
    assert run(published, created["id"]).status == Status.COMPLETED
    url = f"/api/v1/requests/{created['id']}/package"
    token = link_token(newest_text(published))
    first = client.get(url, params={"token": token})
    assert first.status_code == 200 and first.headers["content-type"] == "application/zip"
    assert first.content[:2] == b"PK"
    assert client.get(url, params={"token": token}).status_code == 403  # once per link
    resent = client.post(f"/api/v1/requests/{created['id']}/code")  # verify again, download again
    assert resent.status_code == 202
    client.post(f"/api/v1/requests/{created['id']}/verify", json={"code": mailed_code(published)})
    second = link_token(newest_text(published))
    clock.advance(days=7, seconds=1)
    assert client.get(url, params={"token": second}).status_code == 403  # expired
