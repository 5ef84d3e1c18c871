"""Verifying the person: single-use codes and links, expiry, attempt and rate limits, staff."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from pactum.db import transaction
from pactum.errors import Conflict, Invalid
from pactum.privacy_requests import codes, service
from pactum.privacy_requests.codes import CodeCheck
from pactum.privacy_requests.limits import TooManyAttempts
from pactum.privacy_requests.models import Status, VerificationCode
from pactum.workspace import Workspace
from tests.builders import FixedClock
from tests.privacy_requests.company import code_in, link_token, send_code, submit


def check(workspace: Workspace, request_id: str, code: str, client: str | None = None) -> CodeCheck:
    with transaction(workspace.sessions) as session:
        return codes.check_code(
            session, workspace.clock, workspace.key, request_id, code,
            base_url="https://privacy.test", client=client,
        )  # fmt: skip


def follow(workspace: Workspace, token: str) -> CodeCheck:
    with transaction(workspace.sessions) as session:
        return codes.check_link(
            session, workspace.clock, workspace.key, token,
            base_url="https://privacy.test", client="203.0.113.9",
        )  # fmt: skip


def status_of(workspace: Workspace, request_id: str) -> str:
    with workspace.sessions() as session:
        return service.get_request(session, request_id).status


def test_the_right_code_verifies_the_request_once(published: Workspace) -> None:
    request = submit(published).request
    code = send_code(published, request.id)
    assert check(published, request.id, code).problem is None
    assert status_of(published, request.id) == Status.VERIFIED
    with pytest.raises(Conflict):  # nothing left to verify: no new code is sent
        send_code(published, request.id)
    reused = check(published, request.id, code)
    assert isinstance(reused.problem, Invalid)


def test_the_code_is_stored_only_as_a_keyed_hash(published: Workspace) -> None:
    request = submit(published).request
    code = send_code(published, request.id)
    with published.sessions() as session:
        row = session.scalars(select(VerificationCode)).one()
    assert code not in row.code_hash and len(row.code_hash) == 64


def test_a_code_expires_after_fifteen_minutes(published: Workspace, clock: FixedClock) -> None:
    request = submit(published).request
    code = send_code(published, request.id)
    clock.advance(minutes=15, seconds=1)
    outcome = check(published, request.id, code)
    assert isinstance(outcome.problem, Invalid) and "expired" in outcome.problem.what
    assert status_of(published, request.id) == Status.AWAITING_VERIFICATION


def test_five_wrong_codes_burn_the_code_even_the_right_one(published: Workspace) -> None:
    request = submit(published).request
    code = send_code(published, request.id)
    wrong = "000000" if code != "000000" else "111111"
    fixes = [check(published, request.id, wrong).problem for _ in range(5)]
    assert [p.fix for p in fixes if p] == [
        "4 attempt(s) left", "3 attempt(s) left", "2 attempt(s) left", "1 attempt(s) left",
        "ask for a new code",
    ]  # fmt: skip
    burnt = check(published, request.id, code).problem
    assert burnt is not None and "too many wrong codes" in burnt.what
    fresh = send_code(published, request.id)
    assert check(published, request.id, fresh).problem is None


def test_a_new_code_replaces_the_earlier_one(published: Workspace) -> None:
    request = submit(published).request
    first = send_code(published, request.id)
    second = send_code(published, request.id)
    if first != second:
        assert check(published, request.id, first).problem is not None
    assert check(published, request.id, second).problem is None


def test_a_malformed_code_is_refused_before_counting(published: Workspace) -> None:
    request = submit(published).request
    send_code(published, request.id)
    with pytest.raises(Invalid, match="six digits"):
        check(published, request.id, "12ab56")


def test_the_link_verifies_once_and_a_tampered_one_is_refused(published: Workspace) -> None:
    request = submit(published).request
    with transaction(published.sessions) as session:
        mail = codes.send_code(
            session, published.clock, published.key, service.get_request(session, request.id),
            base_url="https://privacy.test", client=None,
        )  # fmt: skip
    token = link_token(mail.text)
    assert f"https://privacy.test/api/v1/requests/{request.id}/verify?token=" in mail.text
    with pytest.raises(Invalid, match="changed or is incomplete"):
        follow(published, token[:-2] + ("AA" if not token.endswith("AA") else "BB"))
    assert follow(published, token).problem is None
    again = follow(published, token).problem
    assert again is not None and "already used" in again.what


def test_codes_for_one_request_do_not_open_another(published: Workspace) -> None:
    mine = submit(published).request
    theirs = submit(published, email="bob@example.test").request
    code = send_code(published, mine.id)
    send_code(published, theirs.id)
    assert check(published, theirs.id, code).problem is not None or code == "collision"


def test_too_many_codes_for_one_person_are_refused(published: Workspace, clock: FixedClock) -> None:
    request = submit(published).request
    for _ in range(5):
        send_code(published, request.id)
    with pytest.raises(TooManyAttempts) as caught:
        send_code(published, request.id)
    assert caught.value.http_status == 429
    clock.advance(hours=1, seconds=1)
    send_code(published, request.id)


def test_too_many_checks_from_one_address_are_refused(published: Workspace) -> None:
    requests = [submit(published, email=f"p{i}@example.test").request for i in range(3)]
    for request in requests:
        send_code(published, request.id)
    for attempt in range(30):
        outcome = check(published, requests[attempt % 3].id, "999999", "198.51.100.7")
        assert isinstance(outcome.problem, Invalid)
    with pytest.raises(TooManyAttempts):
        check(published, requests[0].id, "999999", "198.51.100.7")
    assert check(published, requests[0].id, "999999", "192.0.2.1").problem is not None


def test_matched_verification_needs_a_staff_member_after_the_code(published: Workspace) -> None:
    request = submit(published, "delete").request  # California: deletion needs "matched"
    code = send_code(published, request.id)
    assert check(published, request.id, code).problem is None
    assert status_of(published, request.id) == Status.AWAITING_VERIFICATION
    with transaction(published.sessions) as session:
        verified = codes.verify_manually(
            session, published.clock, request.id,
            reason="Matched name and postal address on the last invoice", actor="staff:1",
        )  # fmt: skip
        assert verified.status == Status.VERIFIED and verified.verified_level == "strict"


def test_a_manual_verification_needs_a_reason(published: Workspace) -> None:
    request = submit(published).request
    with transaction(published.sessions) as session, pytest.raises(Invalid, match="reason"):
        codes.verify_manually(session, published.clock, request.id, reason=" ", actor="staff:1")


def test_the_code_message_explains_the_deadline(published: Workspace) -> None:
    request = submit(published).request
    with transaction(published.sessions) as session:
        mail = codes.send_code(
            session, published.clock, published.key, service.get_request(session, request.id),
            base_url="https://privacy.test", client=None,
        )  # fmt: skip
    assert mail.to == "ada@example.test"
    assert "45 calendar days → Thu 7 Jan 2027" in mail.text
    assert code_in(mail.text)


def test_a_phone_gets_a_short_text_marked_as_sms(published: Workspace) -> None:
    request = submit(published, email=None, phone="+1 415 555 0123").request
    with transaction(published.sessions) as session:
        mail = codes.send_code(
            session, published.clock, published.key, service.get_request(session, request.id),
            base_url="https://privacy.test", client=None,
        )  # fmt: skip
    assert mail.to == "+14155550123"
    assert ("X-Pactum-Channel", "sms") in mail.headers
    assert len(mail.text) < 160
