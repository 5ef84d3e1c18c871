"""The check: each rule of the policy, the batch form, the cache, and the HTTP check."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient

from pactum.consent.cache import ConsentCache
from pactum.consent.ledger import Choice, record_choice
from pactum.consent.models import Channel, State
from pactum.consent.people import Subject, record_birth_date
from pactum.consent.schemas import Decision
from pactum.consent.service import (
    filter_allowed,
    lift_restriction,
    may_process,
    restrict_processing,
)
from pactum.db import transaction
from pactum.errors import Invalid
from pactum.identities import Identity, normalize
from pactum.policy.service import current_policy
from pactum.workspace import Workspace
from tests.builders import FixedClock, api_key, consent_policy_yaml, published_policy

ADA = normalize("email", "ada@example.com")
BOB = normalize("email", "bob@example.com")


def choose(
    workspace: Workspace,
    identity: Identity,
    purpose: str,
    state: State,
    channel: Channel = Channel.API,
) -> None:
    with transaction(workspace.sessions) as session:
        choice = Choice(purpose, state, channel)
        subject = Subject.of(identity, workspace.key)
        record_choice(session, workspace.clock, current_policy(session), subject, choice)


def check(workspace: Workspace, identity: Identity, purpose: str) -> Decision:
    with workspace.reader()() as session:
        policy = current_policy(session)
        return may_process(
            session, policy, identity, purpose, now=workspace.clock.now(), key=workspace.key
        )


def test_a_consent_purpose_needs_a_grant(workspace: Workspace) -> None:
    published_policy(workspace)
    refused = check(workspace, ADA, "marketing_email")
    assert (refused.allowed, refused.rule, refused.event_id) == (False, "consent", None)
    choose(workspace, ADA, "marketing_email", State.GRANTED)
    allowed = check(workspace, ADA, "marketing_email")
    assert allowed.allowed and allowed.rule == "consent" and allowed.event_id == 1
    assert "granted via api" in allowed.reason


def test_withdrawn_consent_blocks_marketing_email(workspace: Workspace) -> None:
    published_policy(workspace)
    choose(workspace, ADA, "marketing_email", State.GRANTED)
    choose(workspace, ADA, "marketing_email", State.WITHDRAWN, Channel.UNSUBSCRIBE_LINK)
    decision = check(workspace, ADA, "marketing_email")
    assert (decision.allowed, decision.rule, decision.event_id) == (False, "opt_out", 2)
    assert "withdrawn via unsubscribe_link" in decision.reason


def test_legitimate_interest_is_allowed_until_the_person_objects(workspace: Workspace) -> None:
    published_policy(workspace)
    assert check(workspace, ADA, "product_news").rule == "legitimate_interest"
    choose(workspace, ADA, "product_news", State.WITHDRAWN, Channel.STAFF_ENTRY)
    decision = check(workspace, ADA, "product_news")
    assert (decision.allowed, decision.rule) == (False, "objection")


def test_transactional_messages_are_always_allowed(workspace: Workspace) -> None:
    published_policy(workspace)
    choose(workspace, ADA, "marketing_email", State.WITHDRAWN)
    decision = check(workspace, ADA, "order_updates")
    assert (decision.allowed, decision.rule) == (True, "transactional")


def test_a_purpose_added_after_collection_needs_fresh_consent(
    workspace: Workspace, clock: FixedClock
) -> None:
    published_policy(workspace)
    choose(workspace, ADA, "marketing_email", State.GRANTED)  # Ada's data is collected now
    clock.advance(days=30)
    extra = """\
  - id: customer_survey
    name: Customer surveys
    legal_basis: legitimate_interest
    categories: [user.contact.email]
