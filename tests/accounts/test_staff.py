"""Staff accounts from the command line: passwords shown once, stored as argon2 hashes."""

from __future__ import annotations

import json

from sqlalchemy import select
from typer.testing import CliRunner

from pactum.accounts.models import StaffMember
from pactum.accounts.passwords import is_password_correct
from pactum.cli import app
from pactum.config import Settings
from pactum.workspace import open_workspace

runner = CliRunner()


def test_added_staff_get_a_password_shown_once_and_stored_hashed(cli_env: Settings) -> None:
    result = runner.invoke(
        app, ["staff", "add", "Alice@Example.test", "--role", "administrator", "--json"]
    )
    assert result.exit_code == 0, result.output
    shown = json.loads(result.stdout)
    assert shown["email"] == "alice@example.test" and "password_hash" not in shown
    workspace = open_workspace(cli_env)
    with workspace.sessions() as session:
        member = session.scalars(select(StaffMember)).one()
    assert member.password_hash.startswith("$argon2id$")
    assert shown["password"] not in member.password_hash
    assert is_password_correct(member.password_hash, shown["password"])
    assert not is_password_correct(member.password_hash, "wrong password")
    workspace.engine.dispose()


def test_a_duplicate_or_malformed_address_is_refused(cli_env: Settings) -> None:
    assert (
        runner.invoke(
            app, ["staff", "add", "bob@example.test", "--role", "support_agent"]
        ).exit_code
        == 0
    )
    assert (
        runner.invoke(app, ["staff", "add", "bob@example.test", "--role", "auditor"]).exit_code == 5
    )
    assert (
        runner.invoke(app, ["staff", "add", "not an address", "--role", "auditor"]).exit_code == 2
    )


def test_disabled_staff_are_listed_as_disabled(cli_env: Settings) -> None:
    runner.invoke(app, ["staff", "add", "carol@example.test", "--role", "auditor"])
    assert runner.invoke(app, ["staff", "disable", "carol@example.test"]).exit_code == 0
    listed = json.loads(runner.invoke(app, ["staff", "list", "--json"]).stdout)
    assert listed[0]["is_disabled"] is True
    assert runner.invoke(app, ["staff", "disable", "nobody@example.test"]).exit_code == 3
