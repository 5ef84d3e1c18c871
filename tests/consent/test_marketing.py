"""Marketing channels: one-click unsubscribe links (RFC 8058) and double opt-in by e-mail."""

from __future__ import annotations

import base64
import dataclasses
import re

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from pactum.app import create_app
from pactum.consent.channels import consent_statement
from pactum.consent.models import ConsentEvent
from pactum.consent.service import may_process
from pactum.consent.tokens import unsubscribe_headers
from pactum.identities import normalize
from pactum.mail import Mail
from pactum.policy.service import current_policy
from pactum.signing import sha256_hex
from pactum.workspace import Workspace
from tests.builders import FixedClock, csrf_from, published_policy
from tests.services import Inbox

ADA = normalize("email", "ada@example.com")
BASE = "http://testserver"


def events(workspace: Workspace) -> list[ConsentEvent]:
    with workspace.sessions() as session:
        return list(session.scalars(select(ConsentEvent).order_by(ConsentEvent.id)))


def decision(client: TestClient, workspace: Workspace, purpose: str) -> bool:
    with workspace.reader()() as session:
        policy = current_policy(session)
        return may_process(
            session, policy, ADA, purpose, now=workspace.clock.now(), key=workspace.key
        ).allowed


def unsubscribe_path(
    workspace: Workspace, purpose: str = "marketing_email", message: str = "m-1"
) -> str:
    headers = dict(unsubscribe_headers(workspace.key, BASE, ADA, purpose, message))
    url = re.fullmatch(r"<(.+)>", headers["List-Unsubscribe"])
    assert url is not None
    return url.group(1).removeprefix(BASE)


def test_every_marketing_mail_carries_one_click_unsubscribe_headers(workspace: Workspace) -> None:
    headers = unsubscribe_headers(
        workspace.key,
        "https://privacy.example.test",
        ADA,
        "marketing_email",
        "campaign-7",
        mailto="unsubscribe@example.test",
    )
    message = workspace.mailer.compose(
        Mail(to=ADA.value, subject="News", text="Hi", headers=headers)
    )
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link, mailto = message["List-Unsubscribe"].split(", ")
    assert link.startswith("<https://privacy.example.test/u/") and mailto.startswith("<mailto:")
    payload = link.removeprefix("<https://privacy.example.test/u/").split(".")[0]
    decoded = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    assert b"ada" not in decoded  # the link names a keyed hash, never the address


def test_opening_the_link_only_asks_and_changes_nothing(
    client: TestClient, workspace: Workspace
) -> None:
    published_policy(workspace)
    page = client.get(unsubscribe_path(workspace))
    assert page.status_code == 200
    assert 'data-state="confirm"' in page.text and 'method="post"' in page.text
    assert "ada@example.com" not in page.text
    assert events(workspace) == []


def test_one_click_withdraws_exactly_the_named_purpose(
    client: TestClient, workspace: Workspace
) -> None:
    published_policy(workspace)
    answer = client.post(unsubscribe_path(workspace), data={"List-Unsubscribe": "One-Click"})
    assert answer.status_code == 200 and "You are unsubscribed" in answer.text
    [event] = events(workspace)
    assert (event.purpose, event.state, event.channel) == (
        "marketing_email",
        "withdrawn",
        "unsubscribe_link",
    )
    assert event.note == "message m-1"
    assert not decision(client, workspace, "marketing_email")
    assert decision(client, workspace, "product_news")  # another purpose: untouched


def test_a_used_link_says_already_unsubscribed_and_records_nothing_more(
    client: TestClient, workspace: Workspace
) -> None:
    published_policy(workspace)
    path = unsubscribe_path(workspace)
    client.post(path, data={"List-Unsubscribe": "One-Click"})
    again = client.post(path, data={"List-Unsubscribe": "One-Click"})
    assert again.status_code == 200 and "already unsubscribed" in again.text
    assert 'data-state="already"' in client.get(path).text
    assert len(events(workspace)) == 1


def test_a_forged_link_is_refused_clearly_and_reveals_nothing(
    client: TestClient, workspace: Workspace
) -> None:
    published_policy(workspace)
    path = unsubscribe_path(workspace)
    forged = path[:-3] + ("AAA" if not path.endswith("AAA") else "BBB")
    for answer in (client.get(forged), client.post(forged)):
        assert answer.status_code == 400
        assert "This unsubscribe link does not work" in answer.text
        assert "ada" not in answer.text.lower()
    assert events(workspace) == []


def test_double_opt_in_records_the_grant_only_on_confirmation(
    workspace: Workspace, smtp: tuple[str, Inbox], clock: FixedClock
) -> None:
    url, inbox = smtp
    mailing = dataclasses.replace(
        workspace, settings=workspace.settings.model_copy(update={"smtp_url": url})
    )
    policy = published_policy(workspace)
    with TestClient(create_app(mailing)) as client:
        form = client.get("/consent/subscribe", params={"purpose": "marketing_email"})
        assert form.status_code == 200
        token = re.search(r'name="form_token" value="([^"]+)"', form.text)
        assert token is not None
        sent = client.post(
            "/consent/subscribe",
            data={
                "email": "Ada@Example.com",
                "purpose": "marketing_email",
                "form_token": token.group(1),
                "csrf_token": csrf_from(form.text),
            },
        )
        assert sent.status_code == 200 and "Check your inbox" in sent.text
        assert events(workspace) == []
        [message] = inbox.messages
        assert message["To"] == "ada@example.com"
        link = re.search(
            r"http://127\.0\.0\.1:8000(/consent/confirm/\S+)",
            message.get_payload(decode=True).decode(),
        )
        assert link is not None and "ada" not in link.group(1)
        assert 'data-state="confirm"' in client.get(link.group(1)).text
        assert events(workspace) == []  # a mail scanner following the link confirms nothing
        done = client.post(link.group(1))
        assert done.status_code == 200 and "you are subscribed" in done.text
        assert "Already confirmed" in client.post(link.group(1)).text
        [event] = events(workspace)
        statement = consent_statement(policy, policy.purposes[0])
        assert (event.state, event.channel) == ("granted", "web_form")
        assert event.evidence_sha256 == sha256_hex(statement.encode())
        assert decision(client, workspace, "marketing_email")
        clock.advance(days=8)
        expired = client.get(link.group(1))
        assert expired.status_code == 410 and "expired" in expired.text
        assert client.get(link.group(1)[:-4] + "AAAA").status_code == 400


def test_a_subscription_form_with_a_bad_address_says_what_to_fix(
    client: TestClient, workspace: Workspace
) -> None:
    published_policy(workspace)
    form = client.get("/consent/subscribe", params={"purpose": "marketing_email"})
    token = re.search(r'name="form_token" value="([^"]+)"', form.text)
    assert token is not None
    answer = client.post(
        "/consent/subscribe",
        data={
            "email": "ada at example",
            "purpose": "marketing_email",
            "form_token": token.group(1),
            "csrf_token": csrf_from(form.text),
        },
    )
    assert answer.status_code == 422 and "not an e-mail address" in answer.text
    assert client.get("/consent/subscribe", params={"purpose": "order_updates"}).status_code == 422
    with workspace.sessions() as session:
        assert session.scalar(select(func.count()).select_from(ConsentEvent)) == 0
