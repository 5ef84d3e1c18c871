"""Taking in privacy requests: intake, deadlines, the timeline, and finding a request again."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from pactum.audit.service import record
from pactum.business_days import holiday_calendar
from pactum.clock import Clock, as_utc
from pactum.db import core
from pactum.errors import Invalid, NotFound
from pactum.identities import Identity, normalize
from pactum.mail import Mail
from pactum.policy.document import Jurisdiction, Policy, RightType, VerificationLevel
from pactum.policy.duration import Duration, Unit
from pactum.policy.service import current_policy
from pactum.privacy_requests import intake
from pactum.privacy_requests.deadlines import due_date
from pactum.privacy_requests.decisions import propose_repeat
from pactum.privacy_requests.matching import clean_points
from pactum.privacy_requests.messages import Addressee, acknowledgement_message
from pactum.privacy_requests.models import PrivacyRequest, RequestEvent, Status
from pactum.privacy_requests.schemas import Channel, StaffEntryIn, SubmitIn
from pactum.privacy_requests.verification import required_level

_ID_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"  # no 0/O, 1/I/L, U: easy to read out on the phone


@dataclass
class Submission:
    """A stored request and the messages to send once the transaction has committed."""

    request: PrivacyRequest
    mails: list[Mail] = field(default_factory=list)


def new_request_id() -> str:
    return "R" + "".join(secrets.choice(_ID_ALPHABET) for _ in range(11))


def person_identity(form: SubmitIn) -> Identity:
    """Exactly one of e-mail or phone, normalized (malformed ones are refused here)."""
    given = [
        (kind, value) for kind, value in (("email", form.email), ("phone", form.phone)) if value
    ]
    if len(given) != 1:
        raise Invalid(
            "give exactly one of an e-mail address or a phone number",
            where="email/phone",
            fix="use --email E or --phone P",
        )
    kind, value = given[0]
    return normalize(kind, value)


def response_period(jurisdiction: Jurisdiction, right: RightType) -> Duration:
    if right in jurisdiction.respond_within_by_type:
        return jurisdiction.respond_within_by_type[right]
    if right is RightType.OPT_OUT and jurisdiction.opt_out_within is not None:
        return jurisdiction.opt_out_within
    return jurisdiction.respond_within


def submit_request(
    session: Session,
    clock: Clock,
    key: bytes,
    form: SubmitIn,
    *,
    channel: Channel,
    actor: str,
) -> Submission:
    """Record a request with its due dates; nothing about the person is looked up.

    The answer is therefore the same for people we hold data about and for strangers.
    """
    right = intake.parse_type(form.type)
    identity = person_identity(form)
    policy = current_policy(session)
    jurisdiction = intake.resolve_jurisdiction(
        policy, jurisdiction=form.jurisdiction, region=form.region
    )
    intake.require_right(jurisdiction, right)
    request = _new_request(
        form, right=right, identity=identity, jurisdiction=jurisdiction, channel=channel,
        received=_received_at(form, clock), key=key,
    )  # fmt: skip
    session.add(request)
    session.flush()
    log_event(
        session, clock, request, actor=actor, action="submitted",
        note=f"{right.value} request by {channel.value}; {request.due_explanation}",
        details={"type": right.value, "jurisdiction": jurisdiction.id, "channel": channel.value,
                 "requester": form.requester.kind.value},
    )  # fmt: skip
    _propose_if_repeated(session, clock, policy, jurisdiction, request)
    mails: list[Mail] = []
    if request.status == Status.VERIFIED:
        mails.append(acknowledge(session, clock, policy, request, "We are working on it."))
    return Submission(request, mails)


def _received_at(form: SubmitIn, clock: Clock) -> datetime:
    now = as_utc(clock.now())
    given = form.received_at if isinstance(form, StaffEntryIn) else None
    if given is None:
        return now
    received = as_utc(given)
    if received > now:
        raise Invalid("the request cannot be received in the future", where="received_at")
    return received


def _new_request(
    form: SubmitIn,
    *,
    right: RightType,
    identity: Identity,
    jurisdiction: Jurisdiction,
    channel: Channel,
    received: datetime,
    key: bytes,
) -> PrivacyRequest:
    days = holiday_calendar(jurisdiction.holidays)
    due = due_date(received, response_period(jurisdiction, right), days)
    ack = (
        due_date(received, jurisdiction.acknowledge_within, days)
        if jurisdiction.acknowledge_within
        else None
    )
    level = required_level(jurisdiction, right)
    return PrivacyRequest(
        id=new_request_id(), type=right.value, jurisdiction=jurisdiction.id, channel=channel.value,
        status=Status.VERIFIED if level is VerificationLevel.NONE else Status.AWAITING_VERIFICATION,
        identity_kind=identity.kind, identity_value=identity.value, subject=identity.hashed(key),
        requester=form.requester.model_dump(mode="json"),
        details={"changes": dict(form.changes), "purposes": list(form.purposes),
                 "data_points": clean_points(form.data_points)},
        received_at=received, required_level=level.value, verified_level=None, verified_at=None,
        acknowledge_due_at=ack.at if ack else None,
        acknowledge_explanation=ack.explanation if ack else "",
        due_at=due.at, due_explanation=due.explanation, extended=False, repeat_proposed=False,
        result={},
    )  # fmt: skip


def _propose_if_repeated(
    session: Session,
    clock: Clock,
    policy: Policy,
    jurisdiction: Jurisdiction,
    request: PrivacyRequest,
) -> None:
    earlier = session.scalars(
        select(PrivacyRequest.received_at).where(
            PrivacyRequest.subject == request.subject,
            PrivacyRequest.type == request.type,
            PrivacyRequest.id != request.id,
        )
    )
    received = as_utc(request.received_at)
    proposal = propose_repeat(policy, jurisdiction, received, [as_utc(m) for m in earlier])
    if proposal is None:
        return
    request.repeat_proposed = True
    request.proposed_ground = proposal.ground
    note = (
        f"{proposal.earlier} earlier {request.type} request(s) by the same person within "
        f"{proposal.window}; a staff member may decline on {proposal.ground or 'a listed ground'}"
    )
    log_event(session, clock, request, actor="system", action="repeat_proposed", note=note)


def acknowledge(
    session: Session, clock: Clock, policy: Policy, request: PrivacyRequest, next_step: str
) -> Mail:
    log_event(session, clock, request, actor="system", action="acknowledged")
    return acknowledgement_message(
        addressee(policy, request), due=request.due_explanation, next_step=next_step
    )


def addressee(policy: Policy, request: PrivacyRequest) -> Addressee:
    if request.identity_value is None:
        raise NotFound(
            f"privacy request {request.id} no longer holds the person's address",
            fix="Pactum forgot the person after a completed deletion; nothing can be sent",
        )
    return Addressee(
        to=request.identity_value,
        is_phone=request.identity_kind == "phone",
        request_id=request.id,
        type=request.type,
        organization=policy.organization.name,
    )


class Traced(Protocol):
    """What a timeline line needs of its request: the stored row, or a pass's snapshot of it."""

    @property
    def id(self) -> str: ...

    @property
    def subject(self) -> str: ...


