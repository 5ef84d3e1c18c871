"""Outgoing mail: over SMTP when PACTUM_SMTP_URL is set, otherwise into the workspace outbox.
Texts to a phone (marked with the `SMS` header) go to an SMS gateway when PACTUM_SMS_URL is set,
otherwise into the outbox too; never over SMTP."""

from __future__ import annotations

import smtplib
import uuid
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import formatdate, make_msgid
from pathlib import Path
from urllib.parse import unquote, urlsplit

from pactum.errors import Invalid, Unavailable
from pactum.sms import send_text

SMS = ("X-Pactum-Channel", "sms")  # a message for a phone number, not an e-mail address


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    text: str
    html: str | None = None
    headers: tuple[tuple[str, str], ...] = ()


class Mailer:
    """Sends mail. Messages never go to the log: they carry personal data."""

    def __init__(
        self,
        *,
        sender: str,
        smtp_url: str | None,
        outbox: Path,
        sms_url: str | None = None,
        timeout: float = 15,
    ) -> None:
        self.sender = sender
        self.smtp_url = smtp_url
        self.sms_url = sms_url
        self.outbox = outbox
        self.timeout = timeout

    def compose(self, mail: Mail) -> EmailMessage:
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = mail.to
        message["Subject"] = mail.subject
        message["Date"] = formatdate(localtime=False)
        message["Message-ID"] = make_msgid(domain=self.sender.rpartition("@")[2] or "pactum.local")
        for name, value in mail.headers:
            message[name] = value
        message.set_content(mail.text)
        if mail.html:
            message.add_alternative(mail.html, subtype="html")
        return message

    def send(self, mail: Mail) -> str:
        """Deliver one message; returns its Message-ID. Raises Unavailable when SMTP or the SMS
        gateway fails (the caller retries)."""
        message = self.compose(mail)
        is_text = SMS in mail.headers
        if is_text and self.sms_url:
            send_text(self.sms_url, to=mail.to, text=mail.text, timeout=self.timeout)
        elif self.smtp_url and not is_text:
            self._send_smtp(message)
        else:
            self.outbox.mkdir(parents=True, exist_ok=True)
            name = f"{uuid.uuid4().hex}.eml"
            (self.outbox / name).write_bytes(bytes(message))
        return str(message["Message-ID"])

    def _send_smtp(self, message: EmailMessage) -> None:
        parts = urlsplit(self.smtp_url or "")
        if parts.scheme not in {"smtp", "smtps"} or not parts.hostname:
            raise Invalid(
                "PACTUM_SMTP_URL is not an smtp:// or smtps:// URL",
                where="PACTUM_SMTP_URL",
                fix="write it as smtp://user:password@host:port",
            )
        port = parts.port or (465 if parts.scheme == "smtps" else 25)
        client_class = smtplib.SMTP_SSL if parts.scheme == "smtps" else smtplib.SMTP
        try:
            with client_class(parts.hostname, port, timeout=self.timeout) as client:
                if parts.username:
                    client.login(unquote(parts.username), unquote(parts.password or ""))
                client.send_message(message)
        except (OSError, smtplib.SMTPException) as exc:
            raise Unavailable(
                f"the mail server {parts.hostname}:{port} did not accept the message "
                f"({exc.__class__.__name__})",
                fix="check PACTUM_SMTP_URL and that the server is up; the message will be retried",
            ) from exc


def read_outbox(outbox: Path) -> list[EmailMessage]:
    """The messages in the outbox, oldest first (for operators and tests)."""
    parser = BytesParser(policy=policy.default)
    files = sorted(outbox.glob("*.eml"), key=lambda f: f.stat().st_mtime_ns)
    return [parser.parsebytes(f.read_bytes()) for f in files]
