"""`pactum demo`: one command builds a company whose inventory matches its database."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from sqlalchemy import create_engine, select
from typer.testing import CliRunner

from pactum.cli import app
from pactum.config import Settings
from pactum.consent.service import filter_allowed
from pactum.demo.newsletter import NEWSLETTER_PURPOSE
from pactum.demo.schema import newsletter_subscriptions
from pactum.identities import Identity, normalize
from pactum.inventory.check import check_inventory
from pactum.inventory.service import current_inventory
from pactum.policy.service import current_policy
from pactum.workspace import open_workspace

runner = CliRunner()


@pytest.mark.slow
def test_demo_builds_publishes_imports_and_prints_where_everything_went(cli_env: Settings) -> None:
    result = runner.invoke(app, ["demo", "--scale", "300", "--no-serve", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["policy_version"] == 1
    assert summary["rows"]["erp_contacts"] == 300
    assert summary["staff"]["password"]
    workspace = open_workspace(cli_env)
    with workspace.sessions() as session:
        policy = current_policy(session)
        inventory = current_inventory(session)
    assert policy.organization.name == "Northwind Ledger"
    report = check_inventory(inventory, policy)
    assert report.ok
    assert report.findings == []
    workspace.engine.dispose()


@pytest.mark.slow
def test_building_the_demo_again_keeps_the_policy_version_and_the_administrator(
    cli_env: Settings,
) -> None:
    first = json.loads(
        runner.invoke(app, ["demo", "--scale", "200", "--no-serve", "--json"]).stdout
    )
    second = json.loads(
        runner.invoke(app, ["demo", "--scale", "200", "--no-serve", "--json"]).stdout
    )
    assert second["policy_version"] == first["policy_version"]
    assert second["staff"]["email"] == first["staff"]["email"]
    assert second["staff"]["password"] is None


@pytest.mark.slow
def test_the_newsletter_list_filtered_by_the_batch_check_matches_the_ledger(
    cli_env: Settings,
) -> None:
    result = runner.invoke(app, ["demo", "--scale", "300", "--no-serve", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    engine = create_engine(summary["demo_database_url"])
    with engine.connect() as connection:
        listed = connection.execute(
            select(
                newsletter_subscriptions.c.email,
                newsletter_subscriptions.c.opted_in_at,
                newsletter_subscriptions.c.unsubscribed_at,
            ).order_by(newsletter_subscriptions.c.id)
        ).all()
    engine.dispose()
    # What the company's own list says: each address's latest choice.
    latest: dict[Identity, tuple[datetime, bool]] = {}
    for email, opted_in, left in listed:
        identity = normalize("email", email)
        for at, subscribed in [(opted_in, True), *([(left, False)] if left else [])]:
            if identity not in latest or at >= latest[identity][0]:
                latest[identity] = (at, subscribed)
    subscribed = [i for i, (_, is_on) in latest.items() if is_on]
    assert len(subscribed) < len(latest)  # some left: the list is not trivially all allowed
    workspace = open_workspace(cli_env)
    with workspace.reader()() as session:
        allowed = filter_allowed(
            session,
            current_policy(session),
            list(latest),
            NEWSLETTER_PURPOSE,
            now=workspace.clock.now(),
            key=workspace.key,
        )
    workspace.engine.dispose()
    assert summary["newsletter_imported"] == len(latest)
    assert set(allowed) == set(subscribed)
