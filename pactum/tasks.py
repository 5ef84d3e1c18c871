"""The task queue (Huey): SQLite file in the workspace by default, Redis when PACTUM_REDIS_URL is set.

Every background job is registered here, by name, so producers and workers agree on what exists.
Jobs themselves live in each feature's `jobs.py` and take a Workspace.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from huey import RedisHuey, SqliteHuey, crontab
from huey.api import Huey, TaskWrapper

from pactum.audit.jobs import verify_and_record
from pactum.config import Settings
from pactum.workspace import Workspace, open_workspace, prepare_workspace


@dataclass(frozen=True)
class Queue:
    huey: Huey
    verify_audit_chain: TaskWrapper


def build_queue(settings: Settings) -> Queue:
    if settings.redis_url:
        huey: Huey = RedisHuey("pactum", url=settings.redis_url)
    else:
        folder = prepare_workspace(settings.workspace)
        huey = SqliteHuey("pactum", filename=str(folder / "queue.db"))

    @cache
    def workspace() -> Workspace:
        # Opened once per worker process, on its first job, and shared by its threads.
        return open_workspace(settings)

    def verify_audit_chain() -> dict[str, Any]:
        return verify_and_record(workspace()).model_dump(mode="json")

    verify_task = huey.task(name="audit.verify_chain", retries=3, retry_delay=10)(
        verify_audit_chain
    )
    huey.periodic_task(crontab(minute="17", hour="3"), name="audit.verify_chain.daily")(
        verify_audit_chain
    )
    return Queue(huey=huey, verify_audit_chain=verify_task)
