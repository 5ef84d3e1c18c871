"""Publishing policy versions: immutable, hashed, audited; bad input changes nothing."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from typer.testing import CliRunner

from pactum.audit.models import AuditEntry
from pactum.cli import app
from pactum.config import Settings
from pactum.db import transaction
from pactum.errors import InvalidDocument, NotFound
from pactum.policy import service
from pactum.policy.models import PolicyVersion
from pactum.workspace import Workspace
from tests.builders import policy_yaml

runner = CliRunner()


def test_publishing_stores_an_immutable_version_with_its_sha256(workspace: Workspace) -> None:
    text_ = policy_yaml()
    with transaction(workspace.sessions) as session:
        version, is_new = service.publish_policy(
            session, workspace.clock, text=text_, source_name="p.yaml", actor="test"
        )
    assert is_new and version.id == 1
    assert version.sha256 == hashlib.sha256(text_.encode()).hexdigest()
    with pytest.raises(DBAPIError), transaction(workspace.sessions) as session:
        session.execute(text("UPDATE policy_versions SET source = 'forged'"))
    with workspace.sessions() as session:
        assert session.scalar(select(PolicyVersion.source)) == text_


def test_publishing_the_same_text_again_returns_the_existing_version(workspace: Workspace) -> None:
    for _ in range(2):
        with transaction(workspace.sessions) as session:
            version, _is_new = service.publish_policy(
                session, workspace.clock, text=policy_yaml(), source_name="p.yaml", actor="test"
            )
    assert version.id == 1


def test_each_publish_is_audited_with_its_changes(workspace: Workspace) -> None:
    for days in ("45 days", "30 days"):
        with transaction(workspace.sessions) as session:
            service.publish_policy(
                session,
                workspace.clock,
                text=policy_yaml(respond_within=days),
                source_name="p.yaml",
                actor="alice",
            )
    with workspace.sessions() as session:
        entries = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [e.action for e in entries] == ["policy.published", "policy.published"]
    assert entries[1].details["changes"] == 1 and entries[1].actor == "alice"


def test_an_invalid_policy_is_not_published(workspace: Workspace) -> None:
    with pytest.raises(InvalidDocument), transaction(workspace.sessions) as session:
        service.publish_policy(
            session, workspace.clock, text="pactum: 1\n", source_name="p.yaml", actor="t"
        )
    with workspace.sessions() as session, pytest.raises(NotFound):
        service.get_version(session)


def test_cli_check_reports_problems_and_writes_nothing(tmp_path: Path, cli_env: Settings) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(policy_yaml(respond_within="soon"))
    result = runner.invoke(app, ["policy", "check", str(broken)])
    assert result.exit_code == 2
    assert f"{broken}:25:5" in result.output and "not a duration" in result.output
    assert not cli_env.home.exists()


def test_cli_check_json_lists_problems_for_scripts(tmp_path: Path, cli_env: Settings) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("organization: {}\n")
    result = runner.invoke(app, ["policy", "check", str(broken), "--json"])
    assert result.exit_code == 2
    assert '"error": "InvalidDocument"' in result.stdout


def test_cli_publish_then_diff_versions(tmp_path: Path, cli_env: Settings) -> None:
    first, second = tmp_path / "v1.yaml", tmp_path / "v2.yaml"
    first.write_text(policy_yaml())
    second.write_text(policy_yaml().replace("[access, delete, disclosure-report]", "[access]"))
    assert runner.invoke(app, ["policy", "publish", str(first)]).exit_code == 0
    published = runner.invoke(app, ["policy", "publish", str(second), "--json"])
    assert published.exit_code == 0 and '"version": 2' in published.stdout
    diff = runner.invoke(app, ["policy", "diff", "1", "2", "--json"])
    assert diff.exit_code == 0
    assert diff.stdout.count('"reduces_rights": true') == 2


def test_cli_diff_of_an_unknown_version_says_so(cli_env: Settings) -> None:
    result = runner.invoke(app, ["policy", "diff", "1", "7"])
    assert result.exit_code == 3
    assert "no policy version 1" in result.output
