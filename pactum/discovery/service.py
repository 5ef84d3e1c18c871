"""Discovering personal data in a SQL database: a report per column, a draft inventory, a diff."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from pactum.discovery.categories import fit_category
from pactum.discovery.classification import classify_tables
from pactum.discovery.database import (
    Sample,
    TableInfo,
    connected,
    open_database,
    read_tables,
    sample_table,
)
from pactum.discovery.diff import compare, systems_on
from pactum.discovery.draft import render_draft
from pactum.discovery.names import words
from pactum.discovery.references import find_references
from pactum.discovery.schemas import ColumnReport, DiscoveryReport, TableReport
from pactum.errors import Unavailable
from pactum.inventory.document import Inventory
from pactum.inventory.loading import parse_inventory
from pactum.policy.document import Policy

DEFAULT_SAMPLE = 200  # rows per table: enough to tell e-mails from notes, cheap at any size
MOST_SAMPLE = 10_000


@dataclass(frozen=True)
class Discovery:
    report: DiscoveryReport
    draft: str
    inventory: Inventory


def scan_database(
    url: str,
    *,
    sample: int = DEFAULT_SAMPLE,
    policy: Policy | None = None,
    system: str | None = None,
) -> DiscoveryReport:
    """Classify every column of the database at `url` from a bounded sample of each table.

    With a policy, categories are named as the policy names them (see `fit_category`).
    Raises Unavailable when the database cannot be reached or no table can be read.
    """
    started = time.perf_counter()
    sample = max(1, min(sample, MOST_SAMPLE))
    engine = open_database(url)
    where = make_url(url).render_as_string(hide_password=True)
    with connected(engine, where) as connection:
        tables = read_tables(connection)
        samples = {t.name: sample_table(connection, t, sample) for t in tables}
    refused = [name for name, s in samples.items() if s.error]
    if tables and len(refused) == len(tables):
        raise Unavailable(
            f"the database user may read none of the {len(tables)} tables of {where} "
            f"({samples[refused[0]].error})",
            where=where,
            fix="grant the user SELECT on the tables (discovery reads a sample of rows)",
        )
    references = find_references(tables)
    columns, people = classify_tables(
        tables, {name: s.values for name, s in samples.items()}, references
    )
    if policy is not None:
        for column in columns:
            _fit(column, policy)
    return DiscoveryReport(
        database=where,
        system=system or system_id(url),
        sample_size=sample,
        tables=[_table_report(t, samples[t.name], t.name in people) for t in tables],
        columns=columns,
        references=references,
        seconds=round(time.perf_counter() - started, 3),
    )


def discover(
    url: str,
    *,
    policy: Policy | None,
    current: Inventory | None,
    sample: int = DEFAULT_SAMPLE,
    system: str | None = None,
    when: datetime | None = None,
) -> Discovery:
    """The scan, a draft inventory of the tables with personal data (valid against `policy`),
    and the changes from the `current` inventory's systems on the same database."""
    started = time.perf_counter()
    report = scan_database(url, sample=sample, policy=policy, system=system)
    stamp = (when or datetime.now().astimezone()).strftime("%Y-%m-%d %H:%M %Z").strip()
    draft = render_draft(report, url=_url_for_file(url, report.system), when=stamp)
    inventory = parse_inventory(draft, "the draft inventory", policy)
    if current is not None:
        systems = systems_on(current, url, report.system)
        report.compared_with = [s.id for s in systems]
        report.diff = compare(report, systems)
    report.seconds = round(time.perf_counter() - started, 3)
    return Discovery(report, draft, inventory)


def system_id(url: str) -> str:
    """An inventory id from the database's name: `sqlite:///data/North-Wind.db` -> north_wind."""
    database = make_url(url).database or "database"
    stem = (
        Path(database.removeprefix("file:")).stem
        if "/" in database or "." in database
        else database
    )
    cleaned = re.sub(r"[^a-z0-9]+", "_", stem.lower()).strip("_") or "database"
    return cleaned if cleaned[0].isalpha() else f"db_{cleaned}"


def _url_for_file(url: str, system: str) -> str:
    """The URL as written into the draft: never a password (a variable to set instead)."""
    parsed = make_url(url)
    if parsed.password is None:
        return url
    return "${" + f"{system.upper()}_URL" + "}"


def _fit(column: ColumnReport, policy: Policy) -> None:
    if column.category is None:
        return
    context = [(w, 2) for w in words(column.column)] + [(w, 1) for w in words(column.table)]
    fit = fit_category(column.category, context, policy)
    if fit.category == column.category:
        return
    column.suggested, column.category = column.category, fit.category
    if fit.category is not None:
        column.reasons.append(f"in the policy: {fit.category} ({fit.how} {column.suggested})")


def _table_report(table: TableInfo, sample: Sample, about_people: bool) -> TableReport:
    return TableReport(
        table=table.name,
        columns=len(table.columns),
        rows_sampled=sample.rows,
        row_estimate=table.row_estimate,
        about_people=about_people,
        note=f"not sampled: {sample.error}" if sample.error else None,
    )
