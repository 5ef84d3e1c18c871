"""The consent ledger: append-only events, the current state kept with them, people and links."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError

from pactum.audit.models import AuditEntry
from pactum.consent.ledger import Choice, Evidence, record_choice, truncate_address
from pactum.consent.links import link
from pactum.consent.models import (
    Channel,
    ConsentEvent,
    ConsentIdentity,
    ConsentPerson,
    ConsentStateRow,
    State,
)
from pactum.consent.people import Subject, erase_values, hasher
from pactum.consent.service import history, may_process
from pactum.db import transaction
from pactum.errors import Invalid
from pactum.identities import normalize
from pactum.policy.service import current_policy
from pactum.signing import sha256_hex
from pactum.workspace import Workspace
from tests.builders import api_key, published_policy

ADA = normalize("email", "Ada@Example.com")


def choose(
    workspace: Workspace,
    kind: str,
    value: str,
    purpose: str,
    state: State,
    channel: Channel = Channel.API,
    evidence: Evidence | None = None,
) -> int:
    subject = Subject.of(normalize(kind, value), workspace.key)
    choice = Choice(purpose, state, channel, evidence=evidence or Evidence())
    with transaction(workspace.sessions) as session:
        policy = current_policy(session)
        return record_choice(session, workspace.clock, policy, subject, choice).event_id


def test_a_choice_is_appended_and_becomes_the_current_state(workspace: Workspace) -> None:
    published_policy(workspace)
    first = choose(workspace, "email", "ada@example.com", "marketing_email", State.GRANTED)
    second = choose(workspace, "email", "ADA@example.com", "marketing_email", State.WITHDRAWN)
    with workspace.sessions() as session:
        events = session.scalars(select(ConsentEvent).order_by(ConsentEvent.id)).all()
        [state] = session.scalars(select(ConsentStateRow)).all()
    assert [e.id for e in events] == [first, second]
    assert [e.state for e in events] == ["granted", "withdrawn"]
    assert events[0].policy_version == 1
    assert state.state == "withdrawn" and state.event_id == second


def test_the_ledger_refuses_updates_and_deletes(workspace: Workspace) -> None:
    published_policy(workspace)
    choose(workspace, "email", "ada@example.com", "marketing_email", State.GRANTED)
    for statement in (
        "UPDATE consent_events SET state = 'withdrawn'",
        "DELETE FROM consent_events",
    ):
        with pytest.raises(DatabaseError, match="append-only"), workspace.engine.begin() as conn:
            conn.execute(text(statement))


def test_the_identity_is_kept_with_a_keyed_hash_that_outlives_erasure(workspace: Workspace) -> None:
    policy = published_policy(workspace)
    choose(workspace, "email", "ada@example.com", "product_news", State.WITHDRAWN)
    assert hasher(workspace.key)(ADA) == ADA.hashed(workspace.key)
    with transaction(workspace.sessions) as session:
        erase_values(session, workspace.clock, Subject.of(ADA, workspace.key), actor="test")
    with workspace.sessions() as session:
        assert session.scalars(select(ConsentIdentity.value)).all() == [None]
        decision = may_process(
            session, policy, ADA, "product_news", now=workspace.clock.now(), key=workspace.key
        )
        assert history(session, ADA, key=workspace.key).identities[0].startswith("email:#")
    assert (decision.allowed, decision.rule) == (False, "objection")  # still suppressed


def test_evidence_keeps_the_text_hash_and_a_truncated_address(workspace: Workspace) -> None:
    published_policy(workspace)
    evidence = Evidence("a" * 64, "203.0.113.77", "Mozilla/5.0 " + "x" * 400)
    choose(
        workspace, "email", "ada@example.com", "marketing_email", State.GRANTED, evidence=evidence
    )
    with workspace.sessions() as session:
        event = session.scalars(select(ConsentEvent)).one()
    assert event.evidence_sha256 == "a" * 64
    assert event.client_network == "203.0.113.0/24"
    assert event.user_agent is not None and len(event.user_agent) == 300


def test_addresses_are_truncated_to_their_network() -> None:
    assert truncate_address("198.51.100.200") == "198.51.100.0/24"
    assert truncate_address("2001:db8:abcd:12:1::7") == "2001:db8:abcd::/48"
    assert truncate_address("not an address") is None


def test_a_choice_entered_for_a_person_is_audited_without_personal_data(
    workspace: Workspace,
) -> None:
    published_policy(workspace)
    own = choose(workspace, "email", "ada@example.com", "product_news", State.WITHDRAWN)
    subject = Subject.of(ADA, workspace.key)
    with transaction(workspace.sessions) as session:
        choice = Choice("marketing_email", State.GRANTED, Channel.STAFF_ENTRY, actor="staff:1")
        policy = current_policy(session)
        event = record_choice(session, workspace.clock, policy, subject, choice).event_id
    with workspace.sessions() as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.target == f"consent:{event}")
        ).one()
        mine = session.scalars(
            select(AuditEntry).where(AuditEntry.target == f"consent:{own}")
        ).all()
    assert (entry.action, entry.actor) == ("consent.recorded", "staff:1")
    assert entry.subject == ADA.hashed(workspace.key)
    assert "ada" not in str(entry.details)
    assert mine == []  # the person's own choice: the append-only ledger is its evidence


def test_an_unknown_purpose_is_invalid_and_records_nothing(workspace: Workspace) -> None:
    published_policy(workspace)
    with pytest.raises(Invalid) as caught:
        choose(workspace, "email", "ada@example.com", "telepathy", State.GRANTED)
    assert "marketing_email" in caught.value.fix
    with workspace.sessions() as session:
        assert session.scalars(select(ConsentEvent)).all() == []


def test_a_transactional_purpose_has_no_choice_to_record(workspace: Workspace) -> None:
    published_policy(workspace)
    with pytest.raises(Invalid, match="transactional"):
        choose(workspace, "email", "ada@example.com", "order_updates", State.WITHDRAWN)


def test_a_malformed_identity_is_invalid() -> None:
    with pytest.raises(Invalid, match="not an e-mail address"):
        normalize("email", "ada at example")


def test_fifty_concurrent_writes_for_one_person_lose_nothing(workspace: Workspace) -> None:
    published_policy(workspace)
    states = [State.GRANTED if n % 3 else State.WITHDRAWN for n in range(50)]

    def write(state: State) -> int:
        return choose(workspace, "email", "ada@example.com", "marketing_email", state)

    with ThreadPoolExecutor(max_workers=50) as pool:
        ids = list(pool.map(write, states))
    with workspace.sessions() as session:
        events = session.execute(select(ConsentEvent.id, ConsentEvent.state)).all()
        [state] = session.scalars(select(ConsentStateRow)).all()
        people = session.scalars(select(ConsentIdentity.person_id)).all()
        persons = session.scalars(select(ConsentPerson.id)).all()
    assert sorted(ids) == sorted(e.id for e in events) and len(events) == 50
    latest = max(events)
    assert (state.event_id, state.state) == (latest.id, latest.state)
    assert len(people) == 1
    assert persons == people  # a person created by a writer that lost the race is not left behind


def test_linking_a_cookie_id_to_an_email_joins_their_choices(workspace: Workspace) -> None:
    policy = published_policy(workspace)
    choose(
        workspace,
        "cookie_id",
        "c0ffee00c0ffee00c0ffee00",
        "ad_sharing",
        State.WITHDRAWN,
        Channel.GPC,
    )
    choose(workspace, "email", "ada@example.com", "marketing_email", State.GRANTED)
    cookie = normalize("cookie_id", "c0ffee00c0ffee00c0ffee00")
    with transaction(workspace.sessions) as session:
        subjects = [Subject.of(ADA, workspace.key), Subject.of(cookie, workspace.key)]
        link(session, workspace.clock, policy, subjects, actor="test", source="login")
    with workspace.sessions() as session:
        found = history(session, ADA, key=workspace.key)
        decision = may_process(
            session, policy, ADA, "ad_sharing", now=workspace.clock.now(), key=workspace.key
        )
    assert sorted(found.identities) == [
        "cookie_id:c0ffee00c0ffee00c0ffee00",
        "email:ada@example.com",
    ]
    assert [s.purpose for s in found.states] == ["ad_sharing", "marketing_email"]
    assert not decision.allowed and decision.rule == "opt_out"


def test_the_company_records_choices_and_links_identities_through_the_api(
    client: TestClient, workspace: Workspace
) -> None:
    published_policy(workspace)
    writer = {
        "Authorization": f"Bearer {api_key(workspace, scopes=['consent:read', 'consent:write'])}"
    }
    reader = {
        "Authorization": f"Bearer {api_key(workspace, scopes=['consent:read'], email='r@example.test')}"
    }
    choice = {
        "identity": {"kind": "email", "value": "Ada@Example.com"},
        "purpose": "marketing_email",
        "state": "granted",
        "channel": "web_form",
        "evidence_text": "Yes, send me the newsletter.",
        "client_address": "2001:db8:abcd:12::1",
    }
    assert client.post("/api/v1/consent/events", json=choice, headers=reader).status_code == 403
    answer = client.post("/api/v1/consent/events", json=choice, headers=writer)
    assert answer.status_code == 201 and answer.json()["changed"] is True
    identities = {
        "identities": [
            {"kind": "email", "value": "ada@example.com"},
            {"kind": "cookie_id", "value": "c0ffee00c0ffee00c0ffee00"},
        ]
    }
    assert client.post("/api/v1/consent/link", json=identities, headers=writer).status_code == 200
    found = client.get(
        "/api/v1/consent/history", params={"cookie_id": "c0ffee00c0ffee00c0ffee00"}, headers=reader
    ).json()
    [event] = found["events"]
    assert event["client_network"] == "2001:db8:abcd::/48" and event["actor"].startswith("staff:")
    assert event["evidence_sha256"] == sha256_hex(b"Yes, send me the newsletter.")
    assert sorted(found["identities"]) == [
        "cookie_id:c0ffee00c0ffee00c0ffee00",
        "email:ada@example.com",
    ]
    stranger = client.get(
        "/api/v1/consent/history", params={"email": "x@example.com"}, headers=reader
    )
    assert stranger.status_code == 404
