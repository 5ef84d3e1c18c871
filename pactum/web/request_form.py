"""The privacy center's request form: type, identity, jurisdiction, agent; then verification."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from pactum.db import transaction
from pactum.errors import Invalid, PactumError
from pactum.http import CurrentWorkspace, ReadSession
from pactum.policy.document import Policy, RightType
from pactum.privacy_requests import codes, limits, service
from pactum.privacy_requests.messages import send
from pactum.privacy_requests.models import Status
from pactum.privacy_requests.schemas import Channel, Requester, RequesterKind, SubmitIn
from pactum.web.csrf import CsrfChecked
from pactum.web.intake_guard import refusal
from pactum.web.published import published_policy
from pactum.web.rate_limits import client_address, public_limits
from pactum.web.rendering import render
from pactum.web.request_pass import grant_pass

router = APIRouter(
    prefix="/privacy", include_in_schema=False, dependencies=[Depends(public_limits)]
)
RIGHTS = {
    RightType.ACCESS: (
        "Get a copy of my data",
        "Everything we hold about you, in a file you can download.",
    ),
    RightType.CONFIRM: (
        "Do you hold my data?",
        "We tell you whether we hold personal data about you.",
    ),
    RightType.CORRECT: ("Correct my data", "Tell us what is wrong and what it should be."),
    RightType.DELETE: (
        "Delete my data",
        "We erase it everywhere, except what the law makes us keep.",
    ),
    RightType.RESTRICT: (
        "Restrict its use",
        "We keep your data but stop using it for the purposes you pick.",
    ),
    RightType.OBJECT: ("Object to a use", "Stop a use based on our legitimate interest."),
    RightType.WITHDRAW_CONSENT: ("Withdraw consent", "Take back a consent you gave us."),
    RightType.OPT_OUT: ("Do not sell or share", "Opt out of the sale or sharing of your data."),
    RightType.DISCLOSURE_REPORT: (
        "Disclosure report",
        "Who received your data for their own marketing last year.",
    ),
}
_FIELDS = {
    "email/phone": "email",
    "email": "email",
    "phone": "phone",
    "type": "type",
    "jurisdiction": "jurisdiction",
    "changes": "correction",
    "purposes": "purposes",
    **{
        f"data_points.{kind}": f"point_{kind}"
        for kind in ("name", "postal_code", "customer_number")
    },
}
POINTS = ("name", "postal_code", "customer_number")  # the facts the form asks for


def offered_rights(policy: Policy) -> list[tuple[str, str, str]]:
    offered = {right for j in policy.jurisdictions for right in j.rights}
    return [(r.value, *RIGHTS[r]) for r in RIGHTS if r in offered]


def _page(
    request: Request,
    policy: Policy,
    values: dict[str, str],
    errors: dict[str, str],
    status: int = 200,
) -> HTMLResponse:
    return render(
        request,
        "privacy/request_form.html",
        status_code=status,
        policy=policy,
        rights=offered_rights(policy),
        values=values,
        errors=errors,
        active="request",
    )


@router.get("/request", response_class=HTMLResponse)
def request_page(request: Request, session: ReadSession, type: str = "") -> HTMLResponse:
    return _page(request, published_policy(session), {"type": type[:40]}, {})


def _form_from(values: dict[str, str]) -> SubmitIn:
    changes = {values["correction_category"]: values["correction"]} if values["correction"] else {}
    requester = Requester()
    if values["agent_kind"] in {RequesterKind.AGENT.value, RequesterKind.ORGANIZATION.value}:
        requester = Requester(
            kind=RequesterKind(values["agent_kind"]),
            name=values["agent_name"],
            contact=values["agent_contact"],
        )
    return SubmitIn(
        type=values["type"],
        email=values["email"].strip() or None,
        phone=values["phone"].strip() or None,
        jurisdiction=values["jurisdiction"] or None,
        requester=requester,
        changes=changes,
        purposes=[p for p in values["purposes"].split(",") if p],
        data_points={k: values[f"point_{k}"] for k in POINTS if values[f"point_{k}"].strip()},
    )


def _screen(values: dict[str, str], policy: Policy) -> dict[str, str]:
    errors: dict[str, str] = {}
    for name in ("correction", "agent_name"):
        if refused := refusal(values[name], policy):
            errors[name] = refused
    if values["type"] == RightType.CORRECT.value and not values["correction"].strip():
        errors["correction"] = "Tell us what the right value is."
    if not values["email"].strip() and not values["phone"].strip():
        errors["email"] = "Give an e-mail address or a phone number so we can confirm it is you."
    return errors


@router.post("/request", response_model=None)
def submit(
    request: Request,
    *,
    workspace: CurrentWorkspace,
    session: ReadSession,
    _csrf: CsrfChecked,
    type: Annotated[str, Form(max_length=40)] = "",
    email: Annotated[str, Form(max_length=320)] = "",
    phone: Annotated[str, Form(max_length=40)] = "",
    jurisdiction: Annotated[str, Form(max_length=120)] = "",
    agent_kind: Annotated[str, Form(max_length=20)] = "",
    agent_name: Annotated[str, Form(max_length=200)] = "",
    agent_contact: Annotated[str, Form(max_length=320)] = "",
    correction_category: Annotated[str, Form(max_length=120)] = "",
    correction: Annotated[str, Form(max_length=1000)] = "",
    purposes: Annotated[list[str] | None, Form(max_length=50)] = None,
    point_name: Annotated[str, Form(max_length=1000)] = "",
    point_postal_code: Annotated[str, Form(max_length=1000)] = "",
    point_customer_number: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    policy = published_policy(session)
    values = {
        "type": type,
        "email": email,
        "phone": phone,
        "jurisdiction": jurisdiction,
        "agent_kind": agent_kind,
        "agent_name": agent_name,
        "agent_contact": agent_contact,
        "correction_category": correction_category,
        "correction": correction,
        "purposes": ",".join(p[:120] for p in (purposes or [])),
        "point_name": point_name,
        "point_postal_code": point_postal_code,
        "point_customer_number": point_customer_number,
    }
    errors = _screen(values, policy)
    if errors:
        return _page(request, policy, values, errors, status=422)
    address = client_address(request)
    try:
        with transaction(workspace.sessions) as writer:
            buckets = limits.client_buckets(
                workspace.key, "submit", address, limits.SUBMIT_PER_ADDRESS
            )
            limits.enforce(writer, workspace.clock, buckets)
            submission = service.submit_request(
                writer,
                workspace.clock,
                workspace.key,
                _form_from(values),
                channel=Channel.API,
                actor="person",
            )
            created = submission.request
            if created.status == Status.AWAITING_VERIFICATION:
                submission.mails.append(
                    codes.send_code(
                        writer,
                        workspace.clock,
                        workspace.key,
                        created,
                        base_url=workspace.settings.base_url,
                        client=address,
                    )
                )
            request_id, needs_code = created.id, created.status == Status.AWAITING_VERIFICATION
    except limits.TooManyAttempts as exc:
        raise HTTPException(
            429, "Too many requests from your network. Try again in an hour."
        ) from exc
    except Invalid as problem:
        field = _FIELDS.get(problem.where, "type")
        return _page(
            request, policy, values, {field: f"{problem.what}. {problem.fix}".strip()}, 422
        )
    except PactumError as problem:
        raise HTTPException(problem.http_status, problem.what) from problem
    send(workspace.mailer, submission.mails)
    if needs_code:
        return RedirectResponse(f"/privacy/requests/{request_id}/verify?sent=1", status_code=303)
    response = RedirectResponse(f"/privacy/requests/{request_id}", status_code=303)
    grant_pass(request, response, request_id)
    return response
