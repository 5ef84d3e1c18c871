"""`pactum serve` as users run it: a real process, answering, and logging no personal data."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.services import free_port


@pytest.mark.slow
def test_the_served_app_answers_and_its_logs_hold_no_personal_data(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "PACTUM_HOME": str(tmp_path / "ws")}
    env.pop("PACTUM_DATABASE_URL", None)
    env.pop("PACTUM_REDIS_URL", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "pactum", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "pactum serve did not start"
            time.sleep(0.2)
        httpx.get(
            f"{base}/api/v1/consent/check",
            params={"email": "ada.lovelace@example.com", "purpose": "x"},
        )
        httpx.get(f"{base}/privacy/nowhere/ada.lovelace@example.com")
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=20)
    assert "GET /healthz" in output
    assert "ada.lovelace@example.com" not in output
    assert "ada.lovelace%40example.com" not in output
