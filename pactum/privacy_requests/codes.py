"""Verifying the person: sending codes and links, checking them, and staff verification."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from pactum.clock import Clock, as_utc
from pactum.errors import Conflict, Invalid, PactumError
from pactum.mail import Mail
from pactum.policy.document import RightType, VerificationLevel
from pactum.policy.service import current_policy
from pactum.privacy_requests import downloads, limits, service
from pactum.privacy_requests.decisions import require_reason
from pactum.privacy_requests.links import read_verification_token, verification_token
from pactum.privacy_requests.messages import code_message
from pactum.privacy_requests.models import PrivacyRequest, Status, VerificationCode
from pactum.privacy_requests.schemas import Channel, SubmitIn
from pactum.privacy_requests.verification import (
    CODE_LIFETIME,
    MAX_ATTEMPTS,
    clean_code,
    code_digest,
    code_reaches,
    is_code_correct,
    new_code,
    new_nonce,
    satisfies,
)

_WRONG = "the code is wrong or has expired"


@dataclass
class CodeCheck:
    """The outcome of a code or link. A wrong code is returned, not raised, so that the attempt
    it used up is committed before the caller reports it."""

    request: PrivacyRequest
    problem: PactumError | None = None
    mails: list[Mail] = field(default_factory=list)


def submit_with_code(
    session: Session, clock: Clock, key: bytes, form: SubmitIn, *, channel: Channel, actor: str,
    base_url: str, client: str | None,
) -> service.Submission:  # fmt: skip
    """Take in a request and, when the person must prove who they are, send them a code."""
    submission = service.submit_request(session, clock, key, form, channel=channel, actor=actor)
    if submission.request.status == Status.AWAITING_VERIFICATION:
        submission.mails.append(
            send_code(session, clock, key, submission.request, base_url=base_url, client=client)
        )
        service.log_event(session, clock, submission.request, actor="system",
                          action="acknowledged", note="with the verification code")  # fmt: skip
    return submission


def may_send_code(request: PrivacyRequest) -> bool:
    awaiting = request.status == Status.AWAITING_VERIFICATION
    downloadable = request.type == RightType.ACCESS.value and downloads.has_package(request)
    return request.identity_value is not None and (awaiting or downloadable)


def send_code(
    session: Session, clock: Clock, key: bytes, request: PrivacyRequest, *,
    base_url: str, client: str | None,
) -> Mail:  # fmt: skip
    """A fresh code (and link) to the person's own address; earlier codes stop working."""
    if not may_send_code(request):
        raise Conflict(
            f"privacy request {request.id} needs no code now",
            fix="a code is sent while a request awaits verification, or for a new download",
        )
    limits.enforce(session, clock, [
        (limits.person_bucket("send", request.subject), limits.SEND_PER_PERSON),
        *limits.client_buckets(key, "send", client, limits.SEND_PER_ADDRESS),
    ])  # fmt: skip
    now = as_utc(clock.now())
    session.execute(
        update(VerificationCode)
        .where(VerificationCode.request_id == request.id, VerificationCode.used_at.is_(None))
        .values(expires_at=now)
    )
    nonce, code = new_nonce(), new_code()
    session.add(
        VerificationCode(
            id=nonce, request_id=request.id, code_hash=code_digest(key, nonce, code),
            created_at=now, expires_at=now + CODE_LIFETIME, attempts=0, used_at=None,
        )
    )  # fmt: skip
    service.log_event(session, clock, request, actor="system", action="code_sent")
    link = f"{base_url.rstrip('/')}/api/v1/requests/{request.id}/verify?token="
    link += verification_token(key, request.id, nonce)
    policy = current_policy(session)
    return code_message(
        service.addressee(policy, request), code=code, link=link, due=request.due_explanation
    )


def check_code(
    session: Session, clock: Clock, key: bytes, request_id: str, raw_code: str, *,
    base_url: str, client: str | None,
) -> CodeCheck:  # fmt: skip
    code = clean_code(raw_code)
    request = service.get_request(session, request_id)
    _count_check(session, clock, key, request, client)
    now = as_utc(clock.now())
    row = session.scalar(  # sending a code expires the earlier ones: at most one is live
        select(VerificationCode).where(
            VerificationCode.request_id == request.id,
            VerificationCode.used_at.is_(None),
            VerificationCode.expires_at > now,
        )
    )
    if row is None or row.attempts >= MAX_ATTEMPTS:
        return CodeCheck(request, _refusal(row))
    row.attempts += 1
    if not is_code_correct(key, row.id, code, row.code_hash):
        left = MAX_ATTEMPTS - row.attempts
        fix = f"{left} attempt(s) left" if left else "ask for a new code"
        return CodeCheck(request, Invalid(_WRONG, where="code", fix=fix))
    return _accept(session, clock, key, request, row, base_url=base_url)


