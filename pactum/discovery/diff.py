"""What discovery found against the current inventory: new and vanished columns, changed categories."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from pactum.discovery.schemas import Change, DiffEntry, DiscoveryReport
from pactum.errors import PactumError
from pactum.inventory.document import DataField, Inventory, System, SystemKind
from pactum.inventory.loading import expand_url


def systems_on(inventory: Inventory, url: str, system_id: str | None = None) -> list[System]:
    """The inventory's SQL systems on the database at `url` (or named `system_id`)."""
    found = []
    for system in inventory.systems:
        if system.kind is not SystemKind.SQL or not system.url:
            continue
        try:
            same = _same_database(expand_url(system.url), url)
        except PactumError:
            same = False  # a ${VARIABLE} that is not set here names some other database
        if same or system.id == system_id:
            found.append(system)
    return found


def compare(report: DiscoveryReport, systems: list[System]) -> list[DiffEntry]:
    """Each change from the inventory's datasets on this database to what discovery found."""
    known: dict[str, dict[str, DataField]] = {}
    for system in systems:
        for dataset in system.datasets:
            known.setdefault(dataset.name, {}).update({f.name: f for f in dataset.fields})
    present: dict[str, set[str]] = {}
    for column in report.columns:
        present.setdefault(column.table, set()).add(column.column)
    return [*_vanished(known, present), *_found(report, known)]


def _vanished(
    known: dict[str, dict[str, DataField]], present: dict[str, set[str]]
) -> list[DiffEntry]:
    changes = []
    for table, fields in known.items():
        if table not in present:
            changes.append(DiffEntry(change=Change.MISSING_TABLE, table=table))
            continue
        changes += [
            DiffEntry(change=Change.MISSING_COLUMN, table=table, column=name)
            for name in fields
            if name not in present[table]
        ]
    return changes


def _found(report: DiscoveryReport, known: dict[str, dict[str, DataField]]) -> list[DiffEntry]:
    changes: list[DiffEntry] = []
    new_tables = {c.table for c in report.columns if c.personal and c.table not in known}
    changes += [DiffEntry(change=Change.ADDED_TABLE, table=t) for t in sorted(new_tables)]
    for column in report.columns:
        if column.table not in known:
            continue
        field = known[column.table].get(column.column)
        category = (column.category or column.suggested) if column.personal else None
        identity = column.identity if column.personal else None
        where = (column.table, column.column)
        if field is None:
            if column.personal:
                changes.append(_entry(Change.ADDED_COLUMN, *where, None, category))
            continue
        if field.category != category:
            changes.append(_entry(Change.CATEGORY_CHANGED, *where, field.category, category))
        if field.identity != identity:
            changes.append(_entry(Change.IDENTITY_CHANGED, *where, field.identity, identity))
    return changes


def _entry(
    change: Change, table: str, column: str, before: str | None, after: str | None
) -> DiffEntry:
    return DiffEntry(change=change, table=table, column=column, before=before, after=after)


def _same_database(first: str, second: str) -> bool:
    try:
        a, b = make_url(first), make_url(second)
    except ArgumentError:
        return False
    if a.get_backend_name() != b.get_backend_name():
        return False
    if a.get_backend_name() == "sqlite":
        return _sqlite_path(a) == _sqlite_path(b)
    return (a.host, a.port, a.database) == (b.host, b.port, b.database)


def _sqlite_path(url: URL) -> Path | None:
    database = (url.database or "").removeprefix("file:")
    return Path(database).resolve() if database and database != ":memory:" else None
