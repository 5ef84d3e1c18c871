"""`pactum inventory discover` and `pactum scan db` from the command line."""

from __future__ import annotations

import json
import socket
import time
from importlib import resources
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pactum.cli import app
from pactum.config import Settings
from pactum.db import transaction
from pactum.demo.annotations import demo_inventory_text
from pactum.discovery.database import CONNECT_SECONDS
from pactum.discovery.service import scan_database
from pactum.errors import Unavailable
from pactum.inventory.loading import parse_inventory
from pactum.inventory.service import current_inventory, store_inventory
from pactum.policy.loading import parse_policy
from pactum.policy.service import publish_policy
from pactum.workspace import open_workspace
from tests.services import free_port

runner = CliRunner()


def with_demo_documents(settings: Settings, url: str) -> None:
    """The workspace holds the demo's policy and its inventory of the database at `url`."""
    policy_text = resources.files("pactum.demo").joinpath("policy.yaml").read_text()
    workspace = open_workspace(settings)
    with transaction(workspace.sessions) as session:
        publish_policy(
            session, workspace.clock, text=policy_text, source_name="policy.yaml", actor="test"
        )
        inventory_text = demo_inventory_text(url)
        store_inventory(
            session,
            workspace.clock,
            parse_inventory(inventory_text, "inventory.yaml", parse_policy(policy_text)),
            text=inventory_text,
            source_name="inventory.yaml",
            actor="test",
        )
    workspace.engine.dispose()


def test_discover_writes_a_draft_that_imports_and_prints_the_changes(
    cli_env: Settings, demo_file: Path, tmp_path: Path
) -> None:
    url = f"sqlite:///{demo_file}"
    with_demo_documents(cli_env, url)
    draft = tmp_path / "draft.yaml"
    result = runner.invoke(app, ["inventory", "discover", url, "-o", str(draft), "--sample", "40"])
    assert result.exit_code == 0, result.output
    assert f"draft inventory written to {draft}" in result.stdout
    assert "change(s) from the inventory's systems erp, crm" in result.stdout
    imported = runner.invoke(app, ["inventory", "import", str(draft), "--json"])
    assert imported.exit_code == 0, imported.output
    workspace = open_workspace(cli_env)
    with workspace.reader()() as session:
        assert [s.id for s in current_inventory(session).systems] == ["northwind"]
    workspace.engine.dispose()


def test_discover_prints_the_draft_on_stdout_and_the_summary_on_stderr(
    cli_env: Settings, demo_file: Path
) -> None:
    result = runner.invoke(
        app, ["inventory", "discover", f"sqlite:///{demo_file}", "--sample", "20"]
    )
    assert result.exit_code == 0, result.output
    parse_inventory(result.stdout, "stdout", None)
    assert "personal data in" in result.stderr
    assert "nothing to compare" in result.stderr


def test_discover_json_holds_columns_references_diff_and_draft(
    cli_env: Settings, demo_file: Path
) -> None:
    url = f"sqlite:///{demo_file}"
    with_demo_documents(cli_env, url)
    result = runner.invoke(app, ["inventory", "discover", url, "--json", "--sample", "20"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["system"] == "northwind"
    assert len(report["compared_with"]) == 7
    assert {"table", "column", "category", "identity", "confidence", "reasons"} <= set(
        report["columns"][0]
    )
    assert any(r["to"] == "erp_contacts" for r in report["references"])
    assert report["draft"].startswith("# Draft inventory")


def test_scan_db_reports_fideslang_categories_and_writes_nothing(demo_file: Path) -> None:
    before = demo_file.stat().st_mtime_ns
    result = runner.invoke(
        app, ["scan", "db", f"sqlite:///{demo_file}", "--json", "--sample", "20"]
    )
    assert result.exit_code == 0, result.output
    columns = {(c["table"], c["column"]): c for c in json.loads(result.stdout)["columns"]}
    assert columns[("hr_employees", "bank_iban")]["category"] == "user.financial.bank_account"
    assert columns[("web_sessions", "cookie_id")]["identity"] == "cookie_id"
    assert demo_file.stat().st_mtime_ns == before


def test_an_unreachable_database_exits_6_with_the_reason_and_no_password() -> None:
    url = f"postgresql+psycopg://reader:s3cret@127.0.0.1:{free_port()}/company"
    result = runner.invoke(app, ["scan", "db", url])
    assert result.exit_code == 6
    assert "cannot read the database" in result.stderr
    assert "s3cret" not in result.output + result.stderr


@pytest.mark.slow
def test_a_server_that_never_answers_is_given_up_on_after_the_connect_timeout() -> None:
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()  # connections queue in the backlog; nothing ever answers them
        port = silent.getsockname()[1]
        started = time.monotonic()
        with pytest.raises(Unavailable):
            scan_database(f"postgresql+psycopg://reader@127.0.0.1:{port}/company")
        assert time.monotonic() - started < CONNECT_SECONDS + 10


def test_a_missing_sqlite_file_exits_6_and_is_not_created(
    cli_env: Settings, tmp_path: Path
) -> None:
    missing = tmp_path / "nowhere.db"
    result = runner.invoke(app, ["inventory", "discover", f"sqlite:///{missing}"])
    assert result.exit_code == 6
    assert "no SQLite database" in result.stderr
    assert not missing.exists()
