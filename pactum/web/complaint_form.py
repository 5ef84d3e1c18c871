"""The complaint form: a person tells us what went wrong; we keep it and confirm receipt by mail."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from pactum.audit.service import record
from pactum.clock import Clock
from pactum.db import transaction
from pactum.errors import Invalid, Unavailable
from pactum.http import CurrentWorkspace, ReadSession
from pactum.identities import Identity, normalize_email
from pactum.mail import Mail
from pactum.policy.document import Policy
from pactum.web.csrf import CsrfChecked
from pactum.web.intake_guard import refusal
from pactum.web.models import ReceivedComplaint
from pactum.web.published import published_policy
from pactum.web.rate_limits import public_limits
from pactum.web.rendering import render

router = APIRouter(
    prefix="/privacy", include_in_schema=False, dependencies=[Depends(public_limits)]
)
TOPICS = {
    "request": "How my privacy request was handled",
    "use": "How my data is used",
    "marketing": "Marketing messages",
    "security": "Security of my data",
    "other": "Something else",
}
MESSAGE_LIMIT = 5000


def store_complaint(
    session: Session,
    clock: Clock,
    key: bytes,
    *,
    email: str,
    topic: str,
    jurisdiction: str | None,
    request_reference: str | None,
    message: str,
) -> ReceivedComplaint:
    """Keep the complaint; the audit log holds a keyed hash of the address, never the address."""
    complaint = ReceivedComplaint(
        reference="C" + secrets.token_hex(4).upper(),
        received_at=clock.now(),
        email=email,
        jurisdiction=jurisdiction,
        topic=topic,
        request_reference=request_reference,
        message=message,
    )
    session.add(complaint)
    session.flush()
    record(
        session,
        clock,
        actor="public",
        action="complaint.received",
        target=f"complaint:{complaint.reference}",
        details={"topic": topic},
        subject=Identity("email", email).hashed(key),
    )
    return complaint


def _page(
    request: Request,
    policy: Policy,
    *,
    errors: dict[str, str],
    values: dict[str, str],
    status: int = 200,
) -> HTMLResponse:
    return render(
        request,
        "privacy/complaint.html",
        status_code=status,
        policy=policy,
        topics=TOPICS,
        errors=errors,
        values=values,
        active="complaint",
    )


@router.get("/complaint", response_class=HTMLResponse)
def complaint_page(request: Request, session: ReadSession) -> HTMLResponse:
    return _page(request, published_policy(session), errors={}, values={})


@router.post("/complaint", response_class=HTMLResponse)
def send_complaint(
    request: Request,
    *,
    workspace: CurrentWorkspace,
    session: ReadSession,
    _csrf: CsrfChecked,
    email: Annotated[str, Form(max_length=320)] = "",
    topic: Annotated[str, Form(max_length=40)] = "",
    jurisdiction: Annotated[str, Form(max_length=120)] = "",
    request_reference: Annotated[str, Form(max_length=64)] = "",
    message: Annotated[str, Form(max_length=MESSAGE_LIMIT)] = "",
) -> HTMLResponse:
    policy = published_policy(session)
    values = {
        "email": email,
        "topic": topic,
        "jurisdiction": jurisdiction,
        "request_reference": request_reference,
        "message": message,
    }
    errors: dict[str, str] = {}
    try:
        address = normalize_email(email)
    except Invalid:
        errors["email"] = "Enter the e-mail address where we can answer you, like name@example.com."
    if topic not in TOPICS:
        errors["topic"] = "Choose what your complaint is about."
    if jurisdiction and policy.jurisdiction(jurisdiction) is None:
        errors["jurisdiction"] = "Choose where you live from the list, or leave it empty."
    if len(message.strip()) < 10:
        errors["message"] = "Tell us what happened, in a sentence or more."
    elif refused := refusal(message, policy):
        errors["message"] = refused
    if errors:
        return _page(request, policy, errors=errors, values=values, status=422)
    with transaction(workspace.sessions) as writer:
        complaint = store_complaint(
            writer,
            workspace.clock,
            workspace.key,
            email=address,
            topic=topic,
            jurisdiction=jurisdiction or None,
            request_reference=request_reference.strip() or None,
            message=message.strip(),
        )
        reference = complaint.reference
    _acknowledge(workspace, policy, address, reference)
    return render(
        request,
        "privacy/complaint_sent.html",
        policy=policy,
        reference=reference,
        active="complaint",
    )


def _acknowledge(workspace: CurrentWorkspace, policy: Policy, address: str, reference: str) -> None:
    text = (
        f"We received your complaint (reference {reference}).\n\n"
        + (
            f"We will answer within {policy.complaints.respond_within}.\n"
            if policy.complaints
            else ""
        )
        + f"\n{policy.organization.name}\n"
    )
    try:
        workspace.mailer.send(Mail(to=address, subject=f"Your complaint {reference}", text=text))
    except (Unavailable, Invalid):
        # The complaint is stored; the acknowledgement is a courtesy that may be resent by staff.
        return
