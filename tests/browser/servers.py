"""Real servers for browser tests: `pactum serve` as a subprocess, aiosmtpd, headless Chromium."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import IO

import httpx
from aiosmtpd.controller import Controller

from tests.services import free_port

CHROMIUM = "/usr/bin/chromium"
# Debian's browser, never a downloaded one (see RECIPES.md); quiet, so it calls no outside host.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PACTUM = Path(sys.executable).with_name("pactum")


class Mailbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, _server: object, _session: object, envelope: object) -> str:
        raw: bytes = envelope.content  # type: ignore[attr-defined]
        self.messages.append(message_from_bytes(raw, policy=policy.default))  # type: ignore[arg-type]
        return "250 OK"

    def wait_for(self, count: int, timeout: float = 20) -> list[EmailMessage]:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(self.messages) >= count, f"{len(self.messages)} message(s), expected {count}"
        return self.messages

    def text(self, index: int = -1) -> str:
        body = self.messages[index].get_body(("plain",))
        assert body is not None
        return str(body.get_content())


@contextmanager
def smtp_server() -> Iterator[tuple[str, Mailbox]]:
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield f"smtp://127.0.0.1:{port}", mailbox
    finally:
        controller.stop()


@contextmanager
def pactum_server(environment: dict[str, str]) -> Iterator[str]:
    """`pactum serve` on a free port; yields its base URL once /healthz answers."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, **environment, "PACTUM_BASE_URL": base}
    # The server logs every request: a pipe nobody reads would fill up and stall it.
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            [str(PACTUM), "serve", "--port", str(port)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_until_healthy(base, log)
            yield base
        finally:
            process.terminate()
            process.wait(timeout=15)


def _wait_until_healthy(base: str, log: IO[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    log.seek(0)
    raise AssertionError(f"pactum serve did not start: {log.read()[-2000:]!r}")


def has_chromium() -> bool:
    try:
        import playwright  # noqa: F401
    except ImportError:
        return False
    return shutil.which(CHROMIUM) is not None
