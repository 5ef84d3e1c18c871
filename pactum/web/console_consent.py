"""The console's consent lookup: a person's current choices and their history, by identity."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse

from pactum.accounts.models import Permission
from pactum.audit.service import record
from pactum.consent import service as consent
from pactum.consent.schemas import History
from pactum.db import transaction
from pactum.errors import Invalid, NotFound
from pactum.http import CurrentWorkspace
from pactum.identities import normalize
from pactum.web.console_access import Viewer, require
from pactum.web.csrf import CsrfChecked
from pactum.web.rendering import render

router = APIRouter(prefix="/console", include_in_schema=False)
MayReadConsent = Annotated[Viewer, Depends(require(Permission.CONSENT))]
KINDS = ["email", "phone", "customer_id", "cookie_id"]


@router.get("/consent", response_class=HTMLResponse)
def consent_page(request: Request, viewer: MayReadConsent) -> HTMLResponse:
    return render(
        request,
        "console/consent.html",
        active="consent",
        kinds=KINDS,
        kind="email",
        value="",
        history=None,
        error="",
    )


@router.post("/consent", response_class=HTMLResponse)
def look_up(
    request: Request,
    *,
    workspace: CurrentWorkspace,
    viewer: MayReadConsent,
    _csrf: CsrfChecked,
    kind: Annotated[str, Form(max_length=40)] = "email",
    value: Annotated[str, Form(max_length=320)] = "",
) -> HTMLResponse:
    """POST, not GET: the identity stays out of addresses, logs and browser history."""
    history: History | None = None
    error = ""
    try:
        identity = normalize(kind, value)
        with transaction(workspace.sessions) as session:
            # Its own transaction: the lookup is recorded even when nothing is found.
            record(
                session,
                workspace.clock,
                actor=viewer.actor,
                action="staff.viewed",
                target="consent:lookup",
                subject=identity.hashed(workspace.key),
                details={"page": "consent", "kind": identity.kind},
            )
        with workspace.reader()() as session:
            history = consent.history(session, identity, key=workspace.key)
    except Invalid as problem:
        error = f"{problem.what}. {problem.fix}."
    except NotFound:
        error = "No consent is recorded for this identity."
    return render(
        request,
        "console/consent.html",
        active="consent",
        kinds=KINDS,
        kind=kind,
        value=value,
        history=history,
        error=error,
        status_code=422 if error.startswith("'") else 200,
    )
