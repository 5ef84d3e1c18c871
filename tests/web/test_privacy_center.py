"""The public privacy center: pages, the request form, verification, status, complaints."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from pactum.db import transaction
from pactum.mail import read_outbox
from pactum.privacy_requests import downloads, service
from pactum.privacy_requests.models import PrivacyRequest, Status
from pactum.privacy_requests.schemas import Channel, SubmitIn
from pactum.web.models import ReceivedComplaint
from pactum.workspace import Workspace
from tests.builders import FixedClock, csrf_from, mailed_code, policy_yaml, publish


@pytest.fixture
def published(workspace: Workspace) -> Workspace:
    publish(workspace, policy_yaml(organization="Acme Ledger"))
    return workspace


def submit(client: TestClient, **fields: str) -> object:
    token = csrf_from(client.get("/privacy/request").text)
    form = {"type": "access", "email": "dana@example.com", "csrf_token": token, **fields}
    return client.post("/privacy/request", data=form, follow_redirects=False)


def verify(client: TestClient, request_id: str, code: str) -> object:
    page = client.get(f"/privacy/requests/{request_id}/verify")
    return client.post(
        f"/privacy/requests/{request_id}/verify",
        data={"code": code, "csrf_token": csrf_from(page.text)},
        follow_redirects=False,
    )


def request_id_of(answer: object) -> str:
    location = answer.headers["location"]  # type: ignore[attr-defined]
    return re.search(r"/privacy/requests/(\w+)", location).group(1)  # type: ignore[union-attr]


def test_the_home_recipients_and_changes_pages_are_rendered_from_the_policy(
    client: TestClient, workspace: Workspace
) -> None:
    publish(workspace)
    home = client.get("/privacy")
    assert home.status_code == 200 and "Your data at Northwind Ledger" in home.text
    recipients = client.get("/privacy/recipients")
    assert recipients.status_code == 200 and "International transfers" in recipients.text
    assert "first published version" in client.get("/privacy/changes").text


def test_what_changed_names_a_new_purpose_as_significant(
    client: TestClient, published: Workspace
) -> None:
    extra = """  - id: analytics
    name: Product analytics
    legal_basis: legitimate_interest
    categories: [user.name]
