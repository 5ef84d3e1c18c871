"""Background work of privacy requests: running one, resuming stalled ones, purging old records."""

from __future__ import annotations

from pactum.privacy_requests import forgetting, fulfilment
from pactum.privacy_requests.schemas import RunOutcome
from pactum.workspace import Workspace


def run_request(workspace: Workspace, request_id: str) -> RunOutcome:
    """One execution pass; `retry_in` says when to run it again (a system down, a claim held)."""
    return fulfilment.execute(workspace, request_id)


def requests_to_resume(workspace: Workspace, *, starting: bool = False) -> list[str]:
    """What a worker must (re)queue: the database, not the queue, says what is unfinished."""
    return fulfilment.stalled_requests(workspace, held_too=starting)


def purge_records(workspace: Workspace) -> int:
    return forgetting.purge_expired(workspace)


def flush_forgotten(workspace: Workspace) -> None:
    """Empty SQLite's write-ahead log of forgotten values (forgetting does it at most every
    ten seconds per process; this runs every minute)."""
    forgetting.checkpoint(workspace)
