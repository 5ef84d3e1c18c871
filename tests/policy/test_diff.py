"""Comparing policy versions: each change classified, rights reductions flagged."""

from __future__ import annotations

from pactum.policy.diff import diff_policies
from pactum.policy.document import ChangeKind
from pactum.policy.loading import parse_policy
from tests.builders import policy_yaml

RETENTION = (
    "retention:\n  - id: newsletter\n    categories: [user.contact.email]\n    keep_for: {}\n"
)


def kinds(old: str, new: str) -> set[ChangeKind | None]:
    changes = diff_policies(parse_policy(old), parse_policy(new))
    return {c.kind for c in changes}


def test_identical_policies_have_no_changes() -> None:
    assert diff_policies(parse_policy(policy_yaml()), parse_policy(policy_yaml())) == []


def test_a_new_purpose_is_classified() -> None:
    extra = (
        "  - id: support\n    name: Support\n    legal_basis: contract\n"
        "    categories: [user.contact.email]\n"
    )
    assert ChangeKind.NEW_PURPOSE in kinds(policy_yaml(), policy_yaml(extra_purposes=extra))


def test_longer_retention_is_classified_across_units() -> None:
    old = policy_yaml(retention=RETENTION.format("12 months"))
    new = policy_yaml(retention=RETENTION.format("2 years"))
    assert ChangeKind.LONGER_RETENTION in kinds(old, new)
    assert ChangeKind.LONGER_RETENTION not in kinds(new, old)


def test_removing_a_right_reduces_rights() -> None:
    new = policy_yaml().replace(
        "[access, delete, disclosure-report]", "[access, disclosure-report]"
    )
    changes = diff_policies(parse_policy(policy_yaml()), parse_policy(new))
    [reduced] = [c for c in changes if c.reduces_rights]
    assert reduced.before == "delete"
    assert reduced.path == "jurisdictions[ccpa].rights"


def test_a_longer_deadline_is_classified() -> None:
    assert ChangeKind.LONGER_DEADLINE in kinds(policy_yaml(), policy_yaml(respond_within="60 days"))
