"""`pactum consent ...`: set, check, history, filter, import and export, as users run them."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import func, select
from typer.testing import CliRunner

from pactum.cli import app
from pactum.config import Settings
from pactum.consent.models import ConsentEvent
from pactum.workspace import Workspace
from tests.builders import published_policy

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["consent", *args])
    return result.exit_code, result.stdout, result.stderr


def event_count(workspace: Workspace) -> int:
    with workspace.sessions() as session:
        return session.scalar(select(func.count()).select_from(ConsentEvent)) or 0


def test_check_exits_0_when_allowed_1_when_not_and_2_on_bad_input(
    cli_env: Settings, workspace: Workspace
) -> None:
    published_policy(workspace)
    assert run("check", "--email", "ada@example.com", "marketing_email")[0] == 1
    code, out, _ = run(
        "set", "--email", "ada@example.com", "marketing_email", "granted", "--channel", "api"
    )
    assert code == 0 and "recorded event 1" in out
    code, out, _ = run("check", "--email", "Ada@Example.com", "marketing_email", "--json")
    assert code == 0
    assert json.loads(out) == {
        "purpose": "marketing_email",
        "allowed": True,
        "rule": "consent",
        "reason": json.loads(out)["reason"],
        "event_id": 1,
    }
    code, out, _ = run("check", "--email", "ada@example.com", "telepathy", "--json")
    assert code == 2 and json.loads(out)["problems"][0]["where"] == "purpose"
    assert run("check", "--email", "not-an-address", "marketing_email")[0] == 2


def test_staff_enter_an_opt_out_received_by_phone(cli_env: Settings, workspace: Workspace) -> None:
    published_policy(workspace)
    run("set", "--email", "ada@example.com", "marketing_email", "granted", "--channel", "web_form")
    code, _, _ = run(
        "set",
        "--email",
        "ada@example.com",
        "marketing_email",
        "withdrawn",
        "--channel",
        "staff_entry",
        "--note",
        "phone call, 23 Nov",
    )
    assert code == 0
    assert run("check", "--email", "ada@example.com", "marketing_email")[0] == 1
    code, out, _ = run("history", "--email", "ada@example.com", "--json")
    events = json.loads(out)["events"]
    assert [(e["state"], e["channel"]) for e in events] == [
        ("granted", "web_form"),
        ("withdrawn", "staff_entry"),
    ]
    assert events[1]["note"] == "phone call, 23 Nov" and events[1]["actor"].startswith("cli:")
    code, out, _ = run("history", "--email", "ada@example.com")
    assert code == 0 and "Consent events" in out


def test_filter_prints_the_allowed_addresses_of_a_list(
    cli_env: Settings, workspace: Workspace, tmp_path: Path
) -> None:
    published_policy(workspace)
    run("set", "--email", "ada@example.com", "marketing_email", "granted", "--channel", "api")
    run("set", "--email", "bob@example.com", "marketing_email", "withdrawn", "--channel", "api")
    mailing = tmp_path / "list.txt"
    mailing.write_text("ada@example.com\nbob@example.com\n\ncarol@example.com\nnot an address\n")
    code, out, err = run("filter", str(mailing), "marketing_email")
    assert code == 0 and out == "ada@example.com\n"
    assert "line 5" in err
    code, out, _ = run("filter", str(mailing), "product_news", "--json")
    assert json.loads(out)["allowed"] == ["ada@example.com", "bob@example.com", "carol@example.com"]


def test_a_subscriber_list_is_imported_with_its_opt_in_dates(
    cli_env: Settings, workspace: Workspace, tmp_path: Path
) -> None:
    published_policy(workspace)
    source = tmp_path / "subscribers.csv"
    source.write_text(
        "email,opted_in_at,name\nada@example.com,2024-03-01,Ada\nBOB@example.com,2025-01-02T10:00:00Z,Bob\n"
    )
    code, out, _ = run("import", str(source), "--purpose", "marketing_email", "--json")
    assert code == 0 and json.loads(out) == {"rows": 2, "imported": 2, "skipped": 0, "rejected": []}
    code, out, _ = run("history", "--email", "bob@example.com", "--json")
    [event] = json.loads(out)["events"]
    assert (event["channel"], event["at"][:19]) == ("import", "2025-01-02T10:00:00")
    assert (
        json.loads(run("import", str(source), "--purpose", "marketing_email", "--json")[1])[
            "skipped"
        ]
        == 2
    )
    assert event_count(workspace) == 2


def test_an_old_list_never_overrides_a_newer_withdrawal(
    cli_env: Settings, workspace: Workspace, tmp_path: Path
) -> None:
    published_policy(workspace)
    run(
        "set",
        "--email",
        "ada@example.com",
        "marketing_email",
        "withdrawn",
        "--channel",
        "unsubscribe_link",
    )
    source = tmp_path / "old.csv"
    source.write_text("email,opted_in_at,purpose\nada@example.com,2020-05-05,marketing_email\n")
    code, out, _ = run("import", str(source), "--json")
    assert code == 0 and json.loads(out)["skipped"] == 1
    assert run("check", "--email", "ada@example.com", "marketing_email")[0] == 1


def test_bad_rows_are_reported_by_line_and_the_good_ones_imported(
    cli_env: Settings, workspace: Workspace, tmp_path: Path
) -> None:
    published_policy(workspace)
    source = tmp_path / "messy.csv"
    source.write_text(
        "email,opted_in_at,purpose\n"
        "ada@example.com,2024-03-01,marketing_email\n"  # line 2: good
        "not-an-address,2024-03-01,marketing_email\n"  # 3
        "bob@example.com,yesterday,marketing_email\n"  # 4
        "carol@example.com,2024-03-01,telepathy\n"  # 5
        "dan@example.com,2999-01-01,marketing_email\n"  # 6
        "ADA@example.com,2024-04-01,marketing_email\n"  # 7: repeats line 2
        "erin@example.com,2024-03-01\n"  # 8: a field short
        "fay@example.com,2024-03-01,marketing_email\n"  # 9: good
    )
    code, out, _ = run("import", str(source), "--json")
    report = json.loads(out)
    assert code == 1 and report["imported"] == 2
    reasons = {p["line"]: p["reason"] for p in report["rejected"]}
    assert sorted(reasons) == [3, 4, 5, 6, 7, 8]
    assert "not an e-mail address" in reasons[3] and "not a date" in reasons[4]
    assert "telepathy" in reasons[5] and "future" in reasons[6] and reasons[7] == "repeats line 2"
    code, _, err = run("import", str(source))
    assert code == 1 and "messy.csv:3" in err


def test_all_or_nothing_imports_nothing_when_a_row_is_bad(
    cli_env: Settings, workspace: Workspace, tmp_path: Path
) -> None:
    published_policy(workspace)
    source = tmp_path / "list.csv"
    source.write_text("email,opted_in_at\nada@example.com,2024-03-01\nbroken,2024-03-01\n")
    code, out, _ = run(
        "import", str(source), "--purpose", "marketing_email", "--all-or-nothing", "--json"
    )
    assert code == 2
    [problem] = json.loads(out)["problems"]
    assert problem["where"].endswith("list.csv:3")
    assert event_count(workspace) == 0


def test_a_file_in_an_unknown_encoding_is_refused_with_a_fix(
    cli_env: Settings, workspace: Workspace, tmp_path: Path
) -> None:
    published_policy(workspace)
    source = tmp_path / "latin.csv"
    source.write_bytes("email,opted_in_at\nrené@example.com,2024-03-01\n".encode("latin-1"))
    code, out, _ = run("import", str(source), "--purpose", "marketing_email", "--json")
    assert code == 2
    [problem] = json.loads(out)["problems"]
    assert "line 2" in problem["what"] and "--encoding" in problem["fix"]
    assert event_count(workspace) == 0
    code, _, _ = run("import", str(source), "--purpose", "marketing_email", "--encoding", "latin-1")
    assert code == 0 and event_count(workspace) == 1
    assert run("import", str(source), "--encoding", "klingon")[0] == 2


def test_export_lists_every_current_state(cli_env: Settings, workspace: Workspace) -> None:
    published_policy(workspace)
    run("set", "--email", "ada@example.com", "marketing_email", "granted", "--channel", "api")
    run("set", "--email", "ada@example.com", "product_news", "withdrawn", "--channel", "api")
    code, out, _ = run("export")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "identities,purpose,state,since,channel,event_id"
    assert lines[1].startswith("email:ada@example.com,marketing_email,granted,")
    code, out, _ = run("export", "--json", "--purpose", "product_news")
    assert [(r["purpose"], r["state"]) for r in json.loads(out)] == [("product_news", "withdrawn")]
