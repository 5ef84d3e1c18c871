"""How tables refer to each other: declared foreign keys, and keys that only naming declares."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from pactum.discovery.database import Kind, TableInfo
from pactum.discovery.names import singular, words
from pactum.discovery.schemas import ReferenceReport

# A primary key with one of these names says nothing about what refers to it.
GENERIC_KEYS = frozenset({"id", "uuid", "guid", "pk", "key", "code", "rowid", "oid"})
KEY_SUFFIXES = frozenset({"id", "no", "nr", "number", "num", "key", "ref", "fk"})


def find_references(tables: list[TableInfo]) -> list[ReferenceReport]:
    """Declared foreign keys, then references named after their target: a column named like
    another table's primary key (`customer_no`), all columns of a composite key (`client`,
    `customer_no`), or `<table>_id` for a table whose key is `id` (`contact_id` -> contacts)."""
    found: list[ReferenceReport] = []
    for table in tables:
        declared = [
            ReferenceReport(
                table=table.name,
                fields=list(key.columns),
                to=key.table,
                to_fields=list(key.to_columns),
                declared=True,
                reason="declared foreign key",
            )
            for key in table.foreign_keys
        ]
        found += declared
        taken = {column for reference in declared for column in reference.fields}
        found += _named(table, tables, taken)
    return found


def _named(table: TableInfo, tables: list[TableInfo], taken: set[str]) -> Iterator[ReferenceReport]:
    columns = {c.name for c in table.columns}
    for target in tables:
        key = target.primary_key
        if target is table or len(key) < 2 or not set(key) <= columns or set(key) & taken:
            continue
        taken.update(key)
        yield _inferred(table, list(key), target, list(key), "naming: the columns of its key")
    by_key_name = _tables_by_key_name(tables)
    for column in table.columns:
        if column.name in taken or table.primary_key == (column.name,):
            continue
        candidates = [t for t in by_key_name.get(column.name, []) if t is not table]
        reason = f"naming: {column.name} is the key of"
        if not candidates:
            candidates = _tables_named_like(column.name, tables)
            reason = f"naming: {column.name} names"
        closest = _closest(table, candidates)
        if closest is None or not _compatible(table, column.name, closest):
            continue
        taken.add(column.name)
        yield _inferred(table, [column.name], closest, list(closest.primary_key), reason)


def _inferred(
    table: TableInfo, fields: list[str], target: TableInfo, to_fields: list[str], reason: str
) -> ReferenceReport:
    return ReferenceReport(
        table=table.name,
        fields=fields,
        to=target.name,
        to_fields=to_fields,
        declared=False,
        reason=f"{reason} {target.name}",
    )


def _tables_by_key_name(tables: list[TableInfo]) -> dict[str, list[TableInfo]]:
    keyed: dict[str, list[TableInfo]] = defaultdict(list)
    for table in tables:
        if len(table.primary_key) == 1 and table.primary_key[0].lower() not in GENERIC_KEYS:
            keyed[table.primary_key[0]].append(table)
    return keyed


def _tables_named_like(column: str, tables: list[TableInfo]) -> list[TableInfo]:
    """`converted_contact_id` -> the tables whose name ends in contact(s) and whose key is one
    generic column (`id`)."""
    tokens = words(column)
    if len(tokens) < 2 or tokens[-1] not in KEY_SUFFIXES:
        return []
    stem = singular(tokens[-2])
    return [
        t
        for t in tables
        if len(t.primary_key) == 1
        and t.primary_key[0].lower() in GENERIC_KEYS
        and words(t.name)
        and singular(words(t.name)[-1]) == stem
    ]


def _closest(table: TableInfo, candidates: list[TableInfo]) -> TableInfo | None:
    """One candidate, or the one sharing the table's prefix (erp_orders -> erp_contacts)."""
    if len(candidates) == 1:
        return candidates[0]
    prefix = words(table.name)[0] if words(table.name) else ""
    same = [c for c in candidates if words(c.name) and words(c.name)[0] == prefix]
    return same[0] if len(same) == 1 else None


def _compatible(table: TableInfo, column: str, target: TableInfo) -> bool:
    mine, theirs = table.column(column), target.column(target.primary_key[0])
    if mine is None or theirs is None:
        return False
    typed = {Kind.TEXT, Kind.NUMBER}
    return not (mine.kind in typed and theirs.kind in typed and mine.kind is not theirs.kind)