def check_link(
    session: Session, clock: Clock, key: bytes, token: str, *, base_url: str, client: str | None
) -> CodeCheck:
    request_id, nonce = read_verification_token(key, token)
    request = service.get_request(session, request_id)
    _count_check(session, clock, key, request, client)
    row = session.get(VerificationCode, nonce)
    now = as_utc(clock.now())
    usable = row is not None and row.request_id == request.id and row.used_at is None
    if row is None or not usable or as_utc(row.expires_at) <= now:
        return CodeCheck(request, _refusal(row if usable else None, link=True))
    return _accept(session, clock, key, request, row, base_url=base_url)


def _count_check(
    session: Session, clock: Clock, key: bytes, request: PrivacyRequest, client: str | None
) -> None:
    limits.enforce(session, clock, [
        (limits.person_bucket("check", request.subject), limits.CHECK_PER_PERSON),
        *limits.client_buckets(key, "check", client, limits.CHECK_PER_ADDRESS),
    ])  # fmt: skip


def _refusal(row: VerificationCode | None, *, link: bool = False) -> PactumError:
    if row is not None and row.attempts >= MAX_ATTEMPTS:
        return Invalid("too many wrong codes", where="code", fix="ask for a new code")
    what = "this link has expired or was already used" if link else _WRONG
    return Invalid(what, where="token" if link else "code", fix="ask for a new code")


def _accept(
    session: Session, clock: Clock, key: bytes, request: PrivacyRequest, row: VerificationCode,
    *, base_url: str,
) -> CodeCheck:  # fmt: skip
    row.used_at = clock.now()
    if request.status != Status.AWAITING_VERIFICATION:
        # A completed access request: this verification grants one more download.
        return CodeCheck(request, mails=[downloads.grant(session, clock, key, request, base_url)])
    required = VerificationLevel(request.required_level)
    request.verified_level = code_reaches(required).value
    request.verified_at = clock.now()
    if required is VerificationLevel.MATCHED and request.details.get("data_points"):
        # Compared with the company's records when the request runs, before anything of the
        # person's is read out or changed (fulfilment raises the level, or asks staff).
        request.status = Status.VERIFIED
        note = f"by {request.identity_kind} code; the data points given are compared next"
        service.log_event(session, clock, request, actor="person", action="contact_verified",
                          note=note)  # fmt: skip
        return CodeCheck(request)
    if not satisfies(VerificationLevel(request.verified_level), required):
        note = f"the person controls the {request.identity_kind} given; {required.value} "
        note += "verification needs a staff member's check of further data points"
        service.log_event(
            session, clock, request, actor="person", action="contact_verified", note=note
        )
        return CodeCheck(request)
    request.status = Status.VERIFIED
    service.log_event(session, clock, request, actor="person", action="verified",
                      note=f"by {request.identity_kind} code")  # fmt: skip
    return CodeCheck(request)


def verify_manually(
    session: Session, clock: Clock, request_id: str, *, reason: str, actor: str
) -> PrivacyRequest:
    """A staff member vouches for the person's identity (strict level), with a recorded reason."""
    request = service.get_request(session, request_id, for_update=True)
    if request.status != Status.AWAITING_VERIFICATION:
        raise Conflict(
            f"privacy request {request.id} is {request.status}, not awaiting verification"
        )
    why = require_reason(reason, "a manual verification")
    request.details = {**request.details, "data_points": {}}  # no longer to be compared
    request.verified_level = VerificationLevel.STRICT.value
    request.verified_at = clock.now()
    request.status = Status.VERIFIED
    session.execute(
        update(VerificationCode)
        .where(VerificationCode.request_id == request.id, VerificationCode.used_at.is_(None))
        .values(expires_at=as_utc(clock.now()))
    )
    service.log_event(session, clock, request, actor=actor, action="verified_manually", note=why)
    return request
