"""What every HTTP edge shares: the workspace of the app, database sessions, and error responses."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated, TypeVar

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from pactum.errors import PactumError
from pactum.workspace import Workspace


def get_workspace(request: Request) -> Workspace:
    workspace: Workspace = request.app.state.workspace
    return workspace


def read_session(workspace: Annotated[Workspace, Depends(get_workspace)]) -> Iterator[Session]:
    with workspace.reader()() as session:
        yield session


def write_session(workspace: Annotated[Workspace, Depends(get_workspace)]) -> Iterator[Session]:
    """A unit of work: committed when the handler returns, rolled back when it raises."""
    with workspace.sessions() as session, session.begin():
        yield session


T = TypeVar("T")


async def run_read(workspace: Workspace, read: Callable[[], T]) -> T:
    """Run a short read for an `async` endpoint, in the cheapest place that does not stall others.

    SQLite is a file in this process: an indexed read takes tens of microseconds, and a hop to a
    worker thread (plus the fight for the GIL that follows) costs several times more, so the
    read runs on the event loop. Readers never wait for SQLite's write lock (WAL). A database
    across a network answers in a round trip that may be slow: there the read runs in a worker
    thread. Only for reads: a write may wait for a lock, and belongs in a worker thread.
    """
    if workspace.engine.dialect.name == "sqlite":
        return read()
    return await run_in_threadpool(read)


ReadSession = Annotated[Session, Depends(read_session)]
WriteSession = Annotated[Session, Depends(write_session)]
CurrentWorkspace = Annotated[Workspace, Depends(get_workspace)]


def error_response(error: PactumError) -> JSONResponse:
    problems = [
        {"what": p.what, "where": p.where, "path": p.path, "fix": p.fix} for p in error.problems
    ]
    return JSONResponse(
        {"error": type(error).__name__, "detail": error.what, "problems": problems},
        status_code=error.http_status,
    )
