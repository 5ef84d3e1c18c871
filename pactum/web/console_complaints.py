"""The console's list of complaints received through the privacy center (viewing them is audited)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import select

from pactum.accounts.models import Permission
from pactum.audit.service import record
from pactum.db import transaction
from pactum.http import CurrentWorkspace
from pactum.web.console_access import Viewer, require
from pactum.web.models import ReceivedComplaint
from pactum.web.rendering import render

router = APIRouter(prefix="/console", include_in_schema=False)
MayDecide = Annotated[Viewer, Depends(require(Permission.REQUESTS_DECIDE))]


@router.get("/complaints", response_class=HTMLResponse)
def complaints(request: Request, workspace: CurrentWorkspace, viewer: MayDecide) -> HTMLResponse:
    with transaction(workspace.sessions) as session:
        received = list(
            session.scalars(
                select(ReceivedComplaint).order_by(ReceivedComplaint.received_at.desc()).limit(200)
            )
        )
        record(
            session,
            workspace.clock,
            actor=viewer.actor,
            action="staff.viewed",
            target="complaints:list",
            details={"shown": len(received)},
        )
    return render(request, "console/complaints.html", active="complaints", received=received)
