"""Set-up shared by the consent benchmarks: a workspace, the policy, a ledger of many people."""

from __future__ import annotations

import platform
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert

from pactum.config import Settings
from pactum.consent.models import (
    ConsentEvent,
    ConsentIdentity,
    ConsentPerson,
    ConsentStateRow,
)
from pactum.consent.people import hasher
from pactum.db import transaction
from pactum.identities import Identity
from pactum.policy.service import publish_policy
from pactum.workspace import Workspace, open_workspace

POLICY = """\
pactum: 1
effective_date: 2026-01-01
organization:
  name: Bench Ledger Inc.
  contact:
    email: privacy@example.test
categories:
  - id: user.contact.email
    name: E-mail address
    sources: [provided]
purposes:
  - id: marketing_email
    name: Newsletter
    legal_basis: consent
    marketing: true
    categories: [user.contact.email]
  - id: product_news
    name: Product news
    legal_basis: legitimate_interest
    categories: [user.contact.email]
jurisdictions:
  - id: ccpa
    name: California
    regions: [US-CA]
    rights: [access, delete]
    respond_within: 45 days
"""


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown CPU",
    )
    uname = subprocess.run(
        ["uname", "-a"], capture_output=True, text=True, check=False
    ).stdout.strip()
    return f"{uname}; {cpu}; Python {platform.python_version()}; {datetime.now(UTC):%Y-%m-%d %H:%M} UTC"


def open_bench_workspace(folder: Path) -> Workspace:
    workspace = open_workspace(Settings(home=folder, _env_file=None))  # type: ignore[call-arg]
    with transaction(workspace.sessions) as session:
        publish_policy(
            session, workspace.clock, text=POLICY, source_name="bench.yaml", actor="bench"
        )
    return workspace


def address(n: int) -> Identity:
    return Identity("email", f"subscriber{n}@example.com")


def populate(workspace: Workspace, people: int) -> float:
    """`people` subscribers with one event and state each (bulk, for set-up speed); seconds taken.

    Every third withdrew, the others granted the newsletter; the rows are what record_choice writes.
    """
    started = time.perf_counter()
    hashed = hasher(workspace.key)
    at = datetime.now(UTC) - timedelta(days=30)
    with transaction(workspace.sessions) as session:
        for start in range(0, people, 10_000):
            span = range(start + 1, min(start + 10_000, people) + 1)
            session.execute(insert(ConsentPerson), [{"id": n, "first_seen_at": at} for n in span])
            session.execute(
                insert(ConsentIdentity),
                [
                    {
                        "id": n,
                        "person_id": n,
                        "kind": "email",
                        "value": address(n).value,
                        "hash": hashed(address(n)),
                        "first_seen_at": at,
                    }
                    for n in span
                ],
            )
            states = ["withdrawn" if n % 3 == 0 else "granted" for n in span]
            session.execute(
                insert(ConsentEvent),
                [
                    {
                        "id": n,
                        "identity_id": n,
                        "identity_kind": "email",
                        "identity_hash": hashed(address(n)),
                        "purpose": "marketing_email",
                        "state": s,
                        "channel": "import",
                        "policy_version": 1,
                        "at": at,
                        "recorded_at": at,
                        "actor": "bench",
                        "note": "",
                    }
                    for n, s in zip(span, states, strict=True)
                ],
            )
            session.execute(
                insert(ConsentStateRow),
                [
                    {
                        "person_id": n,
                        "purpose": "marketing_email",
                        "state": s,
                        "event_id": n,
                        "channel": "import",
                        "at": at,
                    }
                    for n, s in zip(span, states, strict=True)
                ],
            )
    if workspace.engine.dialect.name == "postgresql":  # explicit ids: move the sequences on
        with workspace.engine.begin() as connection:
            for table in ("consent_people", "consent_identities", "consent_events"):
                connection.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {people})"
                )
    return time.perf_counter() - started
