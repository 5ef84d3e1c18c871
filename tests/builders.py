"""Builders with keyword defaults, and a clock the tests move by hand."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fastapi.testclient import TestClient
from httpx import Response

from pactum.accounts.api_keys import create_key
from pactum.accounts.models import Role
from pactum.accounts.service import add_staff
from pactum.db import transaction
from pactum.mail import read_outbox
from pactum.policy.document import Policy
from pactum.policy.service import current_policy, publish_policy
from pactum.workspace import Workspace

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


STAFF_PASSWORD = "correct horse battery staple"


def add_staff_member(
    workspace: Workspace,
    *,
    email: str = "alice@example.test",
    role: str = "administrator",
    name: str = "",
    password: str = STAFF_PASSWORD,
) -> int:
    """A staff member in the workspace's database; returns their id."""
    with transaction(workspace.sessions) as session:
        member = add_staff(
            session,
            workspace.clock,
            email=email,
            name=name or email.split("@", maxsplit=1)[0].title(),
            role=Role(role),
            password=password,
            actor="test",
        )
        return member.id


def csrf_from(page: str) -> str:
    """The CSRF token of the first form on a page."""
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


def sign_in(client: TestClient, email: str, password: str = STAFF_PASSWORD) -> Response:
    """Sign a test client in through the real login form; returns the form's answer."""
    token = csrf_from(client.get("/console/login").text)
    return client.post(
        "/console/login",
        data={"email": email, "password": password, "csrf_token": token},
        follow_redirects=False,
    )


def consent_policy_yaml(
    *, minimum_age: int | None = None, effective_date: str = "2026-01-01", extra_purposes: str = ""
) -> str:
    """A policy with a purpose for every rule of the consent check, and cookie categories."""
    age = f"minimum_age: {minimum_age}\n" if minimum_age is not None else ""
    return f"""\
pactum: 1
effective_date: {effective_date}
{age}organization:
  name: Test Ledger Inc.
  contact:
    email: privacy@example.test
categories:
  - id: user.contact.email
    name: E-mail address
    sources: [provided]
  - id: user.device.cookie_id
    name: Cookie identifier
    sources: [automatic]
  - id: health_answers
    name: Health questionnaire answers
    sensitivity: special
    special: health
    sources: [provided]
purposes:
  - id: marketing_email
    name: Newsletter
    legal_basis: consent
    marketing: true
    categories: [user.contact.email]
  - id: product_news
    name: Product news for customers
    legal_basis: legitimate_interest
    categories: [user.contact.email]
  - id: order_updates
    name: Order confirmations
    legal_basis: contract
    transactional: true
    categories: [user.contact.email]
  - id: ad_sharing
    name: Targeted advertising with partners
    legal_basis: consent
    sale_or_share: true
    data_use: marketing.advertising.third_party.targeted
    categories: [user.device.cookie_id]
  - id: analytics
    name: Site analytics
    legal_basis: consent
    categories: [user.device.cookie_id]
  - id: health_research
    name: Sharing questionnaire answers with research partners
    legal_basis: legitimate_interest
    sale_or_share: true
    categories: [health_answers]
{extra_purposes}jurisdictions:
  - id: ccpa
    name: California
    regions: [US-CA]
    rights: [access, delete, opt-out]
    respond_within: 45 days
cookies:
  categories:
    - id: necessary
      name: Strictly necessary
      required: true
    - id: analytics
      name: Analytics
      purposes: [analytics]
    - id: marketing
      name: Marketing
      purposes: [ad_sharing]
"""


def webhook_inventory_yaml(*, url: str, secret_env: str = "NEWSLETTER_WEBHOOK_SECRET") -> str:
    """An inventory whose newsletter tool receives consent changes for the newsletter by webhook."""
    return f"""\
pactum_inventory: 1
systems:
  - id: newsletter
    name: Newsletter tool
    kind: http
    purposes: [marketing_email]
    webhook:
      url: {url}
      secret_env: {secret_env}
"""


def api_key(workspace: Workspace, *, scopes: list[str], email: str = "ops@example.test") -> str:
    """A staff member (privacy officer) with an API key holding `scopes`; returns the key."""
    add_staff_member(workspace, email=email, role="privacy_officer")
    with transaction(workspace.sessions) as session:
        _, token = create_key(
            session, workspace.clock, email=email, name="test", scopes=scopes, actor="test"
        )
    return token


def published_policy(workspace: Workspace, text: str | None = None) -> Policy:
    """Publish a policy (by default the consent policy) and return it as the check sees it."""
    with transaction(workspace.sessions) as session:
        publish_policy(
            session,
            workspace.clock,
            text=text or consent_policy_yaml(),
            source_name="policy.yaml",
            actor="test",
        )
        return current_policy(session)


def publish(workspace: Workspace, text: str | None = None) -> None:
    """Publish a policy: the given text, or the US example company's."""
    body = text if text is not None else (EXAMPLES / "us-vendor" / "policy.yaml").read_text()
    with transaction(workspace.sessions) as session:
        publish_policy(session, workspace.clock, text=body, source_name="policy.yaml", actor="test")


def mailed_code(workspace: Workspace) -> str:
    """The six-digit code in the newest message of the workspace outbox."""
    newest = read_outbox(workspace.outbox)[-1]
    found = re.search(r"\b(\d{6})\b", newest.get_body(("plain",)).get_content())  # type: ignore[union-attr]
    assert found, "the newest message holds no code"
    return found.group(1)
