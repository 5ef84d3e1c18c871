"""Mail to the person over a real SMTP server (aiosmtpd); texts to phones stay in the outbox."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from pactum.app import create_app
from pactum.config import Settings
from pactum.mail import read_outbox
from pactum.privacy_requests.models import Status
from pactum.workspace import Workspace, open_workspace
from tests.builders import FixedClock
from tests.privacy_requests.company import publish, run
from tests.services import Inbox, free_port


@pytest.fixture
def mailing(settings: Settings, smtp: tuple[str, Inbox]) -> Iterator[Workspace]:
    opened = open_workspace(settings.model_copy(update={"smtp_url": smtp[0]}), clock=FixedClock())
    publish(opened)
    yield opened
    opened.engine.dispose()


def text_of(message: Any) -> str:
    part = message.get_payload()[0] if message.is_multipart() else message
    return str(part.get_payload(decode=True).decode())


def test_the_person_is_mailed_over_smtp_when_their_request_completes(
    mailing: Workspace, smtp: tuple[str, Inbox]
) -> None:
    client = TestClient(create_app(mailing))
    created = client.post("/api/v1/requests", json={"type": "opt-out",
                                                    "email": "ada@example.test",
                                                    "region": "US-CA"}).json()  # fmt: skip
    assert created["status"] == Status.VERIFIED  # an opt-out needs no proof of identity
    outcome = run(mailing, created["id"])
    assert outcome.status == Status.COMPLETED
    received, done = smtp[1].messages
    assert received["To"] == done["To"] == "ada@example.test"
    assert "We received your privacy request" in received["Subject"]
    assert done["Subject"] == f"Your privacy request is complete [{created['id']}]"
    assert "no longer sell or share" in text_of(done)
    assert read_outbox(mailing.outbox) == []


def test_a_code_for_a_phone_is_written_to_the_outbox_as_a_text(
    mailing: Workspace, smtp: tuple[str, Inbox]
) -> None:
    client = TestClient(create_app(mailing))
    answer = client.post("/api/v1/requests", json={"type": "access", "phone": "+1 415 555 0123"})
    assert answer.status_code == 202 and "phone number" in answer.json()["message"]
    [text] = read_outbox(mailing.outbox)
    assert text["To"] == "+14155550123" and text["X-Pactum-Channel"] == "sms"
    assert smtp[1].messages == []


def test_when_smtp_is_down_the_answer_waits_and_is_retried(
    settings: Settings, smtp: tuple[str, Inbox]
) -> None:
    down = f"smtp://127.0.0.1:{free_port()}"
    workspace = open_workspace(settings.model_copy(update={"smtp_url": down}), clock=FixedClock())
    publish(workspace)
    from tests.privacy_requests.company import submit

    request = submit(workspace, "opt-out", region="US-CA").request
    outcome = run(workspace, request.id)
    assert outcome.status == Status.BLOCKED and outcome.blocked_by == "mail"
    workspace.engine.dispose()