"""
    published_policy(workspace, consent_policy_yaml(extra_purposes=extra))
    choose(workspace, BOB, "marketing_email", State.GRANTED)  # Bob arrives after version 2
    refused = check(workspace, ADA, "customer_survey")
    assert (refused.allowed, refused.rule) == (False, "new_purpose")
    assert check(workspace, BOB, "customer_survey").rule == "legitimate_interest"
    choose(workspace, ADA, "customer_survey", State.GRANTED, Channel.WEB_FORM)
    assert check(workspace, ADA, "customer_survey").allowed


def test_sharing_sensitive_data_needs_an_explicit_opt_in(workspace: Workspace) -> None:
    published_policy(workspace)
    refused = check(workspace, ADA, "health_research")  # legitimate interest is not enough
    assert (refused.allowed, refused.rule) == (False, "explicit_opt_in")
    choose(workspace, ADA, "health_research", State.GRANTED, Channel.IMPORT)
    assert not check(workspace, ADA, "health_research").allowed  # a list is no explicit opt-in
    choose(workspace, ADA, "health_research", State.GRANTED, Channel.WEB_FORM)
    assert check(workspace, ADA, "health_research").allowed


def test_a_person_under_the_minimum_age_is_refused(workspace: Workspace) -> None:
    published_policy(workspace, consent_policy_yaml(minimum_age=16))
    choose(workspace, ADA, "marketing_email", State.GRANTED)
    with transaction(workspace.sessions) as session:
        record_birth_date(
            session, workspace.clock, Subject.of(ADA, workspace.key), date(2012, 5, 1), actor="test"
        )
    decision = check(workspace, ADA, "marketing_email")
    assert (decision.allowed, decision.rule) == (False, "minimum_age")
    assert check(workspace, BOB, "product_news").allowed  # no age recorded: no refusal


def test_a_restriction_excludes_exactly_the_purposes_it_names(workspace: Workspace) -> None:
    policy = published_policy(workspace)
    choose(workspace, ADA, "marketing_email", State.GRANTED)
    with transaction(workspace.sessions) as session:
        restrict_processing(
            session,
            workspace.clock,
            ADA,
            ["marketing_email"],
            "R-1",
            key=workspace.key,
            policy=policy,
        )
    decision = check(workspace, ADA, "marketing_email")
    assert (decision.allowed, decision.rule) == (False, "restriction")
    assert "R-1" in decision.reason
    assert check(workspace, ADA, "product_news").allowed
    with transaction(workspace.sessions) as session:
        assert lift_restriction(session, workspace.clock, ADA, "R-1", key=workspace.key) == 1
    assert check(workspace, ADA, "marketing_email").allowed


def test_an_unknown_purpose_is_invalid(workspace: Workspace) -> None:
    published_policy(workspace)
    with pytest.raises(Invalid) as caught:
        check(workspace, ADA, "mind_reading")
    assert caught.value.where == "purpose"


def test_the_batch_check_agrees_with_the_single_check(workspace: Workspace) -> None:
    published_policy(workspace)
    people = [normalize("email", f"p{n}@example.com") for n in range(2500)]
    for person in people[:40]:
        choose(workspace, person, "marketing_email", State.GRANTED)
    choose(workspace, people[3], "marketing_email", State.WITHDRAWN)
    with workspace.reader()() as session:
        policy = current_policy(session)
        allowed = filter_allowed(
            session,
            policy,
            [*people, people[5]],
            "marketing_email",
            now=workspace.clock.now(),
            key=workspace.key,
        )
    expected = [p for p in people[:40] if p != people[3]] + [people[5]]
    assert allowed == expected
    assert all(
        check(workspace, p, "marketing_email").allowed == (p in expected) for p in people[:50]
    )


def _cache_check(
    workspace: Workspace, cache: ConsentCache, identity: Identity, purpose: str
) -> Decision:
    with workspace.reader()() as session:
        return cache.may_process(session, identity, purpose, now=workspace.clock.now())


def test_the_cache_sees_changes_made_by_other_processes(workspace: Workspace) -> None:
    policy = published_policy(workspace)
    cache = ConsentCache(workspace.key)  # validates the watermark on every check
    assert not _cache_check(workspace, cache, ADA, "marketing_email").allowed
    choose(workspace, ADA, "marketing_email", State.GRANTED)  # as another process would
    assert _cache_check(workspace, cache, ADA, "marketing_email").allowed
    with transaction(workspace.sessions) as session:
        restrict_processing(
            session,
            workspace.clock,
            ADA,
            ["marketing_email"],
            "R-2",
            key=workspace.key,
            policy=policy,
        )
    assert _cache_check(workspace, cache, ADA, "marketing_email").rule == "restriction"


def test_a_cache_with_bounded_staleness_answers_from_memory_within_the_bound(
    workspace: Workspace,
) -> None:
    published_policy(workspace)
    now = [0.0]
    cache = ConsentCache(workspace.key, max_staleness=1.0, monotonic=lambda: now[0])
    choose(workspace, ADA, "marketing_email", State.GRANTED)
    assert _cache_check(workspace, cache, ADA, "marketing_email").allowed
    choose(workspace, ADA, "marketing_email", State.WITHDRAWN)
    assert _cache_check(workspace, cache, ADA, "marketing_email").allowed  # within the second
    now[0] = 1.5
    assert not _cache_check(workspace, cache, ADA, "marketing_email").allowed


def test_the_http_check_answers_with_the_rule_and_the_event(
    client: TestClient, workspace: Workspace
) -> None:
    published_policy(workspace)
    key = api_key(workspace, scopes=["consent:read"])
    choose(workspace, ADA, "marketing_email", State.GRANTED)
    headers = {"Authorization": f"Bearer {key}"}
    answer = client.get(
        "/api/v1/consent/check",
        params={"email": "ADA@example.com", "purpose": "marketing_email"},
        headers=headers,
    )
    assert answer.status_code == 200
    assert answer.json() == {
        "allowed": True,
        "rule": "consent",
        "reason": "consent given (granted via api on 2026-11-23, event 1)",
        "event_id": 1,
    }
    unknown = client.get(
        "/api/v1/consent/check", params={"email": "a@b.co", "purpose": "x"}, headers=headers
    )
    assert unknown.status_code == 422 and unknown.json()["problems"][0]["where"] == "purpose"
    malformed = client.get(
        "/api/v1/consent/check", params={"email": "nope", "purpose": "analytics"}, headers=headers
    )
    assert malformed.status_code == 422 and "not an e-mail address" in malformed.json()["detail"]
    missing = client.get("/api/v1/consent/check", params={"email": "a@b.co"}, headers=headers)
    assert missing.status_code == 422 and missing.json()["problems"][0]["where"] == "purpose"
    two = client.get(
        "/api/v1/consent/check",
        params={"email": "a@b.co", "phone": "+4930123456", "purpose": "analytics"},
        headers=headers,
    )
    assert two.status_code == 422 and two.json()["problems"][0]["where"] == "identity"


def test_the_http_check_documents_its_query_in_the_openapi_document(client: TestClient) -> None:
    operation = client.get("/openapi.json").json()["paths"]["/api/v1/consent/check"]["get"]
    parameters = {p["name"]: p["required"] for p in operation["parameters"]}
    assert parameters == {
        "purpose": True,
        "email": False,
        "phone": False,
        "customer_id": False,
        "cookie_id": False,
    }
    answer = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert answer == {"$ref": "#/components/schemas/Decision"}


def test_the_http_check_needs_an_api_key_with_the_consent_scope(
    client: TestClient, workspace: Workspace
) -> None:
    published_policy(workspace)
    params = {"email": "ada@example.com", "purpose": "marketing_email"}
    assert client.get("/api/v1/consent/check", params=params).status_code == 401
    wrong = api_key(workspace, scopes=["requests:read"])
    answer = client.get(
        "/api/v1/consent/check", params=params, headers={"Authorization": f"Bearer {wrong}"}
    )
    assert answer.status_code == 403


def test_the_http_batch_check_returns_the_allowed_addresses(
    client: TestClient, workspace: Workspace
) -> None:
    published_policy(workspace)
    key = api_key(workspace, scopes=["consent:read"])
    choose(workspace, ADA, "marketing_email", State.GRANTED)
    answer = client.post(
        "/api/v1/consent/check-batch",
        json={"purpose": "marketing_email", "values": ["Ada@example.com", "bob@example.com", "??"]},
        headers={"Authorization": f"Bearer {key}"},
    )
    assert answer.json() == {
        "purpose": "marketing_email",
        "allowed": ["ada@example.com"],
        "refused": 1,
        "invalid": [2],
    }
