"""`pactum demo`: one command builds a company whose inventory matches its database."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from pactum.cli import app
from pactum.config import Settings
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
