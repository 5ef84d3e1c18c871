"""The draft inventory: tables with personal data as datasets, each field's confidence a comment."""

from __future__ import annotations

import json
import re

from pactum.discovery.schemas import ColumnReport, DiscoveryReport, ReferenceReport

NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,119}$")  # what the inventory format accepts
CREATED = ("created_at", "created", "created_on", "inserted_at", "creation_date", "erstellt_am")
NOT_A_START = ("updated", "modified", "deleted", "closed", "ended", "ends", "due", "paid", "last")
_TIME_TYPES = ("DATE", "TIME")


def render_draft(report: DiscoveryReport, *, url: str, when: str) -> str:
    """YAML that `parse_inventory` accepts; comments carry the confidences and reasons (never a
    sampled value). Tables and columns whose names the format cannot hold are left out, noted."""
    by_table: dict[str, list[ColumnReport]] = {}
    for column in report.columns:
        by_table.setdefault(column.table, []).append(column)
    chosen = [
        t.table
        for t in report.tables
        if NAME.match(t.table)
        and any(c.personal and NAME.match(c.column) for c in by_table[t.table])
    ]
    references = [
        r
        for r in report.references
        if r.table in chosen and r.to in chosen and all(map(NAME.match, r.fields + r.to_fields))
    ]
    lines = [
        f"# Draft inventory written by `pactum inventory discover` on {when}",
        f"# from {report.database}, sampling at most {report.sample_size} rows per table.",
        "# Review every field before importing it: the number after each field is discovery's",
        "# confidence (0-1), then why. Erasure, subjects and purposes are yours to fill in.",
        "pactum_inventory: 1",
        "systems:",
        f"  - id: {report.system}",
        f"    name: {json.dumps(report.system + ' (discovered)')}",
        "    kind: sql",
        f"    url: {json.dumps(url)}",
        "    datasets:" if chosen else "    datasets: []",
    ]
    for table in chosen:
        lines += _dataset(table, by_table[table], references)
    skipped = [t.table for t in report.tables if not NAME.match(t.table)]
    if skipped:
        lines.append(f"# Not in the draft (names the format cannot hold): {', '.join(skipped)}")
    return "\n".join(lines) + "\n"


def _dataset(
    table: str, columns: list[ColumnReport], references: list[ReferenceReport]
) -> list[str]:
    mine = [r for r in references if r.table == table]
    needed = {f for r in mine for f in r.fields}
    needed |= {f for r in references if r.to == table for f in r.to_fields}
    lines = [f"      - name: {table}"]
    timestamp = _timestamp(columns)
    if timestamp:
        lines.append(f"        timestamp: {timestamp}")
    lines.append("        fields:")
    for column in columns:
        if NAME.match(column.column) and (column.personal or column.column in needed):
            lines.append(_field(column))
    if mine:
        lines.append("        references:")
        for r in mine:
            lines.append(
                f"          - {{fields: [{', '.join(r.fields)}], to: {r.to}, "
                f"to_fields: [{', '.join(r.to_fields)}]}}  # {r.reason}"
            )
    return lines


def _field(column: ColumnReport) -> str:
    if not column.personal:
        return f"          - {{name: {column.column}}}"
    parts = [f"name: {column.column}"]
    if column.category:
        parts.append(f"category: {column.category}")
    if column.identity:
        parts.append(f"identity: {column.identity}")
    comment = f"{column.confidence:.2f} {column.why}".replace("\n", " ")
    if column.suggested and not column.category:
        comment += f"; discovery says {column.suggested}: the policy has no such category"
    if column.special:
        comment += f"; SPECIAL CATEGORY DATA: {', '.join(column.special)}"
    return f"          - {{{', '.join(parts)}}}  # {comment}"


def _timestamp(columns: list[ColumnReport]) -> str | None:
    """The column that starts retention clocks: created_at, else the first other date column."""
    names = {c.column: c for c in columns if NAME.match(c.column)}
    for name in CREATED:
        if name in names:
            return name
    for column in names.values():
        is_time = any(t in column.sql_type.upper() for t in _TIME_TYPES)
        if is_time and not column.column.lower().startswith(NOT_A_START):
            return column.column
    return None
