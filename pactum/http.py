"""What every HTTP edge shares: the workspace of the app, database sessions, and error responses."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
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
