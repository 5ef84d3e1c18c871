"""Staff decisions on a request: approve, decline or narrow on a named ground, extend the deadline,
lift a restriction."""

from __future__ import annotations

from sqlalchemy.orm import Session

from pactum.business_days import holiday_calendar
from pactum.clock import Clock, as_utc
from pactum.consent import service as consent_service
from pactum.errors import Conflict, Invalid
from pactum.identities import Identity
from pactum.mail import Mail
from pactum.policy.document import RightType
from pactum.policy.duration import Duration
from pactum.privacy_requests import service
from pactum.privacy_requests.deadlines import extended_due_date
from pactum.privacy_requests.decisions import decline_ground, require_reason
from pactum.privacy_requests.messages import decline_message, extension_message, lifting_message
from pactum.privacy_requests.models import OPEN, PrivacyRequest, Status

_DECIDABLE = (Status.AWAITING_VERIFICATION, Status.VERIFIED, Status.APPROVED, Status.FAILED)


def approve(session: Session, clock: Clock, request_id: str, *, actor: str) -> PrivacyRequest:
    """A verified request goes to execution. A proposed repeat does not stop a staff member."""
    request = service.get_request(session, request_id, for_update=True)
    if request.status != Status.VERIFIED:
        raise Conflict(
            f"privacy request {request.id} is {request.status}; only a verified one is approved",
            fix="verify it first (`pactum request verify ID --manual --reason ...`)"
            if request.status == Status.AWAITING_VERIFICATION
            else "see `pactum request show ID`",
        )
    request.status = Status.APPROVED
    service.log_event(session, clock, request, actor=actor, action="approved")
    return request


def decline(
    session: Session, clock: Clock, request_id: str, *, ground: str, reason: str, actor: str,
    narrowed: bool = False,
) -> tuple[PrivacyRequest, Mail]:  # fmt: skip
    """Decline (or narrow) on a ground the jurisdiction lists; the person is told why."""
    request = service.get_request(session, request_id, for_update=True)
    if request.status not in _DECIDABLE:
        raise Conflict(
            f"privacy request {request.id} is {request.status} and can no longer be declined",
            fix="declining is possible before execution starts",
        )
    policy, jurisdiction = service.policy_and_jurisdiction(session, request)
    chosen = decline_ground(policy, jurisdiction, ground, RightType(request.type))
    why = require_reason(reason, "declining a request")
    request.decline_ground = chosen.id
    request.details = {**request.details, "data_points": {}}  # kept only to be compared
    details = {"ground": chosen.id, "narrowed": narrowed}
    if narrowed:
        request.result = {**request.result, "narrowed": {"ground": chosen.id, "reason": why}}
        service.log_event(session, clock, request, actor=actor, action="narrowed", note=why,
                          details=details)  # fmt: skip
    else:
        service.log_event(session, clock, request, actor=actor, action="decided_to_decline",
                          note=why, details=details)  # fmt: skip
        service.close(session, clock, request, Status.DECLINED, actor=actor)
    mail = decline_message(
        service.addressee(policy, request),
        ground=chosen.description,
        reason=why,
        narrowed=narrowed,
    )
    return request, mail


def extend(
    session: Session, clock: Clock, request_id: str, *, reason: str, actor: str,
    by: str | None = None,
) -> tuple[PrivacyRequest, Mail]:  # fmt: skip
    """One extension, decided before the original due date, no longer than the policy allows."""
    request = service.get_request(session, request_id, for_update=True)
    policy, jurisdiction = service.policy_and_jurisdiction(session, request)
    right = RightType(request.type)
    allowed = jurisdiction.extension
    if allowed is None or right in allowed.except_for:
        raise Conflict(f"{jurisdiction.name} allows no extension for a {right.value} request")
    if request.extended:
        raise Conflict(f"privacy request {request.id} was already extended once")
    if request.status not in OPEN:
        raise Conflict(f"privacy request {request.id} is {request.status}")
    if as_utc(clock.now()) > as_utc(request.due_at):
        raise Conflict(
            f"privacy request {request.id} is past its due date; an extension must be decided "
            "before it",
            fix="answer the request now",
        )
    length = _extension_length(allowed.by, by)
    why = require_reason(reason, "an extension")
    days = holiday_calendar(jurisdiction.holidays)
    due = extended_due_date(
        as_utc(request.received_at), service.response_period(jurisdiction, right), length, days
    )
    request.extended = True
    request.due_at = due.at
    request.due_explanation = due.explanation
    service.log_event(session, clock, request, actor=actor, action="extended",
                      note=f"{why} ({due.explanation})", details={"by": str(length)})  # fmt: skip
    mail = extension_message(service.addressee(policy, request), reason=why, due=due.explanation)
    return request, mail


def _extension_length(most: Duration, asked: str | None) -> Duration:
    if asked is None:
        return most
    try:
        length = Duration.parse(asked)
    except ValueError as exc:
        raise Invalid(str(exc), where="by") from exc
    if length.approximate_days() > most.approximate_days() or length.amount < 1:
        raise Invalid(
            f"an extension of {length} is longer than the policy allows ({most})",
            where="by",
            fix=f"give at most {most}",
        )
    return length


def lift_restriction(
    session: Session, clock: Clock, key: bytes, request_id: str, *, reason: str, actor: str
) -> tuple[PrivacyRequest, Mail]:
    """End a restriction of processing that a completed request put in place. The caller sends
    the mail before committing: the person is told before the restriction ends (GDPR art.
    18(3)), and if the mail cannot go, nothing is lifted."""
    request = service.get_request(session, request_id, for_update=True)
    if request.type != RightType.RESTRICT.value or request.status != Status.COMPLETED:
        raise Conflict(
            f"privacy request {request.id} is a {request.status} {request.type} request; only "
            "a completed restriction can be lifted",
            fix="see `pactum request show ID`",
        )
    why = require_reason(reason, "lifting a restriction")
    if request.identity_value is None:
        raise Conflict(f"privacy request {request.id} no longer holds the person's identity")
    identity = Identity(request.identity_kind, request.identity_value)
    lifted = consent_service.lift_restriction(
        session, clock, identity, request.id, key=key, actor=actor
    )
    if not lifted:
        raise Conflict(
            f"the restriction of privacy request {request.id} is no longer in force",
            fix="see `pactum consent history` for the person",
        )
    service.log_event(session, clock, request, actor=actor, action="restriction_lifted",
                      note=why, details={"purposes": lifted})  # fmt: skip
    policy, _ = service.policy_and_jurisdiction(session, request)
    return request, lifting_message(service.addressee(policy, request), reason=why)
