"""Values and row keys in SQL statements: typed like the column, and matched with indexes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from uuid import UUID

from sqlalchemy import ARRAY, Column, ColumnElement, and_, any_, bindparam, or_

from pactum.connectors.base import RowKey, Value


class Mismatch(ValueError):
    """The value cannot be stored in the column (text in an integer column): it matches no row."""


def coerce(column: Column[Any], value: Value) -> Value:
    """`value` as the column's Python type, so "42" finds 42 in an integer column on PostgreSQL."""
    return _typed(python_type(column), value)


def python_type(column: Column[Any]) -> type | None:
    try:
        return column.type.python_type
    except NotImplementedError:
        return None


def _typed(expected: type | None, value: Value) -> Value:
    kind = type(value)
    if value is None or expected is None or kind is expected:
        return value
    if isinstance(value, expected) and not (expected is int and kind is bool):
        return value
    try:
        return _convert(expected, value)
    except (ValueError, TypeError, InvalidOperation) as exc:
        # Never the value itself in the message: it may be personal data.
        raise Mismatch(f"a {kind.__name__} is not a {expected.__name__}") from exc


def _convert(expected: type, value: Value) -> Value:
    text = str(value).strip()
    converters: dict[type, Any] = {
        int: lambda: int(value) if isinstance(value, float | Decimal) else int(text),
        str: lambda: str(value),
        float: lambda: float(text),
        Decimal: lambda: Decimal(text),
        datetime: lambda: datetime.fromisoformat(text),
        date: lambda: date.fromisoformat(text[:10]),
        UUID: lambda: UUID(text),
        bool: lambda: {"true": True, "1": True, "false": False, "0": False}[text.lower()],
    }
    convert = converters.get(expected)
    if convert is None:
        return value
    try:
        return convert()
    except KeyError as exc:
        raise ValueError(text) from exc


def coerce_tuples(columns: Sequence[Column[Any]], tuples: Any) -> list[RowKey]:
    """Typed, distinct tuples; those that cannot be stored in the columns are left out."""
    types = [python_type(c) for c in columns]
    typed: dict[RowKey, None] = {}
    if len(types) == 1:  # the common look-up, by one column: most values are typed already
        expected = types[0]
        for values in tuples:
            [value] = values
            if type(value) is expected or value is None or expected is None:
                typed[(value,)] = None
                continue
            try:
                typed[(_typed(expected, value),)] = None
            except Mismatch:
                continue
        return list(typed)
    for values in tuples:
        try:
            typed[tuple(_typed(t, v) for t, v in zip(types, values, strict=True))] = None
        except Mismatch:
            continue
    return list(typed)


def matching(
    columns: Sequence[Column[Any]], tuples: Sequence[RowKey], *, arrays: bool = False
) -> ColumnElement[bool]:
    """`col IN (...)` for one column. For composite keys, `(a = x AND b IN (...)) OR ...`
    grouped by the leading columns: SQLite answers a row-value `(a, b) IN (...)` list with a
    full table scan, while every dialect serves this form from an index on (a, b).
    NULLs (in keys of tables without a primary key) are matched with IS NULL. With `arrays`
    (PostgreSQL), `col = ANY(:array)`: the same text for any number of values, so the server
    prepares it once."""
    if len(columns) == 1:
        values = [t[0] for t in tuples]
        present = _one_of(columns[0], [v for v in values if v is not None], arrays=arrays)
        return or_(present, columns[0].is_(None)) if None in values else present
    groups: dict[RowKey, list[Value]] = {}
    for row in tuples:
        groups.setdefault(tuple(row[:-1]), []).append(row[-1])
    last = columns[-1]
    conditions = [
        and_(
            *(c.is_(None) if v is None else c == v for c, v in zip(columns, prefix, strict=False)),
            _one_of(last, ends),
        )
        for prefix, ends in groups.items()
    ]
    return or_(*conditions) if len(conditions) != 1 else conditions[0]


def _one_of(
    column: Column[Any], values: list[Value], *, arrays: bool = False
) -> ColumnElement[bool]:
    present = [v for v in values if v is not None]
    # One parameter, not one literal per value: the statement is compiled once and cached,
    # whatever the number of values (a hundred stored forms of one phone number).
    name = f"in_{column.name}"
    if arrays:
        inside = column == any_(bindparam(name, present, type_=ARRAY(column.type), unique=True))
    else:
        inside = column.in_(bindparam(name, present, expanding=True, unique=True))
    if len(present) == len(values):
        return inside
    return or_(inside, column.is_(None)) if present else column.is_(None)
