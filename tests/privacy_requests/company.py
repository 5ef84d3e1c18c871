"""Builders for privacy-request tests: a policy with three jurisdictions, published in a workspace."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sqlalchemy import MetaData, create_engine, select, text

from pactum.db import transaction
from pactum.inventory.document import Inventory
from pactum.inventory.loading import parse_inventory
from pactum.inventory.service import store_inventory
from pactum.policy.service import publish_policy
from pactum.privacy_requests import codes, fulfilment, service
from pactum.privacy_requests.fulfilment import Progress
from pactum.privacy_requests.models import RequestStep
from pactum.privacy_requests.schemas import RunOutcome, StaffEntryIn
from pactum.privacy_requests.service import Submission
from pactum.workspace import Workspace

POLICY = """\
pactum: 1
effective_date: 2026-01-01
organization:
  name: Test Ledger
  contact:
    email: privacy@ledger.test
categories:
  - id: user.contact.email
    name: E-mail address
    sources: [provided]
  - id: user.name
    name: Name
    sources: [provided]
  - id: user.contact.address
    name: Postal address
    sources: [provided]
  - id: user.financial
    name: Payment details
    sensitivity: sensitive
    sources: [provided]
purposes:
  - id: marketing_email
    name: Newsletter
    legal_basis: consent
    marketing: true
    categories: [user.contact.email, user.name]
  - id: ad_sharing
    name: Advertising with partners
    legal_basis: consent
    sale_or_share: true
    categories: [user.contact.email]
  - id: orders
    name: Orders and invoices
    legal_basis: contract
    categories: [user.name, user.contact.address, user.financial, user.contact.email]
recipients:
  - id: mailer_co
    name: Mailer Co
    role: processor
    country: US
    categories: [user.contact.email, user.name]
    purposes: [marketing_email]
  - id: list_partner
    name: List Partner LLC
    role: partner
    country: US
    address: [1 Market St, San Francisco, CA 94105]
    business: Trade-show organizer
    categories: [user.name, user.contact.address]
    direct_marketing: true
  - id: tax_office
    name: Tax Office
    role: authority
    country: US
    categories: [user.financial]
decline_grounds:
  - id: repetitive
    description: The request is manifestly unfounded or excessive, in particular repetitive.
  - id: exposes_others
    description: Answering would disclose another person's personal data.
  - id: cannot_verify
    description: We could not verify the identity of the person.
  - id: legal_obligation
    description: The law requires us to keep the data.
    applies_to: [delete]
jurisdictions:
  - id: california
    name: California
    regions: [US-CA]
    holidays: US-CA
    rights: [access, confirm, correct, delete, opt-out, disclosure-report]
    acknowledge_within: 10 business days
    respond_within: 45 days
    respond_within_by_type:
      disclosure-report: 30 days
    extension:
      by: 45 days
      except_for: [disclosure-report]
    opt_out_within: 15 business days
    verification:
      default: contact
      by_type:
        delete: matched
        opt-out: none
      sensitive_access: strict
    records_kept_for: 12 months
    repeat_window: 12 months
    repeat_limit: 2
    decline_grounds: [repetitive, exposes_others, cannot_verify, legal_obligation]
  - id: eu
    name: European Union
    regions: [EU, EEA]
    holidays: DE
    rights: [access, confirm, correct, delete, restrict, object, withdraw-consent]
    respond_within: 1 month
    extension:
      by: 2 months
    verification:
      default: contact
    records_kept_for: 36 months
    decline_grounds: [repetitive, exposes_others, cannot_verify]
  - id: everyone
    name: Everyone else
    regions: ["*"]
    rights: [access, delete]
    respond_within: 30 days
    decline_grounds: [cannot_verify]
