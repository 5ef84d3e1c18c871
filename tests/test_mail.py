"""Outgoing mail, through a real local SMTP server (aiosmtpd) and through the outbox."""

from __future__ import annotations

from pathlib import Path

import pytest

from pactum import mail
from pactum.errors import Unavailable
from pactum.mail import Mail, Mailer, read_outbox
from tests.services import Inbox, free_port, smtp_server


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


def test_one_connection_carries_the_next_messages(smtp: tuple[str, Inbox], tmp_path: Path) -> None:
    url, inbox = smtp
    for number in range(3):
        Mailer(sender="p@example.test", smtp_url=url, outbox=tmp_path).send(
            Mail(to="ada@example.test", subject=f"#{number}", text="y")
        )
    assert [m["Subject"] for m in inbox.messages] == ["#0", "#1", "#2"]
    assert len(set(inbox.connections)) == 1


def test_a_connection_idle_too_long_is_not_reused(
    smtp: tuple[str, Inbox], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, inbox = smtp
    monkeypatch.setattr(mail, "KEEP_IDLE", 0.0)
    for _ in range(2):
        Mailer(sender="p@example.test", smtp_url=url, outbox=tmp_path).send(
            Mail(to="ada@example.test", subject="x", text="y")
        )
    assert len(inbox.messages) == 2
    assert len(set(inbox.connections)) == 2


def test_a_kept_connection_the_server_dropped_is_replaced(tmp_path: Path) -> None:
    port = free_port()
    with smtp_server(port) as (url, first):
        Mailer(sender="p@example.test", smtp_url=url, outbox=tmp_path).send(
            Mail(to="ada@example.test", subject="before", text="y")
        )
    with smtp_server(port) as (url, second):  # the server restarted: the kept socket is dead
        Mailer(sender="p@example.test", smtp_url=url, outbox=tmp_path).send(
            Mail(to="ada@example.test", subject="after", text="y")
        )
    assert [m["Subject"] for m in first.messages] == ["before"]
    assert [m["Subject"] for m in second.messages] == ["after"]