def log_event(
    session: Session,
    clock: Clock,
    request: Traced,
    *,
    actor: str,
    action: str,
    note: str = "",
    details: dict[str, Any] | None = None,
) -> RequestEvent:
    """One timeline line, and its audit entry (keyed hash only, no personal data in details)."""
    entry = record(
        session,
        clock,
        actor=actor,
        action=f"privacy_request.{action}",
        target=f"privacy_request:{request.id}",
        details=details,
        subject=request.subject,
    )
    values = {"request_id": request.id, "at": clock.now(), "actor": actor, "action": action,
              "note": note, "audit_id": entry.id}  # fmt: skip
    # A Core insert, like the audit entry's: a timeline line is written once, never changed.
    core(session).execute(_INSERT_EVENT, [values])
    return RequestEvent(**values)


_INSERT_EVENT = insert(RequestEvent)


def get_request(session: Session, request_id: str, *, for_update: bool = False) -> PrivacyRequest:
    """A request by id. The same NotFound for an unknown id and for one the caller may not see."""
    query = select(PrivacyRequest).where(PrivacyRequest.id == request_id.strip().upper())
    found = session.scalar(query.with_for_update() if for_update else query)
    if found is None or found.purged_at is not None:
        raise NotFound(
            f"no privacy request {request_id}", where="id", fix="see `pactum request list`"
        )
    return found


def policy_and_jurisdiction(
    session: Session, request: PrivacyRequest
) -> tuple[Policy, Jurisdiction]:
    policy = current_policy(session)
    return policy, jurisdiction_of(policy, request.jurisdiction)


def jurisdiction_of(policy: Policy, name: str) -> Jurisdiction:
    jurisdiction = policy.jurisdiction(name)
    if jurisdiction is None:
        raise Invalid(
            f"the policy in force no longer has the jurisdiction {name!r}",
            where="policy",
            fix="publish a policy that keeps it, or decline the request",
        )
    return jurisdiction


# 11 CCR 7101(a): records of requests and responses are kept for at least 24 months.
CALIFORNIA_RECORDS = Duration(24, Unit.MONTHS)


def records_period(jurisdiction: Jurisdiction) -> Duration:
    """How long the request record is kept after closing: the policy's, never under the law's."""
    declared = jurisdiction.records_kept_for or CALIFORNIA_RECORDS
    is_californian = any(r in ("US", "US-CA", "*") for r in jurisdiction.regions)
    if is_californian and declared.approximate_days() < CALIFORNIA_RECORDS.approximate_days():
        return CALIFORNIA_RECORDS
    return declared


def close(
    session: Session, clock: Clock, request: PrivacyRequest, status: Status, *, actor: str
) -> None:
    """Completed or declined: from now on, the record-keeping clock runs."""
    jurisdiction = current_policy(session).jurisdiction(request.jurisdiction)
    period = records_period(jurisdiction) if jurisdiction else CALIFORNIA_RECORDS
    now = as_utc(clock.now())
    request.status = status
    request.closed_at = now
    request.lease_owner = None
    request.lease_until = None
    request.keep_until = due_date(now, period, holiday_calendar(None)).at
    log_event(session, clock, request, actor=actor, action=status.value)
