"""Staff decisions: declining only on a listed ground, extending once and in time, the work list."""

from __future__ import annotations

import pytest

from pactum.db import transaction
from pactum.errors import Conflict, Invalid
from pactum.privacy_requests import review, timeline
from pactum.privacy_requests.models import Status
from pactum.workspace import Workspace
from tests.builders import FixedClock
from tests.privacy_requests.company import submit, verify


def decline(workspace: Workspace, request_id: str, ground: str, **extra: object) -> object:
    with transaction(workspace.sessions) as session:
        return review.decline(
            session, workspace.clock, request_id, ground=ground,
            reason="You asked for the same copy three times this year.", actor="staff:1",
            **extra,  # type: ignore[arg-type]
        )  # fmt: skip


def extend(workspace: Workspace, request_id: str, **extra: object) -> object:
    with transaction(workspace.sessions) as session:
        return review.extend(
            session, workspace.clock, request_id,
            reason="We must search paper archives in two offices.", actor="staff:1",
            **extra,  # type: ignore[arg-type]
        )  # fmt: skip


def test_a_request_is_declined_on_a_listed_ground_and_the_person_is_told_why(
    published: Workspace,
) -> None:
    request = submit(published).request
    declined, mail = decline(published, request.id, "repetitive")  # type: ignore[misc]
    assert declined.status == Status.DECLINED and declined.decline_ground == "repetitive"
    assert declined.keep_until is not None
    assert mail.to == "ada@example.test"
    assert "repetitive" in mail.text and "three times this year" in mail.text
    assert "supervisory authority" in mail.text


def test_a_ground_the_jurisdiction_does_not_list_is_refused(published: Workspace) -> None:
    eu = submit(published, region="DE").request
    with pytest.raises(Invalid) as caught:
        decline(published, eu.id, "legal_obligation")
    assert "repetitive, exposes_others, cannot_verify" in caught.value.fix
    access = submit(published).request  # legal_obligation applies to deletion only
    with pytest.raises(Invalid):
        decline(published, access.id, "legal_obligation")


def test_declining_needs_a_real_reason(published: Workspace) -> None:
    request = submit(published).request
    with transaction(published.sessions) as session, pytest.raises(Invalid, match="reason"):
        review.decline(
            session, published.clock, request.id, ground="repetitive", reason="no", actor="s:1"
        )


def test_narrowing_keeps_the_request_open_and_records_why(published: Workspace) -> None:
    request = submit(published).request
    narrowed, mail = decline(published, request.id, "exposes_others", narrowed=True)  # type: ignore[misc]
    assert narrowed.status == Status.AWAITING_VERIFICATION
    assert narrowed.result["narrowed"]["ground"] == "exposes_others"
    assert "only in part" in mail.text


def test_an_extension_moves_the_due_date_once_and_tells_the_person(published: Workspace) -> None:
    request = submit(published).request
    extended, mail = extend(published, request.id)  # type: ignore[misc]
    assert extended.extended
    assert extended.due_explanation.endswith(
        "45 days + an extension of 45 days = 90 calendar days → Sun 21 Feb 2027"
    )
    assert "paper archives" in mail.text and "Sun 21 Feb 2027" in mail.text
    with pytest.raises(Conflict, match="already extended"):
        extend(published, request.id)


def test_an_extension_decided_after_the_due_date_is_refused(
    published: Workspace, clock: FixedClock
) -> None:
    request = submit(published).request
    clock.advance(days=46)
    with pytest.raises(Conflict, match="past its due date"):
        extend(published, request.id)


def test_an_extension_cannot_exceed_the_policy_or_apply_to_the_disclosure_report(
    published: Workspace,
) -> None:
    request = submit(published).request
    with pytest.raises(Invalid, match="longer than the policy allows"):
        extend(published, request.id, by="60 days")
    shorter, _ = extend(published, request.id, by="2 weeks")  # type: ignore[misc]
    assert "45 days to Thu 7 Jan 2027, then an extension of 2 weeks" in shorter.due_explanation
    report = submit(published, "disclosure-report").request
    with pytest.raises(Conflict, match="allows no extension"):
        extend(published, report.id)


def test_gdpr_extension_is_two_further_months(published: Workspace, clock: FixedClock) -> None:
    request = submit(published, region="FR").request
    extended, _ = extend(published, request.id)  # type: ignore[misc]
    assert extended.due_at.date().isoformat() == "2027-02-23"


def test_only_a_verified_request_is_approved(published: Workspace) -> None:
    request = submit(published).request
    with transaction(published.sessions) as session, pytest.raises(Conflict, match="verify it"):
        review.approve(session, published.clock, request.id, actor="staff:1")
    verify(published, request.id)
    with transaction(published.sessions) as session:
        assert (
            review.approve(session, published.clock, request.id, actor="s:1").status == "approved"
        )


def test_requests_close_to_or_past_their_deadline_are_listed_first(
    published: Workspace, clock: FixedClock
) -> None:
    late = submit(published, region="JP").request  # 30 days
    clock.advance(days=1)
    gdpr = submit(published, region="DE").request  # 1 month
    soon = submit(published, "opt-out").request  # 15 business days
    clock.advance(days=40)  # `late` is now overdue
    closed = submit(published).request
    decline(published, closed.id, "repetitive")
    with published.reader()() as session:
        listed = [r.id for r in timeline.list_requests(session)]
    assert listed == [soon.id, late.id, gdpr.id, closed.id]
