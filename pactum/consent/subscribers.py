"""Subscriber lists in CSV: every row validated and reported by line, then imported into the ledger."""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from pactum.audit.service import record
from pactum.clock import Clock, as_utc
from pactum.consent.ledger import Choice, Evidence, record_choice
from pactum.consent.models import Channel, ConsentEvent, ConsentStateRow, State
from pactum.consent.people import Subject, find_person
from pactum.consent.schemas import ImportReport, RowProblem
from pactum.errors import Invalid, InvalidDocument, Problem
from pactum.identities import Identity, normalize
from pactum.policy.document import Policy
from pactum.signing import sha256_hex

IDENTITY_COLUMNS = ("email", "phone", "customer_id")
DATE_COLUMNS = ("opted_in_at", "opt_in_date", "consented_at", "date")


@dataclass(frozen=True)
class Row:
    line: int
    identity: Identity
    purpose: str
    state: State
    at: datetime


def decode(data: bytes, source: str, encoding: str | None = None) -> str:
    """The file's text: UTF-8 (with or without BOM), UTF-16 with a BOM, or the encoding named."""
    if encoding is None:
        utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
        encoding = "utf-16" if utf16 else "utf-8-sig"
    try:
        codecs.lookup(encoding)
    except LookupError as exc:
        raise Invalid(
            f"{encoding!r} is not an encoding Python knows",
            where="--encoding",
            fix="use e.g. utf-8, latin-1, cp1252",
        ) from exc
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise Invalid(
            f"{source} is not {encoding} text: byte 0x{data[exc.start]:02x} on line {line} "
            "cannot be decoded (unknown encoding)",
            where=f"{source}:{line}",
            fix="save the file as UTF-8, or name its encoding with --encoding (e.g. latin-1)",
        ) from exc


