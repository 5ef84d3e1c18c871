"""A real `pactum worker` killed with SIGKILL mid-deletion: a new worker ends where an
uninterrupted run ends, with every step run to completion once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select

from pactum.config import Settings
from pactum.db import transaction
from pactum.privacy_requests import fulfilment
from pactum.privacy_requests.models import PrivacyRequest, RequestStep, Status
from pactum.tasks import build_queue
from pactum.workspace import Workspace, open_workspace
from tests.builders import FixedClock
from tests.privacy_requests.company import (
    build_shop,
    confirm_all,
    dump,
    import_inventory,
    publish,
    run,
    submit,
    verify,
)

EVENTS = 40_000  # 80 steps of 500 rows: a run long enough to be killed in the middle


def worker(settings: Settings) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PACTUM_HOME": str(settings.home),
           "PACTUM_DATABASE_URL": settings.resolved_database_url}  # fmt: skip
    env.pop("PACTUM_REDIS_URL", None)
    return subprocess.Popen(
        [sys.executable, "-m", "pactum", "worker", "--workers", "1"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def wait_for(what: Callable[[], bool], timeout: float, interval: float = 0.02) -> None:
    deadline = time.monotonic() + timeout
    while not what():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(interval)


def progress(workspace: Workspace, request_id: str) -> tuple[str, int, int]:
    with workspace.reader()() as session:
        status = session.scalar(
            select(PrivacyRequest.status).where(PrivacyRequest.id == request_id)
        )
        done = session.scalar(
            select(func.count()).where(
                RequestStep.request_id == request_id, RequestStep.status == "done"
            )
        )
        total = session.scalar(select(func.count()).where(RequestStep.request_id == request_id))
    return str(status), int(done or 0), int(total or 0)


def uninterrupted(tmp_path: Path) -> dict[str, list[tuple[object, ...]]]:
    """The same deletion on a copy of the shop, in this process, without a crash."""
    settings = Settings(home=tmp_path / "calm", _env_file=None)  # type: ignore[call-arg]
    workspace = open_workspace(settings, clock=FixedClock())
    shop = build_shop(tmp_path / "calm-shop.db", events=EVENTS)
    publish(workspace)
    import_inventory(workspace, shop)
    request = submit(workspace, "delete", region="US-CA").request
    verify(workspace, request.id)
    assert run(workspace, request.id).status == Status.WAITING_FOR_STAFF
    confirm_all(workspace, request.id)
    assert run(workspace, request.id).status == Status.COMPLETED
    workspace.engine.dispose()
    return dump({"shop": f"sqlite:///{tmp_path / 'calm-shop.db'}"})


@pytest.mark.slow
def test_a_worker_killed_mid_deletion_is_resumed_by_another_to_the_same_end(
    settings: Settings, tmp_path: Path
) -> None:
    expected = uninterrupted(tmp_path)
    workspace = open_workspace(settings)  # the real clock: the workers' leases run on it
    shop = build_shop(tmp_path / "shop.db", events=EVENTS)
    publish(workspace)
    import_inventory(workspace, shop)
    request = submit(workspace, "delete", region="US-CA").request
    verify(workspace, request.id)
    with transaction(workspace.sessions) as session:
        fulfilment.prepare_run(session, workspace.clock, request.id, actor="staff:test")
    queue = build_queue(settings)
    queue.huey.flush()
    queue.run_privacy_request(request.id)

    first = worker(settings)
    try:
        wait_for(lambda: progress(workspace, request.id)[1] >= 5, timeout=60)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        first.kill()
    status, done, total = progress(workspace, request.id)
    assert status == Status.RUNNING and 5 <= done < total - 10, (status, done, total)

    second = worker(settings)
    try:
        wait_for(lambda: progress(workspace, request.id)[0] == Status.WAITING_FOR_STAFF, 90, 0.2)
        confirm_all(workspace, request.id)
        queue.run_privacy_request(request.id)
        wait_for(lambda: progress(workspace, request.id)[0] == Status.COMPLETED, 60, 0.2)
    finally:
        second.terminate()
        second.wait(timeout=20)
    assert dump({"shop": f"sqlite:///{tmp_path / 'shop.db'}"}) == expected
    with workspace.reader()() as session:
        attempts = session.scalars(
            select(RequestStep.attempts).where(RequestStep.request_id == request.id)
        ).all()
    assert max(attempts) <= 2  # only the step cut short ran twice
    workspace.engine.dispose()
