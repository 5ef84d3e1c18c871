"""Outgoing mail, through a real local SMTP server (aiosmtpd) and through the outbox."""

from __future__ import annotations

from pathlib import Path

import pytest

from pactum.errors import Unavailable
from pactum.mail import Mail, Mailer, read_outbox
from tests.services import Inbox, free_port


def test_mail_goes_over_smtp_when_configured(smtp: tuple[str, Inbox], tmp_path: Path) -> None:
    url, inbox = smtp
    mailer = Mailer(sender="privacy@example.test", smtp_url=url, outbox=tmp_path)
    mailer.send(
        Mail(
            to="ada@example.test",
            subject="Your code",
            text="123456",
            headers=(("List-Unsubscribe", "<https://x.test/u>"),),
        )
    )
    [message] = inbox.messages
    assert message["To"] == "ada@example.test"
    assert message["List-Unsubscribe"] == "<https://x.test/u>"
    assert list(tmp_path.iterdir()) == []


def test_without_smtp_mail_lands_in_the_outbox(tmp_path: Path) -> None:
    mailer = Mailer(sender="privacy@example.test", smtp_url=None, outbox=tmp_path / "outbox")
    mailer.send(Mail(to="ada@example.test", subject="Hello", text="body", html="<p>body</p>"))
    [message] = read_outbox(tmp_path / "outbox")
    assert message["Subject"] == "Hello"


def test_an_unreachable_smtp_server_is_unavailable(tmp_path: Path) -> None:
    mailer = Mailer(
        sender="p@example.test",
        smtp_url=f"smtp://127.0.0.1:{free_port()}",
        outbox=tmp_path,
        timeout=2,
    )
    with pytest.raises(Unavailable):
        mailer.send(Mail(to="ada@example.test", subject="x", text="y"))
