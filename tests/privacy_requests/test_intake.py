"""Intake: types, identities, jurisdictions, deadlines and repeated requests."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from pactum.audit.models import AuditEntry
from pactum.errors import Invalid, NotFound
from pactum.privacy_requests.models import RequestEvent, Status
from pactum.workspace import Workspace
from tests.privacy_requests.company import submit


def test_a_californian_access_request_gets_its_due_dates_with_explanations(
    published: Workspace,
) -> None:
    request = submit(published, "access", region="US-CA").request
    assert request.jurisdiction == "california"
    assert request.status == Status.AWAITING_VERIFICATION
    assert request.required_level == "contact"
    # The test clock says Mon 23 Nov 2026: Thanksgiving and the day after are not business days.
    assert request.acknowledge_due_at.date().isoformat() == "2026-12-09"
    assert "2 public holidays of US-CA" in request.acknowledge_explanation
    assert request.due_explanation == "received Mon 23 Nov 2026; 45 calendar days → Thu 7 Jan 2027"


def test_the_disclosure_report_is_due_in_thirty_days(published: Workspace) -> None:
    request = submit(published, "disclosure-report").request
    assert request.due_explanation.endswith("30 calendar days → Wed 23 Dec 2026")


def test_an_opt_out_needs_no_verification_and_its_own_deadline(published: Workspace) -> None:
    submission = submit(published, "opt-out")
    assert submission.request.status == Status.VERIFIED
    assert submission.request.required_level == "none"
    assert "15 business days" in submission.request.due_explanation
    [mail] = submission.mails
    assert mail.to == "ada@example.test" and "We received your request" in mail.text


def test_the_jurisdiction_comes_from_the_region_or_the_catch_all(published: Workspace) -> None:
    assert submit(published, region="DE").request.jurisdiction == "eu"
    assert submit(published, region="NO").request.jurisdiction == "eu"  # EEA
    assert submit(published, region="JP").request.jurisdiction == "everyone"
    assert submit(published, region=None).request.jurisdiction == "everyone"
    named = submit(published, region="DE", jurisdiction="california").request
    assert named.jurisdiction == "california"


def test_a_right_the_jurisdiction_does_not_offer_is_refused_clearly(published: Workspace) -> None:
    with pytest.raises(Invalid) as caught:
        submit(published, "restrict", region="US-CA")
    assert "California (california) does not offer the right 'restrict'" in caught.value.what
    assert "access, confirm, correct, delete, opt-out, disclosure-report" in caught.value.fix


def test_an_unknown_type_or_jurisdiction_is_refused(published: Workspace) -> None:
    with pytest.raises(Invalid, match="'forget-me' is not a request type"):
        submit(published, "forget-me")
    with pytest.raises(Invalid, match="no jurisdiction 'mars'"):
        submit(published, jurisdiction="mars")


@pytest.mark.parametrize(
    ("email", "phone", "message"),
    [
        ("not-an-address", None, "is not an e-mail address"),
        (None, "12", "is not a valid phone number"),
        (None, "call me maybe", "is not a phone number"),
        (None, None, "exactly one of"),
        ("ada@example.test", "+14155550123", "exactly one of"),
    ],
)
def test_malformed_identities_are_refused_and_nothing_is_stored(
    published: Workspace, email: str | None, phone: str | None, message: str
) -> None:
    with pytest.raises(Invalid, match=message):
        submit(published, email=email, phone=phone)
    with published.sessions() as session:
        assert session.scalars(select(RequestEvent)).first() is None


def test_identities_are_normalized_and_kept_as_a_keyed_hash_too(published: Workspace) -> None:
    request = submit(published, email="  Ada@Example.TEST ").request
    assert request.identity_value == "ada@example.test"
    phone = submit(published, email=None, phone="(415) 555-0123").request
    assert phone.identity_value == "+14155550123" and phone.identity_kind == "phone"
    # A keyed hash: neither the value nor its plain SHA-256 (which anyone could compute).
    assert re.fullmatch(r"[0-9a-f]{64}", request.subject)
    assert request.subject != hashlib.sha256(b"ada@example.test").hexdigest()


def test_the_audit_log_records_the_submission_without_the_identity(published: Workspace) -> None:
    request = submit(published).request
    with published.sessions() as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.target == f"privacy_request:{request.id}")
        ).one()
    assert entry.action == "privacy_request.submitted"
    assert entry.subject == request.subject
    assert "ada@example.test" not in str(entry.details)


def test_staff_can_enter_a_request_received_earlier_by_post(published: Workspace) -> None:
    earlier = datetime(2026, 11, 2, 12, tzinfo=UTC)
    request = submit(published, channel="post", received_at=earlier).request
    assert request.channel == "post"
    assert request.due_explanation.startswith("received Mon 2 Nov 2026; 45 calendar days")
    with pytest.raises(Invalid, match="future"):
        submit(published, received_at=datetime(2027, 1, 1, tzinfo=UTC))


def test_an_agent_or_organization_making_the_request_is_recorded(published: Workspace) -> None:
    request = submit(published, requester={"kind": "agent", "name": "Privacy Helpers LLC"}).request
    assert request.requester == {"kind": "agent", "name": "Privacy Helpers LLC", "contact": ""}


def test_a_third_request_within_twelve_months_is_proposed_for_declining(
    published: Workspace, clock: object
) -> None:
    first = submit(published).request
    second = submit(published, email="ADA@example.test").request
    third = submit(published).request
    other_type = submit(published, "confirm").request
    assert not first.repeat_proposed and not second.repeat_proposed
    assert third.repeat_proposed and third.proposed_ground == "repetitive"
    assert third.status == Status.AWAITING_VERIFICATION  # proposed, never decided
    assert not other_type.repeat_proposed


def test_without_a_published_policy_nothing_can_be_submitted(workspace: Workspace) -> None:
    with pytest.raises(NotFound, match="no policy is published"):
        submit(workspace)
