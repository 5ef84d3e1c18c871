"""Verification by data points: two facts the person gives, found among their data, make `matched`."""

from __future__ import annotations

import pytest

from pactum.connectors.systems import connectors_for
from pactum.db import transaction
from pactum.errors import Invalid
from pactum.execution.walk import locate
from pactum.identities import normalize
from pactum.privacy_requests import codes, review, service
from pactum.privacy_requests.matching import Match, match_points
from pactum.privacy_requests.models import Status
from pactum.privacy_requests.timeline import request_detail
from pactum.workspace import Workspace
from tests.execution.company import ALICE, Company
from tests.privacy_requests.company import code_verified, dump, run, submit


def matched(acme: Company, points: dict[str, str], **options: frozenset[str]) -> Match:
    with connectors_for(acme.inventory) as connectors:
        footprint = locate(acme.inventory, [normalize("email", ALICE)], connectors)
        return match_points(points, footprint, connectors, **options)


@pytest.mark.parametrize(
    ("points", "expected"),
    [
        ({"name": "alice  SMITH", "customer_number": "10001"}, ("customer_number", "name")),
        ({"name": "Smith, Alice", "phone": "415.555.0123"}, ("name", "phone")),
        ({"name": "Alice Smith", "customer_number": "10002"}, ("name",)),  # bob's number
        ({"street": "1 elm street", "city": "Springfield"}, ("city", "street")),  # her household's
        ({"street": "2 Oak Street"}, ()),  # the other Alice's address
        ({"phone": "(415) 555-0177"}, ()),  # the other Alice's phone
        ({"name": "Smith"}, ()),  # one word of a name is too little
    ],
)
def test_points_match_only_the_persons_own_values(
    acme: Company, points: dict[str, str], expected: tuple[str, ...]
) -> None:
    assert matched(acme, points).matched == expected


def test_the_categories_being_corrected_do_not_count(acme: Company) -> None:
    points = {"name": "Alice Smith", "customer_number": "10001"}

    found = matched(acme, points, excluded=frozenset({"user.name"}))

    assert found.compared == ("customer_number",) and not found.is_enough


def test_two_matching_points_verify_a_deletion_before_anything_is_deleted(
    published: Workspace, acme: Company
) -> None:
    request = submit(published, "delete", email=ALICE,
                     data_points={"name": "Alice Smith", "customer_number": "10001"}).request  # fmt: skip
    code_verified(published, request.id)
    with published.reader()() as session:
        assert service.get_request(session, request.id).status == Status.VERIFIED

    outcome = run(published, request.id)

    assert outcome.status == Status.WAITING_FOR_STAFF, outcome.message  # recipients to tell
    with published.reader()() as session:
        found = service.get_request(session, request.id)
        events = [(e.action, e.note) for e in request_detail(session, request.id).timeline]
    assert found.verified_level == "matched"
    assert found.details["data_points"] == {}  # the values given are not kept
    assert found.details["data_points_matched"] == ["customer_number", "name"]
    assert ("verified_by_data_points", "matched 2 of 2: customer_number, name") in events
    assert "Alice Smith" not in str(events)


def test_points_that_do_not_match_leave_the_data_alone_and_ask_for_staff(
    published: Workspace, acme: Company
) -> None:
    before = dump(acme.urls)
    request = submit(published, "delete", email=ALICE,
                     data_points={"name": "Alice Smith", "postal_code": "99999"}).request  # fmt: skip
    code_verified(published, request.id)

    outcome = run(published, request.id)

    assert outcome.status == Status.AWAITING_VERIFICATION
    assert "did not match our records" in outcome.message
    assert dump(acme.urls) == before
    with published.reader()() as session:
        found = service.get_request(session, request.id)
    assert found.verified_level == "contact" and found.details["data_points"] == {}


@pytest.mark.parametrize(
    ("points", "where"),
    [
        ({"shoe_size": "44"}, "data_points.shoe_size"),
        ({"name": " "}, "data_points.name"),
        ({f"name{i}": "x" for i in range(7)}, "data_points"),
    ],
)
def test_bad_data_points_are_refused_at_intake(
    published: Workspace, points: dict[str, str], where: str
) -> None:
    with pytest.raises(Invalid) as caught:
        submit(published, "delete", data_points=points)

    assert caught.value.where == where


def test_data_points_are_dropped_when_staff_verify_or_decline(published: Workspace) -> None:
    points = {"name": "Ada Lovelace", "postal_code": "N1 9GU"}
    verified = submit(published, "delete", data_points=points).request
    declined = submit(published, "delete", email="bob@example.test", data_points=points).request

    with transaction(published.sessions) as session:
        codes.verify_manually(session, published.clock, verified.id, actor="staff:test",
                              reason="Three data points and a signed declaration")  # fmt: skip
        review.decline(session, published.clock, declined.id, ground="cannot_verify",
                       reason="We could not confirm who asked.", actor="staff:test")  # fmt: skip

    with published.reader()() as session:
        for request_id in (verified.id, declined.id):
            assert service.get_request(session, request_id).details["data_points"] == {}
