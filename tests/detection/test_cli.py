"""`scan text`: plain files, JSON lines streamed line by line, redaction modes and keys."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pactum.detection import detect, detokenize_text, new_token_key
from pactum.detection.batch import JOINED_SIZE
from pactum.detection.cli import app

TEXT = "Hello, my name is Anna Schmidt, anna@example.com, card 4111 1111 1111 1111.\n"
runner = CliRunner()


@pytest.fixture
def text_file(tmp_path: Path) -> Path:
    path = tmp_path / "ticket.txt"
    path.write_text(TEXT * 3, encoding="utf-8")
    return path


def test_plain_scan_prints_a_table_and_exits_0(text_file: Path) -> None:
    result = runner.invoke(app, ["text", str(text_file)])
    assert result.exit_code == 0, result.output
    assert "9 finding(s)" in result.output
    assert "CREDIT_CARD" in result.output
    assert "anna@example.com" not in result.output


def test_a_file_without_findings_exits_0(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("nothing to see here\n", encoding="utf-8")
    result = runner.invoke(app, ["text", str(path)])
    assert result.exit_code == 0
    assert "0 finding(s)" in result.output


def test_json_lists_findings_with_offsets(text_file: Path) -> None:
    result = runner.invoke(app, ["text", str(text_file), "--json"])
    assert result.exit_code == 0
    report = json.loads(result.output)
    content = text_file.read_text(encoding="utf-8")
    kinds = [(f["type"], content[f["start"] : f["end"]]) for f in report["findings"]]
    assert kinds[:3] == [
        ("PERSON", "Anna Schmidt"),
        ("EMAIL", "anna@example.com"),
        ("CREDIT_CARD", "4111 1111 1111 1111"),
    ]


def test_standard_input_is_read_with_a_dash() -> None:
    result = runner.invoke(app, ["text", "-", "--redact", "tag"], input=TEXT)
    assert result.exit_code == 0
    assert result.output == "Hello, my name is [PERSON], [EMAIL], card [CREDIT_CARD].\n"


def test_jsonl_streams_one_output_line_per_input_line(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    lines = [{"id": 1, "text": "mail anna@example.com"}, {"id": "b", "text": "nothing"}]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n\n", encoding="utf-8")
    result = runner.invoke(app, ["text", str(path), "--jsonl"])
    assert result.exit_code == 0
    out = [json.loads(line) for line in result.output.splitlines()]
    assert out == [
        {"id": 1, "findings": [{"type": "EMAIL", "start": 5, "end": 21, "score": 0.95}]},
        {"id": "b", "findings": []},
    ]


def test_jsonl_lines_scanned_in_chunks_get_each_lines_own_findings(tmp_path: Path) -> None:
    # Over a megabyte of lines: more than one chunk of lines scanned together.
    texts = [
        f"{i}: Regards,\nAnna Schmidt, +49 30 1234567{i % 10}, Hauptstraße {i % 90 + 1}\n"
        + "nothing to see in this line at all, " * 15
        for i in range(2000)
    ]
    texts += ["", "order", "+49 30 12345678", "X" + "a" * 53 + "straße 5"]
    path = tmp_path / "in.jsonl"
    path.write_text(
        "".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate(texts)),
        encoding="utf-8",
    )
    assert sum(map(len, texts)) > JOINED_SIZE
    result = runner.invoke(app, ["text", str(path), "--jsonl"])
    assert result.exit_code == 0
    out = [json.loads(line) for line in result.output.splitlines()]
    assert [line["id"] for line in out] == list(range(len(texts)))
    for text, line in zip(texts, out, strict=True):
        assert line["findings"] == [
            {"type": f.type.value, "start": f.start, "end": f.end, "score": round(f.score, 2)}
            for f in detect(text)
        ]


def test_jsonl_with_redaction_adds_the_redacted_text(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": 7, "text": "call +49 30 12345678"}) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["text", str(path), "--jsonl", "--redact", "mask"])
    assert json.loads(result.output)["text"] == "call +** ** ****5678"


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("not json", "line 2 is not JSON"),
        ('{"text": "x"}', "line 2 has no id"),
        ('{"id": 2, "text": 5}', "line 2 has no text"),
        ("[1, 2]", "line 2 is not a JSON object"),
    ],
)
def test_a_bad_jsonl_line_stops_the_scan_with_exit_2(
    tmp_path: Path, bad: str, message: str
) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(
        json.dumps({"id": 1, "text": "ok"})
        + "\n"
        + bad
        + "\n"
        + json.dumps({"id": 3, "text": "x"}),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["text", str(path), "--jsonl"])
    assert result.exit_code == 2
    assert message in result.stderr
    assert f"{path}:2" in result.stderr
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == [1]


def test_hash_mode_reads_the_key_from_the_environment(text_file: Path) -> None:
    env = {"PACTUM_REDACTION_KEY": "k1"}
    first = runner.invoke(app, ["text", str(text_file), "--redact", "hash"], env=env)
    again = runner.invoke(app, ["text", str(text_file), "--redact", "hash"], env=env)
    other = runner.invoke(
        app, ["text", str(text_file), "--redact", "hash"], env={"PACTUM_REDACTION_KEY": "k2"}
    )
    assert first.exit_code == 0
    assert first.output == again.output != other.output
    assert "[EMAIL:" in first.output


def test_hash_mode_without_a_key_is_refused(text_file: Path) -> None:
    result = runner.invoke(
        app, ["text", str(text_file), "--redact", "hash"], env={"PACTUM_REDACTION_KEY": ""}
    )
    assert result.exit_code == 2
    assert "hash mode needs a key" in result.stderr


def test_token_mode_needs_the_staff_key_file(text_file: Path) -> None:
    result = runner.invoke(app, ["text", str(text_file), "--redact", "token"])
    assert result.exit_code == 2
    assert "token mode needs the staff-held key file" in result.stderr


def test_token_mode_output_opens_with_the_same_key(text_file: Path, tmp_path: Path) -> None:
    key_file = tmp_path / "staff.key"
    key_file.write_text(new_token_key() + "\n", encoding="utf-8")
    result = runner.invoke(
        app, ["text", str(text_file), "--redact", "token", "--key-file", str(key_file)]
    )
    assert result.exit_code == 0
    assert "anna@example.com" not in result.output
    assert detokenize_text(result.output, key_file.read_bytes()) == TEXT * 3


def test_json_and_redact_together_are_refused(text_file: Path) -> None:
    result = runner.invoke(app, ["text", str(text_file), "--json", "--redact", "tag"])
    assert result.exit_code == 2


def test_a_missing_file_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["text", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2
    assert "cannot read the file" in result.stderr