"""
    publish(published, policy_yaml(organization="Acme Ledger", extra_purposes=extra))
    page = client.get("/privacy/changes?old=1&new=2").text
    assert "Why we use it" in page and "Product analytics" in page
    assert "significant: new purpose" in page


def test_an_access_request_is_verified_by_the_mailed_code_and_then_followed(
    client: TestClient, published: Workspace
) -> None:
    answer = submit(client)
    assert answer.status_code == 303  # type: ignore[attr-defined]
    request_id = request_id_of(answer)
    [message] = read_outbox(published.outbox)
    assert message["To"] == "dana@example.com"
    done = verify(client, request_id, mailed_code(published))
    assert done.status_code == 303  # type: ignore[attr-defined]
    status = client.get(f"/privacy/requests/{request_id}")
    assert status.status_code == 200
    assert "You confirmed it is you" in status.text and "dana@example.com" not in status.text


def test_a_request_page_looks_the_same_for_a_stranger_and_for_an_unknown_id(
    client: TestClient, published: Workspace
) -> None:
    request_id = request_id_of(submit(client))
    verify(client, request_id, mailed_code(published))
    stranger = TestClient(client.app)
    theirs = stranger.get(f"/privacy/requests/{request_id}")
    unknown = stranger.get("/privacy/requests/RZZZZZZZZZZZ")
    assert theirs.status_code == unknown.status_code == 404
    strip = lambda page: re.sub(r'value="[0-9a-f]{64}"', "", page)  # noqa: E731
    assert strip(theirs.text) == strip(unknown.text)


def test_a_wrong_code_and_an_unknown_request_get_the_same_answer(
    client: TestClient, published: Workspace
) -> None:
    request_id = request_id_of(submit(client))
    wrong = verify(client, request_id, "000000")
    unknown = verify(client, "RZZZZZZZZZZZ", "000000")
    assert wrong.status_code == unknown.status_code == 422  # type: ignore[attr-defined]
    assert "That code is wrong or has expired" in wrong.text  # type: ignore[attr-defined]
    assert "That code is wrong or has expired" in unknown.text  # type: ignore[attr-defined]


def test_guessing_codes_locks_out_and_the_person_can_still_finish_after_the_window(
    client: TestClient, published: Workspace, clock: FixedClock
) -> None:
    request_id = request_id_of(submit(client))
    real = mailed_code(published)
    guesses = [f"{n:06d}" for n in range(40) if f"{n:06d}" != real]
    statuses = [verify(client, request_id, guess).status_code for guess in guesses]  # type: ignore[attr-defined]
    assert statuses[0] == 422 and statuses[-1] == 429
    assert verify(client, request_id, real).status_code in {422, 429}  # type: ignore[attr-defined]
    clock.advance(hours=1, minutes=1)
    page = client.get(f"/privacy/requests/{request_id}/verify").text
    client.post(f"/privacy/requests/{request_id}/code", data={"csrf_token": csrf_from(page)})
    assert verify(client, request_id, mailed_code(published)).status_code == 303  # type: ignore[attr-defined]


def test_field_errors_are_tied_to_their_fields(client: TestClient, published: Workspace) -> None:
    answer = submit(client, email="not an address")
    assert answer.status_code == 422  # type: ignore[attr-defined]
    page = answer.text  # type: ignore[attr-defined]
    assert 'id="email-error"' in page
    assert re.search(r'id="email"[^>]*aria-describedby="email-hint email-error"', page)
    assert 'aria-invalid="true"' in page and 'href="#email"' in page


INJECTIONS = [
    "'; DROP TABLE privacy_requests; --",
    '" OR 1=1 --',
    "{{ 7*7 }}",
    "{% for x in range(3) %}x{% endfor %}",
    "${7*7}",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
]


@pytest.mark.parametrize("payload", INJECTIONS)
def test_injection_strings_in_every_field_are_refused_or_kept_as_text(
    client: TestClient, published: Workspace, payload: str
) -> None:
    fields = [
        "type",
        "email",
        "phone",
        "jurisdiction",
        "agent_kind",
        "agent_name",
        "agent_contact",
        "correction_category",
        "correction",
    ]
    for field in fields:
        answer = submit(client, **{field: payload})
        page = answer.text  # type: ignore[attr-defined]
        assert answer.status_code in {303, 422}, (field, answer.status_code)  # type: ignore[attr-defined]
        assert "<script>alert(1)</script>" not in page and "<img src=x" not in page
        assert "49" not in re.sub(r"[0-9a-f]{64}", "", page) or "49" in payload
    with published.sessions() as session:  # the table is still there
        assert session.scalar(select(func.count()).select_from(PrivacyRequest)) is not None


@pytest.mark.parametrize("payload", INJECTIONS)
def test_injection_strings_in_a_complaint_are_stored_as_text(
    client: TestClient, published: Workspace, payload: str
) -> None:
    token = csrf_from(client.get("/privacy/complaint").text)
    answer = client.post(
        "/privacy/complaint",
        data={
            "csrf_token": token,
            "email": "dana@example.com",
            "topic": "other",
            "request_reference": payload,
            "message": f"It went wrong: {payload}",
        },
    )
    assert answer.status_code == 200 and "We have your complaint" in answer.text
    with published.sessions() as session:
        stored = session.scalars(select(ReceivedComplaint)).one()
    assert stored.message == f"It went wrong: {payload}"


def test_a_complaint_with_missing_fields_names_each_problem(
    client: TestClient, published: Workspace
) -> None:
    token = csrf_from(client.get("/privacy/complaint").text)
    answer = client.post("/privacy/complaint", data={"csrf_token": token, "email": "x"})
    assert answer.status_code == 422
    for field in ("email", "topic", "message"):
        assert f'id="{field}-error"' in answer.text
    with published.sessions() as session:
        assert session.scalar(select(func.count()).select_from(ReceivedComplaint)) == 0


def test_a_complaint_is_kept_and_acknowledged_by_mail(
    client: TestClient, published: Workspace
) -> None:
    token = csrf_from(client.get("/privacy/complaint").text)
    answer = client.post(
        "/privacy/complaint",
        data={
            "csrf_token": token,
            "email": "Dana@Example.com",
            "topic": "request",
            "message": "Nobody answered my request for three weeks.",
        },
    )
    reference = re.search(r"<strong>(C[0-9A-F]{8})</strong>", answer.text).group(1)  # type: ignore[union-attr]
    [mail] = read_outbox(published.outbox)
    assert mail["To"] == "dana@example.com" and reference in mail["Subject"]


def test_public_forms_without_a_csrf_token_are_refused(
    client: TestClient, published: Workspace
) -> None:
    client.get("/privacy/request")
    assert client.post("/privacy/request", data={"type": "access"}).status_code == 403
    assert client.post("/privacy/complaint", data={"message": "x" * 20}).status_code == 403
    with published.sessions() as session:
        assert session.scalar(select(func.count()).select_from(PrivacyRequest)) == 0


def test_oversized_bodies_get_a_clear_413(client: TestClient, published: Workspace) -> None:
    big = "x" * 1_100_000
    answer = client.post("/privacy/complaint", data={"message": big})
    assert answer.status_code == 413 and "larger than 1 MB" in answer.text
    api = client.post(
        "/api/v1/requests",
        content=b"{" + b" " * 10_500_000 + b"}",
        headers={"content-type": "application/json"},
    )
    assert api.status_code == 413 and api.json()["error"] == "PayloadTooLarge"


def test_a_streamed_body_without_a_length_is_cut_off_too(
    client: TestClient, published: Workspace
) -> None:
    def chunks():  # type: ignore[no-untyped-def]
        for _ in range(40):
            yield b"message=" + b"y" * 50_000

    answer = client.post(
        "/privacy/complaint",
        content=chunks(),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert answer.status_code == 413


def test_too_many_requests_from_one_address_are_refused(
    client: TestClient, published: Workspace
) -> None:
    codes = [submit(client, email=f"p{n}@example.com").status_code for n in range(12)]  # type: ignore[attr-defined]
    assert codes[:10] == [303] * 10 and codes[-1] == 429


def test_a_complaint_with_health_information_is_refused_by_the_intake_guard(
    client: TestClient, workspace: Workspace
) -> None:
    publish(workspace)  # the example policy refuses health data at intake
    token = csrf_from(client.get("/privacy/complaint").text)
    answer = client.post(
        "/privacy/complaint",
        data={
            "csrf_token": token,
            "email": "dana@example.com",
            "topic": "other",
            "message": "I was diagnosed with diabetes and your newsletter keeps coming.",
        },
    )
    assert answer.status_code == 422 and 'id="message-error"' in answer.text
    assert "diabetes" in answer.text.split('id="message-error"')[1][:400]
    with workspace.sessions() as session:
        assert session.scalar(select(func.count()).select_from(ReceivedComplaint)) == 0


def completed_access_request(workspace: Workspace, package: Path) -> tuple[str, str]:
    """An access request whose package is ready, and the download link mailed for it."""
    package.write_bytes(b"PK\x05\x06" + b"\x00" * 18)  # an empty zip archive
    form = SubmitIn(type="access", email="dana@example.com")
    with transaction(workspace.sessions) as session:
        found = service.submit_request(
            session, workspace.clock, workspace.key, form, channel=Channel.API, actor="person"
        ).request
        found.status, found.result = Status.COMPLETED, {"package": str(package)}
        mail = downloads.grant(session, workspace.clock, workspace.key, found, "http://testserver")
    link = re.search(r"(/api/v1/requests/\S+)", mail.text).group(1)  # type: ignore[union-attr]
    return found.id, link.replace("/api/v1/requests/", "/privacy/requests/")


def test_a_download_link_works_once_and_only_for_its_own_request(
    client: TestClient, published: Workspace, tmp_path: Path, clock: FixedClock
) -> None:
    request_id, link = completed_access_request(published, tmp_path / "package.zip")
    other_id, _ = completed_access_request(published, tmp_path / "other.zip")
    token = link.split("token=")[1]
    tampered = client.get(f"/privacy/requests/{request_id}/package?token={token[:-3]}abc")
    assert tampered.status_code == 422 and "not valid" in tampered.text
    theirs = client.get(f"/privacy/requests/{other_id}/package?token={token}")
    assert theirs.status_code == 404
    first = client.get(link)
    assert first.status_code == 200 and first.headers["content-type"] == "application/zip"
    again = client.get(link)
    assert again.status_code == 403 and "already used" in again.text


def test_an_expired_download_link_is_refused(
    client: TestClient, published: Workspace, tmp_path: Path, clock: FixedClock
) -> None:
    _, link = completed_access_request(published, tmp_path / "package.zip")
    clock.advance(days=7, minutes=1)
    answer = client.get(link)
    assert answer.status_code == 403 and "expired" in answer.text


def test_data_points_given_in_the_form_are_kept_for_matching_and_checked(
    client: TestClient, published: Workspace
) -> None:
    answer = submit(client, type="delete", point_name="Dana Scully", point_postal_code="20535")
    request_id = request_id_of(answer)
    with published.reader()() as session:
        found = service.get_request(session, request_id)
    assert found.details["data_points"] == {"name": "Dana Scully", "postal_code": "20535"}

    refused = submit(client, type="delete", point_name="x" * 201)
    assert refused.status_code == 422  # type: ignore[attr-defined]
    assert "longer than 200 characters" in refused.text  # type: ignore[attr-defined]
