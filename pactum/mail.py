"""Outgoing mail: over SMTP when PACTUM_SMTP_URL is set, otherwise into the workspace outbox.
Texts to a phone (marked with the `SMS` header) go to an SMS gateway when PACTUM_SMS_URL is set,
otherwise into the outbox too; never over SMTP."""

from __future__ import annotations

import smtplib
import threading
import time
import uuid
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import formatdate, make_msgid
from pathlib import Path
from urllib.parse import SplitResult, unquote, urlsplit

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
        url = self.smtp_url or ""
        try:
            kept = _kept_connection(url)
            if kept is not None:
                try:
                    kept.send_message(message)
                    _keep(url, kept)
                    return
                except (smtplib.SMTPServerDisconnected, ConnectionError):
                    _close(kept)  # the server let it go while it sat idle: open a fresh one
            client = self._connect(parts, parts.hostname, port)
            try:
                client.send_message(message)
            except BaseException:
                _close(client)
                raise
            _keep(url, client)
        except (OSError, smtplib.SMTPException) as exc:
            raise Unavailable(
                f"the mail server {parts.hostname}:{port} did not accept the message "
                f"({exc.__class__.__name__})",
                fix="check PACTUM_SMTP_URL and that the server is up; the message will be retried",
            ) from exc

    def _connect(self, parts: SplitResult, host: str, port: int) -> smtplib.SMTP:
        client_class = smtplib.SMTP_SSL if parts.scheme == "smtps" else smtplib.SMTP
        client = client_class(host, port, timeout=self.timeout)
        try:
            if parts.username:
                client.login(unquote(parts.username), unquote(parts.password or ""))
        except BaseException:
            _close(client)
            raise
        return client


# One SMTP connection per thread and server, reused for the next message: a worker that answers
# a thousand requests would otherwise connect, greet and log in a thousand times (more work than
# the message, on both ends). A connection idle for longer than KEEP_IDLE is closed, not reused
# (servers drop idle clients after a few minutes); one that fails is closed and never reused.
KEEP_IDLE = 30.0
_connections = threading.local()


def _kept_connection(url: str) -> smtplib.SMTP | None:
    kept: dict[str, tuple[smtplib.SMTP, float]] = getattr(_connections, "by_url", {})
    found = kept.pop(url, None)
    if found is None:
        return None
    client, used = found
    if time.monotonic() - used > KEEP_IDLE:
        _close(client)
        return None
    return client


def _keep(url: str, client: smtplib.SMTP) -> None:
    if not hasattr(_connections, "by_url"):
        _connections.by_url = {}
    _connections.by_url[url] = (client, time.monotonic())


def _close(client: smtplib.SMTP) -> None:
    try:
        client.quit()
    except (OSError, smtplib.SMTPException):
        client.close()


def read_outbox(outbox: Path) -> list[EmailMessage]:
    """The messages in the outbox, oldest first (for operators and tests)."""
    parser = BytesParser(policy=policy.default)
    files = sorted(outbox.glob("*.eml"), key=lambda f: f.stat().st_mtime_ns)
    return [parser.parsebytes(f.read_bytes()) for f in files]
