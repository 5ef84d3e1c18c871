"""The audit log: appends form one hash chain, and any change to it is found and named."""

from __future__ import annotations

import threading

from sqlalchemy import text
from typer.testing import CliRunner

from pactum.audit.service import record, verify_chain
from pactum.cli import app
from pactum.config import Settings
from pactum.db import transaction
from pactum.workspace import Workspace, open_workspace

runner = CliRunner()


def append(workspace: Workspace, count: int, actor: str = "test") -> None:
    for index in range(count):
        with transaction(workspace.sessions) as session:
            record(
                session,
                workspace.clock,
                actor=actor,
                action="test.step",
                target=f"thing:{index}",
                details={"n": index},
            )


def tamper(workspace: Workspace, statement: str) -> None:
    """An attacker with database access: drops the guard triggers, then edits."""
    with workspace.engine.begin() as connection:
        if connection.dialect.name == "sqlite":
            connection.execute(text("DROP TRIGGER audit_entries_no_update"))
            connection.execute(text("DROP TRIGGER audit_entries_no_delete"))
        else:
            connection.execute(text("DROP TRIGGER audit_entries_append_only ON audit_entries"))
        connection.execute(text(statement))


def test_an_untouched_chain_verifies(workspace: Workspace) -> None:
    append(workspace, 5)
    with workspace.sessions() as session:
        report = verify_chain(session)
    assert report.ok and report.checked == 5


def test_a_changed_entry_is_named(workspace: Workspace) -> None:
    append(workspace, 5)
    tamper(workspace, "UPDATE audit_entries SET actor = 'mallory' WHERE id = 3")
    with workspace.sessions() as session:
        report = verify_chain(session)
    assert not report.ok and report.first_broken == 3
    assert "changed" in (report.reason or "")


def test_a_removed_entry_is_named(workspace: Workspace) -> None:
    append(workspace, 5)
    tamper(workspace, "DELETE FROM audit_entries WHERE id = 2")
    with workspace.sessions() as session:
        report = verify_chain(session)
    assert not report.ok and report.first_broken == 3


def test_entries_cut_from_the_end_are_found(workspace: Workspace) -> None:
    append(workspace, 5)
    tamper(workspace, "DELETE FROM audit_entries WHERE id >= 4")
    with workspace.sessions() as session:
        report = verify_chain(session)
    assert not report.ok and report.first_broken == 4


def test_concurrent_writers_never_fork_the_chain(settings: Settings) -> None:
    workspaces = [open_workspace(settings) for _ in range(4)]
    threads = [
        threading.Thread(target=append, args=(w, 10, f"w{i}")) for i, w in enumerate(workspaces)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with workspaces[0].sessions() as session:
        report = verify_chain(session)
    assert report.ok and report.checked == 40
    for opened in workspaces:
        opened.engine.dispose()


def test_cli_verify_exits_non_zero_on_tampering(workspace: Workspace, cli_env: Settings) -> None:
    append(workspace, 3)
    assert runner.invoke(app, ["audit", "verify"]).exit_code == 0
    tamper(workspace, "UPDATE audit_entries SET details = '{}' WHERE id = 2")
    result = runner.invoke(app, ["audit", "verify", "--json"])
    assert result.exit_code == 1
    assert '"first_broken": 2' in result.stdout
