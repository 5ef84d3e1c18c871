"""`pactum request ...` end to end, without the web: submit, verify, run --wait, show, list."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pactum.cli import app
from pactum.config import Settings
from pactum.workspace import Workspace
from tests.execution.company import ALICE, Company, company
from tests.privacy_requests.company import import_inventory

runner = CliRunner()


@pytest.fixture
def acme(published: Workspace, cli_env: Settings, tmp_path: Path) -> Iterator[Company]:
    (tmp_path / "acme").mkdir()
    with company(tmp_path / "acme") as built:
        import_inventory(published, built.inventory)
        yield built


def cli(*args: str, code: int = 0) -> str:
    result = runner.invoke(app, ["request", *args])
    assert result.exit_code == code, result.output
    return result.stdout


def test_submit_prints_the_new_request_as_json(published: Workspace, cli_env: Settings) -> None:
    shown = json.loads(cli("submit", "access", "--email", "ada@example.test", "--json"))
    assert shown["id"].startswith("R") and shown["status"] == "awaiting_verification"
    assert shown["jurisdiction"] == "everyone"
    region = json.loads(cli("submit", "access", "--email", "a@b.test", "--region", "US-CA",
                            "--json"))  # fmt: skip
    assert region["jurisdiction"] == "california"


def test_bad_input_exits_two_with_the_fix(published: Workspace, cli_env: Settings) -> None:
    result = runner.invoke(app, ["request", "submit", "teleport", "--email", "a@b.test"])
    assert result.exit_code == 2 and "not a request type" in result.output
    result = runner.invoke(app, ["request", "submit", "access", "--email", "a@", "--json"])
    assert result.exit_code == 2 and json.loads(result.stdout)["error"] == "Invalid"
    assert runner.invoke(app, ["request", "show", "RNOPE"]).exit_code == 3


def test_a_disclosure_report_runs_to_completion_in_the_foreground(
    published: Workspace, cli_env: Settings
) -> None:
    created = json.loads(cli("submit", "disclosure-report", "--email", "ada@example.test",
                             "--region", "US-CA", "--json"))  # fmt: skip
    verified = cli("verify", created["id"], "--manual", "--reason",
                   "Known customer, called back on file number")  # fmt: skip
    assert "verified" in verified
    outcome = json.loads(cli("run", created["id"], "--wait", "--json"))
    assert outcome["status"] == "completed"
    shown = json.loads(cli("show", created["id"], "--json"))
    assert shown["request"]["result"]["report"]["recipients"][0]["name"] == "List Partner LLC"
    actions = [e["action"] for e in shown["timeline"]]
    assert actions[:4] == ["submitted", "code_sent", "acknowledged", "verified_manually"]
    assert actions[-1] == "completed"
    assert all(e["actor"] for e in shown["timeline"])


def test_run_wait_exits_non_zero_until_staff_confirm_the_manual_steps(
    published: Workspace, acme: Company
) -> None:
    created = json.loads(cli("submit", "access", "--email", ALICE, "--region", "US-CA",
                             "--json"))  # fmt: skip
    cli("verify", created["id"], "--manual", "--reason", "Three data points and a declaration")
    waiting = json.loads(cli("run", created["id"], "--wait", "--json", code=1))
    assert waiting["status"] == "waiting_for_staff"
    shown = json.loads(cli("show", created["id"], "--json"))
    manual = [s for s in shown["steps"] if s["kind"] == "manual"]
    assert [s["step_id"] for s in manual] == ["search:archive", "review:withheld"]
    assert "withheld as possibly someone else's" in manual[1]["description"]
    cli("confirm-step", created["id"], "search:archive", "--note", "Nothing in the archive")
    cli("confirm-step", created["id"], "review:withheld", "--note", "Carol's rows, not hers")
    assert json.loads(cli("run", created["id"], "--wait", "--json"))["status"] == "completed"
    shown = json.loads(cli("show", created["id"], "--json"))
    package = Path(shown["request"]["result"]["package"])
    assert package.is_file() and package.suffix == ".zip"
    assert str(package) in cli("show", created["id"])


def test_decline_extend_and_list_from_the_command_line(
    published: Workspace, cli_env: Settings
) -> None:
    first = json.loads(cli("submit", "access", "--email", "ada@example.test", "--region",
                           "US-CA", "--channel", "phone", "--json"))  # fmt: skip
    second = json.loads(cli("submit", "delete", "--email", "bob@example.test", "--region",
                            "US-CA", "--agent", "Privacy Helpers LLC", "--json"))  # fmt: skip
    assert second["requester"]["kind"] == "agent"
    extended = json.loads(cli("extend", first["id"], "--reason",
                              "The order history is on tape backups", "--json"))  # fmt: skip
    assert extended["extended"] is True
    declined = json.loads(cli("decline", second["id"], "--ground", "cannot_verify", "--reason",
                              "The agent sent no signed permission", "--json"))  # fmt: skip
    assert declined["status"] == "declined"
    result = runner.invoke(app, ["request", "decline", first["id"], "--ground", "made_up",
                                 "--reason", "Because we would rather not"])  # fmt: skip
    assert result.exit_code == 2
    listed = json.loads(cli("list", "--json"))
    assert [r["id"] for r in listed] == [first["id"], second["id"]]
    assert "OVERDUE" not in cli("list")


def test_purge_reports_what_it_reduced(published: Workspace, cli_env: Settings) -> None:
    assert json.loads(cli("purge", "--json")) == {"purged": 0}