def parse_rows(
    text: str, source: str, policy: Policy, *, purpose: str | None, now: datetime
) -> tuple[list[Row], list[RowProblem]]:
    """Validate every row; the good ones, and each bad one with its line and reason."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    reader.fieldnames = header
    kind = next((c for c in IDENTITY_COLUMNS if c in header), None)
    date_column = next((c for c in DATE_COLUMNS if c in header), None)
    if kind is None or date_column is None or (purpose is None and "purpose" not in header):
        raise Invalid(
            f"{source}: the header must name an identity ({', '.join(IDENTITY_COLUMNS)}), an "
            f"opt-in date ({', '.join(DATE_COLUMNS)}) and, without --purpose, a purpose column",
            where=f"{source}:1",
            fix="e.g. email,opted_in_at,purpose",
        )
    rows: list[Row] = []
    problems: list[RowProblem] = []
    seen: dict[tuple[Identity, str], int] = {}
    for fields in reader:
        line = reader.line_num
        try:
            row = _row(
                fields,
                line,
                kind=kind,
                date_column=date_column,
                policy=policy,
                purpose=purpose,
                now=now,
            )
        except Invalid as error:
            problems.append(RowProblem(line=line, reason=error.what))
            continue
        first = seen.setdefault((row.identity, row.purpose), line)
        if first != line:
            problems.append(RowProblem(line=line, reason=f"repeats line {first}"))
            continue
        rows.append(row)
    return rows, problems


def _row(
    fields: dict[str, str | None],
    line: int,
    *,
    kind: str,
    date_column: str,
    policy: Policy,
    purpose: str | None,
    now: datetime,
) -> Row:
    if None in fields or any(v is None for v in fields.values()):
        raise Invalid("the number of fields differs from the header")
    raw = (fields.get(kind) or "").strip()
    if not raw:
        raise Invalid(f"no {kind}")
    identity = normalize(kind, raw)
    purpose_id = purpose or (fields.get("purpose") or "").strip()
    found = policy.purpose(purpose_id)
    if found is None or found.transactional:
        raise Invalid(f"{purpose_id or 'no purpose'!r} is not a purpose a person can choose")
    state_text = (fields.get("state") or "granted").strip().lower()
    if state_text not in State.__members__.values():
        raise Invalid(f"state {state_text!r} is not granted, denied or withdrawn")
    at = _when((fields.get(date_column) or "").strip(), now)
    return Row(line=line, identity=identity, purpose=purpose_id, state=State(state_text), at=at)


def _when(text: str, now: datetime) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as exc:
        shown = text[:30] or "empty"
        raise Invalid(
            f"opt-in date {shown!r} is not a date (write 2024-03-01 or 2024-03-01T10:00Z)"
        ) from exc
    moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    if moment > now:
        raise Invalid(f"opt-in date {text} is in the future")
    return moment


def import_subscribers(
    session: Session,
    clock: Clock,
    policy: Policy,
    key: bytes,
    data: bytes,
    *,
    source: str,
    purpose: str | None,
    all_or_nothing: bool,
    encoding: str | None,
    actor: str,
) -> tuple[ImportReport, list[int]]:
    """Import a subscriber list in the caller's transaction; re-importing a file changes nothing.

    Returns the report and the deliveries to enqueue after commit.

    Rows whose person made a later choice for the purpose are skipped: an old list never
    overrides a newer withdrawal.
    """
    if purpose is not None and policy.purpose(purpose) is None:
        raise Invalid(
            f"{purpose!r} is not a purpose of the policy in force",
            where="--purpose",
            fix=f"use one of: {', '.join(p.id for p in policy.purposes)}",
        )
    now = as_utc(clock.now())
    rows, problems = parse_rows(
        decode(data, source, encoding), source, policy, purpose=purpose, now=now
    )
    if problems and all_or_nothing:
        raise InvalidDocument(
            source,
            [
                Problem(p.reason, where=f"{source}:{p.line}", fix="correct the row")
                for p in problems
            ],
        )
    digest = sha256_hex(data)
    prefix = f"import:{digest[:16]}:"
    done = set(
        session.scalars(
            select(ConsentEvent.reference).where(ConsentEvent.reference.startswith(prefix))
        )
    )
    imported = skipped = 0
    queued: list[int] = []
    for row in rows:
        reference = f"{prefix}{row.line}"
        subject = Subject.of(row.identity, key)
        if reference in done or _newer_on_record(session, subject, row):
            skipped += 1
            continue
        choice = Choice(
            row.purpose,
            row.state,
            Channel.IMPORT,
            actor=actor,
            evidence=Evidence(text_sha256=digest),
            at=row.at,
            reference=reference,
            audited=False,  # the import is one audit entry, below
        )
        queued += record_choice(session, clock, policy, subject, choice).deliveries
        imported += 1
    record(
        session,
        clock,
        actor=actor,
        action="consent.imported",
        target=f"import:{digest[:16]}",
        details={
            "source": source,
            "imported": imported,
            "skipped": skipped,
            "rejected": len(problems),
        },
    )
    total = len(rows) + len(problems)
    report = ImportReport(rows=total, imported=imported, skipped=skipped, rejected=problems)
    return report, queued


def _newer_on_record(session: Session, subject: Subject, row: Row) -> bool:
    person = find_person(session, subject.hash)
    if person is None:
        return False
    at = session.scalar(
        select(ConsentStateRow.at).where(
            ConsentStateRow.person_id == person, ConsentStateRow.purpose == row.purpose
        )
    )
    return at is not None and as_utc(at) >= row.at


def read_address_list(
    data: bytes, source: str, kind: str
) -> tuple[list[Identity], list[RowProblem]]:
    """A plain list, one identity per line (a mailing list): the good ones, and bad lines."""
    if kind not in (*IDENTITY_COLUMNS, "cookie_id"):
        raise Invalid(
            f"{kind!r} is not an identity type",
            where="--kind",
            fix="use email, phone, customer_id or cookie_id",
        )
    identities: list[Identity] = []
    problems: list[RowProblem] = []
    for number, line in enumerate(decode(data, source).splitlines(), start=1):
        if line.strip():
            try:
                identities.append(normalize(kind, line))
            except Invalid as error:
                problems.append(RowProblem(line=number, reason=error.what))
    return identities, problems
