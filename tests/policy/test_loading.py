"""Reading policy YAML: every problem with file:line:column, the field path and a fix."""

from __future__ import annotations

import pytest

from pactum.errors import InvalidDocument
from pactum.policy.document import LegalBasis
from pactum.policy.duration import Duration, Unit
from pactum.policy.loading import json_schema, parse_policy
from tests.builders import policy_yaml


def problems_of(text: str) -> list[str]:
    with pytest.raises(InvalidDocument) as caught:
        parse_policy(text, "policy.yaml")
    return [str(p) for p in caught.value.problems]


def test_a_valid_policy_loads_with_its_promises() -> None:
    policy = parse_policy(policy_yaml(), "policy.yaml")
    assert policy.purpose("marketing_email").legal_basis is LegalBasis.CONSENT  # type: ignore[union-attr]
    assert policy.jurisdiction("ccpa").respond_within == Duration(45, Unit.DAYS)  # type: ignore[union-attr]


def test_malformed_yaml_names_the_line_and_column() -> None:
    [problem] = problems_of("pactum: 1\norganization: [unclosed\n")
    assert problem.startswith("policy.yaml:3:1: malformed YAML")


def test_a_duplicate_yaml_key_is_malformed() -> None:
    [problem] = problems_of(policy_yaml() + "effective_date: 2026-02-02\n")
    assert "malformed YAML" in problem
    assert "effective_date" in problem


def test_an_unknown_key_names_its_place_and_the_allowed_keys() -> None:
    text = policy_yaml().replace("    name: Name\n", "    name: Name\n    colour: red\n")
    [problem] = problems_of(text)
    assert problem.startswith("policy.yaml:13:5: unknown key 'colour' [categories[1].colour]")
    assert "allowed here:" in problem and "sensitivity" in problem


def test_duplicate_identifiers_are_reported() -> None:
    extra = "  - id: user.name\n    name: Name again\n    sources: [provided]\n"
    [problem] = problems_of(policy_yaml(extra_categories=extra))
    assert "duplicate id 'user.name' in categories" in problem
    assert problem.startswith("policy.yaml:14:")


def test_a_purpose_naming_an_undeclared_category_is_reported() -> None:
    extra = (
        "  - id: analytics\n    name: Analytics\n    legal_basis: legitimate_interest\n"
        "    categories: [user.device.ip_address]\n"
    )
    [problem] = problems_of(policy_yaml(extra_purposes=extra))
    assert "category 'user.device.ip_address' is not declared" in problem
    assert "[purposes[1].categories[0]]" in problem
    assert "declare it under `categories:`" in problem


def test_retention_without_a_duration_is_reported() -> None:
    rule = "retention:\n  - id: newsletter\n    categories: [user.contact.email]\n"
    [problem] = problems_of(policy_yaml(retention=rule))
    assert "required key 'keep_for' is missing" in problem
    assert "add `keep_for:`" in problem


def test_an_unreadable_duration_says_how_to_write_one() -> None:
    [problem] = problems_of(policy_yaml(respond_within="soon"))
    assert "'soon' is not a duration" in problem
    assert "10 business days" in problem


def test_an_unknown_fideslang_key_suggests_the_nearest() -> None:
    text = policy_yaml().replace("id: user.contact.email", "id: user.contact.emial")
    found = problems_of(text)
    assert any("not a fideslang data category" in p and "user.contact.email" in p for p in found)


def test_every_problem_is_reported_at_once() -> None:
    text = policy_yaml(respond_within="soon").replace(
        "    name: Name\n", "    name: Name\n    x: 1\n"
    )
    assert len(problems_of(text)) == 2


def test_the_json_schema_is_generated_from_the_models() -> None:
    schema = json_schema()
    assert "organization" in schema["properties"]  # type: ignore[operator]
    assert schema["$schema"].startswith("https://json-schema.org/")  # type: ignore[union-attr]
