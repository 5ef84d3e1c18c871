"""The task queue (Huey): SQLite file in the workspace by default, Redis when PACTUM_REDIS_URL is set.

Every background job is registered here, by name, so producers and workers agree on what exists.
Jobs themselves live in each feature's `jobs.py` and take a Workspace.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from functools import cache
from typing import Any

from huey import RedisHuey, SqliteHuey, crontab
from huey.api import Huey, TaskWrapper
from huey.exceptions import RetryTask
from huey.storage import SqliteStorage

from pactum.audit.jobs import verify_and_record
from pactum.config import Settings
from pactum.consent import jobs as consent_jobs
from pactum.privacy_requests import jobs as privacy_request_jobs
from pactum.workspace import Workspace, open_workspace, prepare_workspace


class QueueFile(SqliteStorage):  # type: ignore[misc]  # huey ships no type hints
    """The queue's SQLite file with `synchronous=NORMAL`, as Pactum's own database: in WAL mode
    a commit survives a crashed process without waiting for the disk. An entry lost with the
    machine's power is queued again from the database, which says what is unfinished: the
    minute's resume job (privacy requests) and requeue job (consent deliveries)."""

    def _create_connection(self) -> sqlite3.Connection:
        connection: sqlite3.Connection = super()._create_connection()
        connection.execute("PRAGMA synchronous=NORMAL")
        return connection


@dataclass(frozen=True)
class Queue:
    huey: Huey
    verify_audit_chain: TaskWrapper
    deliver_consent_change: TaskWrapper
    run_privacy_request: TaskWrapper
    resume_privacy_requests: TaskWrapper


def build_queue(settings: Settings) -> Queue:
    if settings.redis_url:
        huey: Huey = RedisHuey("pactum", url=settings.redis_url)
    else:
        folder = prepare_workspace(settings.workspace)
        huey = SqliteHuey("pactum", filename=str(folder / "queue.db"), storage_class=QueueFile)

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

    def deliver_consent_change(delivery_id: int) -> dict[str, Any]:
        outcome = consent_jobs.deliver(workspace(), delivery_id)
        if outcome.retry_in is not None:
            # Exponential back-off, computed from the attempts stored in the delivery row.
            raise RetryTask(delay=outcome.retry_in)
        return outcome.model_dump(mode="json")

    deliver_task = huey.task(name="consent.deliver")(deliver_consent_change)

    def requeue_consent_deliveries() -> None:
        for delivery_id in consent_jobs.lost_deliveries(workspace()):
            deliver_task(delivery_id)

    huey.periodic_task(crontab(minute="*"), name="consent.requeue_deliveries")(
        requeue_consent_deliveries
    )

    def run_privacy_request(request_id: str) -> None:
        outcome = privacy_request_jobs.run_request(workspace(), request_id)
        if outcome.retry_in is not None:
            # A system is down (back-off from the step's attempts), or another worker's claim
            # has not run out yet (it may have crashed): try again then.
            raise RetryTask(delay=outcome.retry_in)
        # Nothing returned, so nothing goes to the queue's result store: the outcome is the
        # request's own record, and results nobody reads would pile up there for ever.

    run_request_task = huey.task(name="privacy_requests.run")(run_privacy_request)

    def resume_privacy_requests(starting: bool = False) -> None:
        # The database says what is unfinished; a queue entry lost with a killed worker is
        # queued again here (every minute, and when a worker starts). What still waits in the
        # queue is not queued twice: a backlog would otherwise double every minute.
        waiting = queued_arguments(huey, run_request_task.name)
        for request_id in privacy_request_jobs.requests_to_resume(workspace(), starting=starting):
            if (request_id,) not in waiting:
                run_request_task(request_id)
        privacy_request_jobs.flush_forgotten(workspace())

    resume_task = huey.periodic_task(crontab(minute="*"), name="privacy_requests.resume")(
        resume_privacy_requests
    )
    huey.on_startup("privacy_requests.resume_on_start")(
        lambda: resume_privacy_requests(starting=True)
    )

    def purge_privacy_request_records() -> int:
        return privacy_request_jobs.purge_records(workspace())

    huey.periodic_task(crontab(minute="41", hour="2"), name="privacy_requests.purge_records")(
        purge_privacy_request_records
    )

    return Queue(
        huey=huey,
        verify_audit_chain=verify_task,
        deliver_consent_change=deliver_task,
        run_privacy_request=run_request_task,
        resume_privacy_requests=resume_task,
    )


def queued_arguments(huey: Huey, name: str) -> set[tuple[Any, ...]]:
    """The arguments of the tasks called `name` that wait in the queue or for their retry."""
    return {
        tuple(task.args)
        for task in [*huey.pending(), *huey.scheduled()]
        if task.name == name and task.args is not None
    }
