"""Builders with keyword defaults, and a clock the tests move by hand."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

EXAMPLES = Path(__file__).parent.parent / "examples"


@dataclass
class FixedClock:
    """Time stands still until a test moves it."""

    moment: datetime = field(default_factory=lambda: datetime(2026, 11, 23, 9, 0, tzinfo=UTC))

    def now(self) -> datetime:
        return self.moment

    def advance(self, **delta: float) -> None:
        self.moment += timedelta(**delta)


def policy_yaml(
    *,
    organization: str = "Test Ledger Inc.",
    effective_date: str = "2026-01-01",
    extra_categories: str = "",
    extra_purposes: str = "",
    retention: str = "",
    respond_within: str = "45 days",
) -> str:
    """A small valid policy; pieces can be swapped to build a broken one."""
    return f"""\
pactum: 1
effective_date: {effective_date}
organization:
  name: {organization}
  contact:
    email: privacy@example.test
categories:
  - id: user.contact.email
    name: E-mail address
    sources: [provided]
  - id: user.name
    name: Name
    sources: [provided]
{extra_categories}purposes:
  - id: marketing_email
    name: Newsletter
    legal_basis: consent
    marketing: true
    categories: [user.contact.email, user.name]
{extra_purposes}jurisdictions:
  - id: ccpa
    name: California
    regions: [US-CA]
    rights: [access, delete, disclosure-report]
    respond_within: {respond_within}
{retention}"""
