"""`pactum serve` as users run it: a real process, answering, and logging no personal data."""

from __future__ import annotations

import os
import pickle
import socket
import subprocess
import sys
import time
from multiprocessing.reduction import ForkingPickler
from pathlib import Path

import httpx
import pytest

from pactum.serving import OwnListener
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


def test_each_worker_process_listens_on_a_socket_of_its_own() -> None:
    reserved = OwnListener.reserve("127.0.0.1", 0)
    port = reserved.getsockname()[1]
    # What each worker process receives (uvicorn pickles the sockets it hands them).
    workers = [pickle.loads(ForkingPickler.dumps(reserved)) for _ in range(2)]
    clients: list[socket.socket] = []
    try:
        for listener in workers:
            assert listener.getsockname()[1] == port
            listener.listen()
            listener.setblocking(False)
        clients = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(32)]
        accepted = [_accept_all(listener) for listener in workers]
    finally:
        for each in (*clients, *workers, reserved):
            each.close()
    # The kernel spreads them over both (all on one: a chance of 2 in 2**32); none is left
    # waiting on the parent's socket, which never listens.
    assert sum(accepted) == 32
    assert min(accepted) > 0


def _accept_all(listener: socket.socket) -> int:
    count = 0
    while True:
        try:
            connection, _ = listener.accept()
        except BlockingIOError:
            return count
        connection.close()
        count += 1


@pytest.mark.slow
def test_two_worker_processes_answer_and_stop_together(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "PACTUM_HOME": str(tmp_path / "ws")}
    env.pop("PACTUM_DATABASE_URL", None)
    env.pop("PACTUM_REDIS_URL", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "pactum", "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                # A new connection each time: both workers get some.
                answers = [
                    httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code
                    for _ in range(20)
                ]
                if answers == [200] * 20:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "pactum serve --workers 2 did not start"
            time.sleep(0.2)
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert output.count("Application startup complete") == 2
    assert server.returncode == 0
