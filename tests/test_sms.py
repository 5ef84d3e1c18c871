"""Texts to phones: through an SMS gateway when one is set, else the outbox; never over SMTP.

The gateway is a third party we cannot run here: a small HTTP server in the test stands in for
it, speaking the two shapes Pactum sends (Twilio's Messages resource and plain JSON)."""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest

from pactum.errors import Invalid, Unavailable
from pactum.mail import SMS, Mail, Mailer, read_outbox
from tests.services import Inbox, free_port

TEXT = Mail(to="+14155550123", subject="Your code", text="Acme: your code is 123456.",
            headers=(SMS,))  # fmt: skip


class FakeGateway(ThreadingHTTPServer):
    def __init__(self, status: int) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.status = status
        self.received: list[dict[str, Any]] = []

    @property
    def url(self) -> str:
        return f"http://sid:token@127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    server: FakeGateway

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.received.append({
            "path": self.path, "type": self.headers["Content-Type"], "body": body,
            "auth": base64.b64decode(self.headers["Authorization"].split()[1]).decode(),
        })  # fmt: skip
        self.send_response(self.server.status)
        self.end_headers()

    def log_message(self, *_: object) -> None:  # the test's output stays quiet
        return


@pytest.fixture
def gateway(request: pytest.FixtureRequest) -> Iterator[FakeGateway]:
    server = FakeGateway(getattr(request, "param", 201))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_a_text_goes_to_a_twilio_style_gateway(gateway: FakeGateway, tmp_path: Path) -> None:
    url = f"{gateway.url}/2010-04-01/Accounts/sid/Messages.json?From=%2B15550001111"
    Mailer(sender="p@example.test", smtp_url=None, outbox=tmp_path, sms_url=url).send(TEXT)

    [sent] = gateway.received
    assert sent["path"] == "/2010-04-01/Accounts/sid/Messages.json" and sent["auth"] == "sid:token"
    form = parse_qs(sent["body"].decode())
    assert form == {"To": ["+14155550123"], "From": ["+15550001111"],
                    "Body": ["Acme: your code is 123456."]}  # fmt: skip
    assert list(tmp_path.iterdir()) == []


def test_a_text_goes_to_a_json_gateway(gateway: FakeGateway, tmp_path: Path) -> None:
    Mailer(sender="p@example.test", smtp_url=None, outbox=tmp_path,
           sms_url=f"{gateway.url}/send").send(TEXT)  # fmt: skip

    [sent] = gateway.received
    assert sent["type"] == "application/json"
    assert json.loads(sent["body"]) == {"to": "+14155550123", "text": "Acme: your code is 123456."}


@pytest.mark.parametrize("gateway", [500], indirect=True)
def test_a_gateway_that_refuses_is_unavailable_and_names_no_number(
    gateway: FakeGateway, tmp_path: Path
) -> None:
    mailer = Mailer(sender="p@example.test", smtp_url=None, outbox=tmp_path,
                    sms_url=f"{gateway.url}/send")  # fmt: skip
    with pytest.raises(Unavailable) as caught:
        mailer.send(TEXT)
    assert "HTTP 500" in caught.value.what and "4155550123" not in str(caught.value)


def test_an_unreachable_gateway_is_unavailable(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}/send"
    with pytest.raises(Unavailable):
        Mailer(sender="p@example.test", smtp_url=None, outbox=tmp_path, sms_url=url).send(TEXT)


def test_plain_http_is_refused_for_a_gateway_elsewhere(tmp_path: Path) -> None:
    mailer = Mailer(sender="p@example.test", smtp_url=None, outbox=tmp_path,
                    sms_url="http://sms.example.com/send")  # fmt: skip
    with pytest.raises(Invalid, match="https"):
        mailer.send(TEXT)


def test_without_a_gateway_a_text_goes_to_the_outbox_not_to_smtp(
    smtp: tuple[str, Inbox], tmp_path: Path
) -> None:
    url, inbox = smtp
    Mailer(sender="p@example.test", smtp_url=url, outbox=tmp_path / "outbox").send(TEXT)

    assert inbox.messages == []
    [kept] = read_outbox(tmp_path / "outbox")
    assert kept["X-Pactum-Channel"] == "sms"
