"""The preferences page: opt out of marketing topics and of sale or sharing, with GPC honoured.

Opt-outs need no proof of identity (11 CCR 7026; CAN-SPAM): the page records them for the address
given and shows the same confirmation whether or not the address is known. Opting in goes through
double opt-in (`/consent/subscribe`), never through this page.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse

from pactum.consent.models import Channel, State
from pactum.consent.service import record_entry
from pactum.db import transaction
from pactum.errors import Invalid
from pactum.http import CurrentWorkspace, ReadSession
from pactum.identities import Identity, normalize
from pactum.policy.document import Policy, Purpose
from pactum.web.csrf import CsrfChecked
from pactum.web.published import published_policy
from pactum.web.rate_limits import public_limits
from pactum.web.rendering import render

router = APIRouter(
    prefix="/privacy", include_in_schema=False, dependencies=[Depends(public_limits)]
)


def choosable_purposes(policy: Policy) -> list[Purpose]:
    """What a person can switch off here: marketing, and sale or sharing for advertising."""
    return [p for p in policy.purposes if (p.marketing or p.sale_or_share) and not p.transactional]


def _page(
    request: Request,
    policy: Policy,
    *,
    errors: dict[str, str],
    values: dict[str, str],
    done: list[Purpose] | None = None,
    status: int = 200,
) -> HTMLResponse:
    return render(
        request,
        "privacy/preferences.html",
        status_code=status,
        policy=policy,
        purposes=choosable_purposes(policy),
        gpc=request.headers.get("sec-gpc") == "1",
        errors=errors,
        values=values,
        done=done,
        here="preferences",
    )


@router.get("/preferences", response_class=HTMLResponse)
def preferences_page(request: Request, session: ReadSession) -> HTMLResponse:
    return _page(request, published_policy(session), errors={}, values={})


@router.post("/preferences", response_class=HTMLResponse)
def save_preferences(
    request: Request,
    *,
    workspace: CurrentWorkspace,
    session: ReadSession,
    _csrf: CsrfChecked,
    email: Annotated[str, Form(max_length=320)] = "",
    purpose: Annotated[list[str] | None, Form()] = None,
) -> HTMLResponse:
    policy = published_policy(session)
    offered = {p.id: p for p in choosable_purposes(policy)}
    chosen = [offered[p] for p in purpose or [] if p in offered]
    if request.headers.get("sec-gpc") == "1":  # the signal opts out of sale and sharing anyway
        chosen += [p for p in offered.values() if p.sale_or_share and p not in chosen]
    errors: dict[str, str] = {}
    identity: Identity | None = None
    try:
        identity = normalize("email", email)
    except Invalid:
        errors["email"] = "Enter your e-mail address, like name@example.com."
    if not chosen:
        errors["purpose"] = "Choose at least one thing to stop."
    if errors or identity is None:
        return _page(request, policy, errors=errors, values={"email": email}, status=422)
    with transaction(workspace.sessions) as writer:
        for item in chosen:
            record_entry(
                writer,
                workspace.clock,
                policy,
                workspace.key,
                identity,
                purpose=item.id,
                state=State.WITHDRAWN,
                actor="person:preferences",
                channel=Channel.WEB_FORM,
            )
    return _page(request, policy, errors={}, values={}, done=chosen)
