"""`pactum scan text FILE|-`: find personal data in a text file or JSON lines, and redact it."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, BinaryIO

import typer

from pactum.config import Settings
from pactum.detection.batch import JOINED_SIZE
from pactum.detection.detector import Detector
from pactum.detection.findings import Finding
from pactum.detection.redaction import RedactionMode, redact, token_key
from pactum.detection.stream import decoded_chunks, scan_segments
from pactum.errors import Invalid, PactumError
from pactum.terminal import out, report_error, table

app = typer.Typer(help="Find personal data in text, and redact it.", no_args_is_help=True)

KEY_ENV = "PACTUM_REDACTION_KEY"
MOST_ROWS = 1000  # a table longer than this helps nobody; --json lists everything
JSONL_FIX = 'each line must be a JSON object with "id" and "text" (a string)'


@app.callback()
def scan() -> None:
    """Find personal data in text, and redact it."""


@app.command()
def text(
    source: Annotated[str, typer.Argument(help="A UTF-8 text file, or - for standard input.")],
    redact_mode: Annotated[
        RedactionMode | None,
        typer.Option("--redact", help="Write the text redacted: tag, mask, hash or token."),
    ] = None,
    json_: Annotated[bool, typer.Option("--json", help="Print the findings as JSON.")] = False,
    jsonl: Annotated[
        bool, typer.Option("--jsonl", help='Read and write JSON lines: {"id", "text"} in.')
    ] = False,
    key_file: Annotated[
        Path | None,
        typer.Option("--key-file", help=f"Key for hash (else ${KEY_ENV}) or token mode."),
    ] = None,
) -> None:
    """Scan a file for personal data; exit 0 when it was read (found or not), 2 on bad input."""
    try:
        key = _key(redact_mode, key_file)
        if json_ and redact_mode and not jsonl:
            raise Invalid(
                "--json lists findings and --redact writes the redacted text; choose one",
                fix="use --jsonl to get findings and redacted text together",
            )
        with _opened(source) as stream:
            if jsonl:
                _scan_jsonl(stream, source, redact_mode, key)
            else:
                _scan_plain(stream, source, redact_mode, key, as_json=json_)
    except PactumError as error:
        # This command maps its own errors so it behaves the same alone and under `pactum`.
        report_error(error, as_json=json_ and not jsonl)
        raise typer.Exit(error.exit_code) from error


def _key(mode: RedactionMode | None, key_file: Path | None) -> bytes | None:
    if mode is RedactionMode.TOKEN:
        if key_file is None:
            raise Invalid(
                "token mode needs the staff-held key file",
                fix="pass --key-file PATH (tokens can only be opened with the same key)",
            )
        return token_key(_read_key(key_file))
    if mode is RedactionMode.HASH:
        if key_file:
            key = _read_key(key_file)
        else:
            configured = Settings().redaction_key
            key = configured.get_secret_value().encode() if configured else b""
        if not key:
            raise Invalid("hash mode needs a key", fix=f"set {KEY_ENV} or pass --key-file PATH")
        return key
    return None


def _read_key(path: Path) -> bytes:
    try:
        return path.read_bytes().strip()
    except OSError as error:
        raise Invalid(f"cannot read the key file: {error.strerror}", where=str(path)) from error


@contextmanager
def _opened(source: str) -> Iterator[BinaryIO]:
    if source == "-":
        yield sys.stdin.buffer
        return
    try:
        stream = Path(source).open("rb")  # noqa: SIM115  # closed below, after the scan
    except OSError as error:
        raise Invalid(f"cannot read the file: {error.strerror}", where=source) from error
    with stream:
        yield stream


def _finding_json(finding: Finding) -> dict[str, Any]:
    return {
        "type": finding.type.value,
        "start": finding.start,
        "end": finding.end,
        "score": round(finding.score, 2),
    }


def _scan_jsonl(
    stream: BinaryIO, source: str, mode: RedactionMode | None, key: bytes | None
) -> None:
    """One output line per input line, in order; stops at the first bad line.

    Lines are read and scanned together in chunks of about `JOINED_SIZE` characters (the texts
    joined, each keeping its own findings: `Detector.detect_many`), and each chunk is written
    before the next is read, so a large file never sits in memory.
    """
    detector = Detector()
    chunk: list[tuple[Any, str]] = []
    size = 0
    for number, raw in enumerate(stream, start=1):
        if not raw.strip():
            continue  # blank lines (a trailing newline) carry nothing
        try:
            chunk.append(_record(raw, number, source))
        except Invalid:
            _write_jsonl(chunk, detector, mode, key)  # the lines before a bad one are answered
            raise
        size += len(chunk[-1][1])
        if size >= JOINED_SIZE:
            _write_jsonl(chunk, detector, mode, key)
            chunk, size = [], 0
    _write_jsonl(chunk, detector, mode, key)


def _write_jsonl(
    chunk: list[tuple[Any, str]], detector: Detector, mode: RedactionMode | None, key: bytes | None
) -> None:
    found = detector.detect_many(content for _, content in chunk)
    write = sys.stdout.write
    for (record_id, content), findings in zip(chunk, found, strict=True):
        line: dict[str, Any] = {"id": record_id, "findings": [_finding_json(f) for f in findings]}
        if mode is not None:
            line["text"] = redact(content, findings, mode, key=key)
        write(json.dumps(line, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def _record(raw: bytes, number: int, source: str) -> tuple[Any, str]:
    where = f"{source}:{number}"
    try:
        record = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise Invalid(f"line {number} is not JSON ({error})", where=where, fix=JSONL_FIX) from error
    if not isinstance(record, dict):
        raise Invalid(f"line {number} is not a JSON object", where=where, fix=JSONL_FIX)
    if "id" not in record or not isinstance(record.get("text"), str):
        missing = "id" if "id" not in record else "text (a string)"
        raise Invalid(f"line {number} has no {missing}", where=where, fix=JSONL_FIX)
    return record["id"], record["text"]


def _scan_plain(
    stream: BinaryIO,
    source: str,
    mode: RedactionMode | None,
    key: bytes | None,
    *,
    as_json: bool,
) -> None:
    detector = Detector()
    findings: list[Finding] = []
    length = 0
    for segment in scan_segments(decoded_chunks(stream), detector):
        length = segment.start + len(segment.text)
        if mode is None:
            findings.extend(segment.findings)
            continue
        local = [f.shifted(-segment.start) for f in segment.findings]
        sys.stdout.write(redact(segment.text, local, mode, key=key))
    if mode is not None:
        sys.stdout.flush()
    elif as_json:
        sys.stdout.write(
            json.dumps(
                {
                    "source": source,
                    "characters": length,
                    "findings": [{**_finding_json(f), "reason": f.reason} for f in findings],
                },
                indent=2,
            )
            + "\n"
        )
    else:
        _print_table(source, length, findings)


def _print_table(source: str, length: int, findings: list[Finding]) -> None:
    rows = [
        [f.type.value, f.start, f.end, f"{f.score:.2f}", f.reason] for f in findings[:MOST_ROWS]
    ]
    table(
        f"{source}: {len(findings)} finding(s) in {length} characters",
        ["type", "start", "end", "score", "reason"],
        rows,
    )
    if len(findings) > MOST_ROWS:
        out.print(f"... and {len(findings) - MOST_ROWS} more; use --json to list them all")
