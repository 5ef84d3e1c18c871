"""The task queue end to end: a real `pactum worker` process runs a real job, on both backends."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from sqlalchemy import select

from pactum.audit.models import AuditEntry
from pactum.audit.service import record
from pactum.config import Settings
from pactum.db import transaction
from pactum.tasks import build_queue
from pactum.workspace import open_workspace
from tests.conftest import missing


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["sqlite", pytest.param("redis", marks=pytest.mark.redis)])
def test_a_worker_process_verifies_the_audit_chain(
    backend: str, settings: Settings, request: pytest.FixtureRequest
) -> None:
    if backend == "redis":
        redis_url = request.getfixturevalue("redis_url")
        if redis_url is None:
            missing("redis-server")
        settings = settings.model_copy(update={"redis_url": redis_url})
    workspace = open_workspace(settings)
    with transaction(workspace.sessions) as session:
        for step in range(3):
            record(session, workspace.clock, actor="test", action="test.step", target=f"t:{step}")
    queue = build_queue(settings)
    queue.huey.flush()
    result = queue.verify_audit_chain()
    env = {
        **os.environ,
        "PACTUM_HOME": str(settings.home),
        "PACTUM_DATABASE_URL": settings.resolved_database_url,
    }
    env.pop("PACTUM_REDIS_URL", None)
    if settings.redis_url:
        env["PACTUM_REDIS_URL"] = settings.redis_url
    worker = subprocess.Popen(
        [sys.executable, "-m", "pactum", "worker", "--workers", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        outcome = result.get(blocking=True, timeout=60)
    finally:
        worker.terminate()
        worker.wait(timeout=20)
    assert outcome == {"ok": True, "checked": 3, "first_broken": None, "reason": None}
    with workspace.sessions() as session:
        actions = session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions[-1] == "audit.verified"
    workspace.engine.dispose()


def test_resuming_does_not_queue_a_request_twice(settings: Settings) -> None:
    from pactum.privacy_requests import fulfilment
    from tests.privacy_requests.company import publish, submit, verify

    workspace = open_workspace(settings)
    publish(workspace)
    waiting, lost = (submit(workspace, "access", region="US-CA").request for _ in range(2))
    for request in (waiting, lost):
        verify(workspace, request.id)
        with transaction(workspace.sessions) as session:
            fulfilment.prepare_run(session, workspace.clock, request.id, actor="staff:test")
    queue = build_queue(settings)
    queue.huey.flush()
    queue.run_privacy_request(waiting.id)  # `lost` was queued, and its entry lost in a crash

    for _ in range(3):  # three minutes of the periodic job
        queue.resume_privacy_requests.call_local()

    queued = sorted(task.args[0] for task in queue.huey.pending())
    assert queued == sorted([waiting.id, lost.id])
    workspace.engine.dispose()


def test_the_queue_file_is_written_ahead_and_synced_like_pactums_own_database(
    settings: Settings,
) -> None:
    if settings.redis_url:
        pytest.skip("the queue is on Redis")
    storage = build_queue(settings).huey.storage
    # WAL with synchronous=NORMAL (1): a commit survives a crashed process; what the machine's
    # power takes is queued again by the resume jobs, from the database.
    assert storage.conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert storage.conn.execute("PRAGMA synchronous").fetchone() == (1,)