"""


def publish(workspace: Workspace, text: str = POLICY) -> None:
    with transaction(workspace.sessions) as session:
        publish_policy(session, workspace.clock, text=text, source_name="policy.yaml", actor="test")


def submit(
    workspace: Workspace,
    type_: str = "access",
    *,
    email: str | None = "ada@example.test",
    phone: str | None = None,
    jurisdiction: str | None = None,
    region: str | None = "US-CA",
    **extra: object,
) -> Submission:
    """A request as the CLI would record it (without sending anything)."""
    form = StaffEntryIn.model_validate(
        {"type": type_, "email": email, "phone": phone, "jurisdiction": jurisdiction,
         "region": region, **extra}
    )  # fmt: skip
    with transaction(workspace.sessions) as session:
        return service.submit_request(
            session, workspace.clock, workspace.key, form, channel=form.channel, actor="cli:test"
        )


def send_code(workspace: Workspace, request_id: str, client: str | None = None) -> str:
    """Send a code; returns the code read from the message, as the person would."""
    with transaction(workspace.sessions) as session:
        request = service.get_request(session, request_id)
        mail = codes.send_code(
            session, workspace.clock, workspace.key, request,
            base_url="https://privacy.test", client=client,
        )  # fmt: skip
    return code_in(mail.text)


def code_verified(workspace: Workspace, request_id: str) -> None:
    """The person reads the mailed code and types it in."""
    code = send_code(workspace, request_id)
    with transaction(workspace.sessions) as session:
        check = codes.check_code(
            session, workspace.clock, workspace.key, request_id, code,
            base_url="https://privacy.test", client=None,
        )  # fmt: skip
    assert check.problem is None


def code_in(text: str) -> str:
    found = re.search(r"\b(\d{6})\b", text)
    assert found, text
    return found.group(1)


def link_token(text: str) -> str:
    found = re.search(r"token=(\S+)", text)
    assert found, text
    return found.group(1)


def import_inventory(workspace: Workspace, inventory: Inventory) -> None:
    with transaction(workspace.sessions) as session:
        store_inventory(
            session, workspace.clock, inventory, text=inventory.model_dump_json(),
            source_name="inventory.yaml", actor="test",
        )  # fmt: skip


def verify(workspace: Workspace, request_id: str) -> None:
    with transaction(workspace.sessions) as session:
        codes.verify_manually(
            session, workspace.clock, request_id,
            reason="Matched three data points on the phone", actor="staff:test",
        )  # fmt: skip


def run(workspace: Workspace, request_id: str, progress: Progress | None = None) -> RunOutcome:
    """What `pactum request run ID --wait` does, one pass, in this process."""
    with transaction(workspace.sessions) as session:
        fulfilment.prepare_run(session, workspace.clock, request_id, actor="staff:test")
    return fulfilment.execute(workspace, request_id, progress=progress)


def confirm_all(workspace: Workspace, request_id: str) -> list[str]:
    """Confirm every step waiting for staff; returns their ids."""
    with transaction(workspace.sessions) as session:
        waiting = list(
            session.scalars(
                select(RequestStep.step_id).where(
                    RequestStep.request_id == request_id, RequestStep.status == "waiting"
                )
            )
        )
        for step_id in waiting:
            fulfilment.confirm_step(
                session, workspace.clock, request_id, step_id, actor="staff:test", note="done"
            )
    return waiting


def dump(urls: dict[str, str]) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table of the company's databases, sorted, as tuples."""
    tables: dict[str, list[tuple[Any, ...]]] = {}
    for system, url in urls.items():
        engine = create_engine(url)
        metadata = MetaData()
        metadata.reflect(engine)
        with engine.connect() as connection:
            for table in metadata.sorted_tables:
                rows = connection.execute(select(table)).all()
                tables[f"{system}.{table.name}"] = sorted((tuple(r) for r in rows), key=repr)
        engine.dispose()
    return tables


SHOP_INVENTORY = """\
pactum_inventory: 1
systems:
  - id: shop
    name: Shop
    url: {url}
    datasets:
      - name: customers
        erasure: delete_row
        fields:
          - {{name: id}}
          - {{name: email, category: user.contact.email, identity: email}}
          - {{name: name, category: user.name}}
      - name: events
        erasure: delete_row
        fields:
          - {{name: id}}
          - {{name: customer_id}}
          - {{name: note, category: user.content}}
        references:
          - {{fields: [customer_id], to: customers, to_fields: [id]}}
"""


def build_shop(path: Path, *, events: int, people: int = 3) -> Inventory:
    """A shop whose first customer (ada@example.test) has `events` rows: a deletion of many steps.

    The other customers share her name and domain (look-alikes) and have events too."""
    url = f"sqlite:///{path}"
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE customers (id INTEGER PRIMARY KEY, "
                                "email VARCHAR(200) NOT NULL, name VARCHAR(100))"))  # fmt: skip
        connection.execute(text("CREATE INDEX ix_customers_email ON customers (email)"))
        connection.execute(text("CREATE TABLE events (id INTEGER PRIMARY KEY, customer_id INTEGER "
                                "NOT NULL REFERENCES customers (id), note VARCHAR(100))"))  # fmt: skip
        connection.execute(text("CREATE INDEX ix_events_customer ON events (customer_id)"))
        emails = ["ada@example.test"] + [f"ada{i}@example.test" for i in range(1, people)]
        connection.execute(
            text("INSERT INTO customers (id, email, name) VALUES (:id, :email, 'Ada Lovelace')"),
            [{"id": i + 1, "email": e} for i, e in enumerate(emails)],
        )
        rows = [{"c": 1, "n": f"visit {i}"} for i in range(events)]
        rows += [{"c": c, "n": f"visit {i}"} for c in range(2, people + 1) for i in range(50)]
        connection.execute(text("INSERT INTO events (customer_id, note) VALUES (:c, :n)"), rows)
    engine.dispose()
    return parse_inventory(SHOP_INVENTORY.format(url=url), "inventory.yaml", None)
