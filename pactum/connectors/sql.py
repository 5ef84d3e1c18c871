"""The SQL connector: a company database through SQLAlchemy Core (SQLite, PostgreSQL, MySQL)."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Collection, Sequence
from contextlib import AbstractContextManager
from typing import Any

from sqlalchemy import (
    ARRAY,
    Column,
    MetaData,
    Select,
    String,
    Table,
    any_,
    bindparam,
    func,
    inspect,
    select,
    text,
)

from pactum.connectors.base import Change, DatasetShape, Row, RowKey, chunks, where
from pactum.connectors.sql_engine import SqlDatabase, translated_errors
from pactum.connectors.sql_values import Mismatch, coerce, coerce_tuples, matching
from pactum.errors import Invalid, Problem
from pactum.inventory.document import Dataset, System
from pactum.prepared import Prepared


class SqlConnector:
    """One company database. Tables are reflected once per connector, on first use."""

    def __init__(self, system: System, database: SqlDatabase | str) -> None:
        """`database`: a URL, or a database shared with other systems on it."""
        self._system = system
        if isinstance(database, str):
            database = SqlDatabase(database)
        self._database = database
        self._engine = database.writer
        self._arrays = self._engine.dialect.name == "postgresql"
        self._metadata = MetaData()
        self._tables: dict[str, Table] = {}
        self._checked: list[Problem] | None = None
        self._lookups: dict[tuple[str, str, bool], Select[Any] | Prepared] = {}
        self._keys: dict[str, tuple[str, ...]] = {}
        self._positions: dict[str, tuple[list[int], list[tuple[str, int]]]] = {}
        # JSON functions are built into SQLite from 3.38 (and compiled into most builds before).
        self._json = self.dialect == "sqlite" and sqlite3.sqlite_version_info >= (3, 38, 0)
        self._lock = threading.Lock()

    @property
    def system(self) -> str:
        return self._system.id

    @property
    def dialect(self) -> str:
        return self._engine.dialect.name

    def check(self) -> list[Problem]:
        """Once per connector, like the reflection: a change after that surfaces as an error of
        the statement that meets it."""
        if self._checked is None:
            self._checked = self._compare()
        return list(self._checked)

    def _compare(self) -> list[Problem]:
        with self._errors(self.system), self._engine.connect() as connection:
            existing = set(inspect(connection).get_table_names())
        problems: list[Problem] = []
        for dataset in self._system.datasets:
            if dataset.name not in existing:
                problems.append(_missing(self.system, dataset.name, None))
                continue
            table = self._table(dataset.name)
            problems += [
                _missing(self.system, dataset.name, f.name)
                for f in dataset.fields
                if f.name not in table.c
            ]
        return problems

    def shape(self, dataset: str) -> DatasetShape:
        table = self._table(dataset)
        listed = {f.name for f in self._dataset(dataset).fields}
        columns = [c for c in table.columns if c.name in listed]
        return DatasetShape(
            primary_key=tuple(c.name for c in table.primary_key.columns),
            required=frozenset(c.name for c in columns if not c.nullable),
            widths={
                c.name: c.type.length
                for c in columns
                if isinstance(c.type, String) and c.type.length
            },
        )

    def find(self, dataset: str, fields: Sequence[str], values: Collection[RowKey]) -> list[Row]:
        columns = self._columns(dataset, fields)
        wanted = coerce_tuples(columns, values)
        rows: list[Row] = []
        with self._errors(dataset), self._database.for_reading() as connection:
            for chunk in chunks(wanted):
                single = [v[0] for v in chunk] if len(columns) == 1 else None
                if single is not None and None not in single:
                    query, parameter = self._lookup(dataset, columns[0], single)
                    result: Any = (
                        query.fetchall(connection, {"wanted": parameter})
                        if isinstance(query, Prepared)
                        else connection.execute(query, {"wanted": parameter})
                    )
                else:
                    selected = self._selected(dataset)
                    where_ = matching(columns, chunk, arrays=self._arrays)
                    result = connection.execute(select(*selected).where(where_))
                rows += self._rows(dataset, result)
        return rows

    def batch(self) -> AbstractContextManager[None]:
        """On PostgreSQL, inside `reading()`: the look-ups `find_later` starts in the block are
        sent together, and each waits for no other's answer (docs/decisions/0087)."""
        return self._database.batch(self._errors(self.system))

    def find_later(
        self, dataset: str, fields: Sequence[str], values: Collection[RowKey]
    ) -> Callable[[], list[Row]] | None:
        """Send a look-up by one column within a `batch()`, and return what reads its rows; None
        when this look-up is not sent that way (no batch open, several columns, a null)."""
        connection = self._database.pipelined()
        if connection is None or len(fields) != 1:
            return None
        columns = self._columns(dataset, fields)
        wanted = [v[0] for v in coerce_tuples(columns, values)]
        if None in wanted:
            return None
        sent = []
        with self._errors(dataset):
            for chunk in chunks(wanted):
                query, parameter = self._lookup(dataset, columns[0], list(chunk))
                assert isinstance(query, Prepared)  # the look-ups on PostgreSQL are
                sent.append((query, query.execute(connection, {"wanted": parameter})))

        def rows() -> list[Row]:
            found: list[Row] = []
            with self._errors(dataset):
                for query, cursor in sent:
                    found += self._rows(dataset, query.rows(connection, cursor))
            return found

        return rows

    def _lookup(
        self, dataset: str, column: Column[Any], values: list[Any]
    ) -> tuple[Select[Any] | Prepared, Any]:
        """The look-up by one column, built once, and its one parameter: a walk runs the same few
        dozen statements for every person, and building one costs ten times running it
        (docs/decisions/0036). PostgreSQL gets `= ANY(array)`; SQLite `IN (SELECT value FROM
        json_each(?))`, one parameter holding the list as JSON, served from the same index as an
        `IN (?, ?, ...)` list but without SQLAlchemy expanding one placeholder per value (a third
        of a look-up's cost with a hundred stored forms of a phone number). Values JSON cannot
        carry as they are (dates, decimals) take the expanding form."""
        as_json = self._json and {type(v) for v in values} <= _JSON_NATIVE
        key = (dataset, column.name, as_json)
        found = self._lookups.get(key)
        if found is None:
            if self._arrays:
                inside = column == any_(bindparam("wanted", type_=ARRAY(column.type)))
            elif as_json:
                listed = func.json_each(bindparam("wanted", type_=String())).table_valued("value")
                inside = column.in_(select(listed.c.value))
            else:
                inside = column.in_(bindparam("wanted", expanding=True))
            found = select(*self._selected(dataset)).where(inside)
            if as_json or self._arrays:  # on the driver: SQLAlchemy's execution cost more
                found = Prepared(found)
            self._lookups[key] = found
        return found, json.dumps(values) if as_json else values

    def fetch(self, dataset: str, keys: Collection[RowKey]) -> list[Row]:
        return self.find(dataset, self.key_fields(dataset), keys)

    def delete(self, dataset: str, keys: Collection[RowKey]) -> int:
        table = self._table(dataset)
        columns = self._columns(dataset, self.key_fields(dataset))
        typed = coerce_tuples(columns, keys)
        count = 0
        with self._errors(dataset), self._database.for_writing() as connection:
            for chunk in chunks(typed):
                count += connection.execute(table.delete().where(matching(columns, chunk))).rowcount
        return count

    def update(self, dataset: str, changes: Sequence[Change]) -> int:
        table = self._table(dataset)
        key_columns = self._columns(dataset, self.key_fields(dataset))
        count = 0
        typed_groups = [
            (columns, self._typed(dataset, key_columns, columns, group))
            for fields, group in _by_fields(changes).items()
            for columns in [self._columns(dataset, fields)]
        ]
        with self._errors(dataset), self._database.for_writing() as connection:
            for columns, typed in typed_groups:
                count += _apply(connection, table, key_columns, columns, typed)
        return count

    def _typed(
        self,
        dataset: str,
        key_columns: list[Column[Any]],
        columns: list[Column[Any]],
        changes: list[Change],
    ) -> list[tuple[RowKey, list[Any]]]:
        typed: list[tuple[RowKey, list[Any]]] = []
        for change in changes:
            try:
                values = [coerce(column, change.values[column.name]) for column in columns]
            except Mismatch as exc:
                place = where(self.system, dataset, ", ".join(c.name for c in columns))
                raise Invalid(
                    f"{place}: the new value does not fit the column ({exc})",
                    where=place,
                    fix="use an erasure the column can hold (null for numbers and dates)",
                ) from exc
            typed += [(key, values) for key in coerce_tuples(key_columns, [change.key])]
        return typed

    def close(self) -> None:
        self._database.close()

    def key_fields(self, dataset: str) -> tuple[str, ...]:
        """The primary key, or else the columns the inventory finds the row by (identities and
        references), or else every column the inventory lists."""
        found = self._keys.get(dataset)
        if found is None:
            found = self._keys[dataset] = self._key_fields(dataset)
        return found

    def _key_fields(self, dataset: str) -> tuple[str, ...]:
        primary = tuple(c.name for c in self._table(dataset).primary_key.columns)
        if primary:
            return primary
        described = self._dataset(dataset)
        linked = {n for r in described.references for n in r.fields}
        lookups = [f.name for f in described.fields if f.identity or f.name in linked]
        return tuple(lookups or [f.name for f in described.fields])

    def query_plan(
        self, dataset: str, fields: Sequence[str], values: Sequence[RowKey]
    ) -> list[str]:
        """The database's plan for a `find` (EXPLAIN), to show that look-ups use indexes."""
        columns = self._columns(dataset, fields)
        typed = coerce_tuples(columns, values)
        query = select(*self._selected(dataset)).where(matching(columns, typed))
        if self._json and len(columns) == 1 and all(v[0] is not None for v in typed):
            lookup, parameter = self._lookup(dataset, columns[0], [v[0] for v in typed])
            built = lookup.statement if isinstance(lookup, Prepared) else lookup
            query = built.params(wanted=parameter)  # the statement `find` runs
        sql = query.compile(self._engine, compile_kwargs={"literal_binds": True})
        prefix = "EXPLAIN QUERY PLAN " if self.dialect == "sqlite" else "EXPLAIN "
        with self._errors(dataset), self._engine.connect() as connection:
            result = connection.execute(text(prefix + str(sql)))
            return [" ".join(str(v) for v in row) for row in result]

    def reading(self) -> AbstractContextManager[None]:
        """Look-ups of this thread share one connection until the block ends, with the other
        systems on this database."""
        return self._database.reading(self._errors(self.system))

    def writing(self) -> AbstractContextManager[None]:
        """Writes (and look-ups) of this thread share one transaction until the block ends: a
        deletion's steps on one system commit once (docs/decisions/0085)."""
        return self._database.writing(self._errors(self.system))

    def _dataset(self, name: str) -> Dataset:
        described = self._system.dataset(name)
        if described is None:
            raise Invalid(
                f"{where(self.system, name)} is not in the inventory",
                where=where(self.system, name),
                fix="describe the dataset in the inventory first",
            )
        return described

    def _table(self, dataset: str) -> Table:
        with self._lock:
            table = self._tables.get(dataset)
            if table is None:
                self._dataset(dataset)
                with self._errors(dataset), self._engine.connect() as connection:
                    if not inspect(connection).has_table(dataset):
                        raise _missing_error(self.system, dataset, None)
                    table = Table(dataset, self._metadata, autoload_with=connection)
                self._tables[dataset] = table
            return table

    def _columns(self, dataset: str, fields: Sequence[str]) -> list[Column[Any]]:
        table = self._table(dataset)
        for name in fields:
            if name not in table.c:
                raise _missing_error(self.system, dataset, name)
        return [table.c[name] for name in fields]

    def _selected(self, dataset: str) -> list[Column[Any]]:
        names = dict.fromkeys(
            [*self.key_fields(dataset), *(f.name for f in self._dataset(dataset).fields)]
        )
        return self._columns(dataset, list(names))

    def _rows(self, dataset: str, result: Any) -> list[Row]:
        """Rows of a statement that selected `_selected(dataset)`, read by position."""
        positions = self._positions.get(dataset)
        if positions is None:
            names = [c.name for c in self._selected(dataset)]
            key = [names.index(k) for k in self.key_fields(dataset)]
            listed = [(f.name, names.index(f.name)) for f in self._dataset(dataset).fields]
            positions = self._positions[dataset] = (key, listed)
        key, listed = positions
        return [
            Row(dataset, tuple(r[i] for i in key), {n: r[i] for n, i in listed}) for r in result
        ]

    def _errors(self, dataset: str) -> AbstractContextManager[None]:
        place = where(self.system, dataset) if dataset != self.system else self.system
        return translated_errors(self.system, place)


_JSON_NATIVE = {str, int, float}


def _by_fields(changes: Sequence[Change]) -> dict[tuple[str, ...], list[Change]]:
    groups: dict[tuple[str, ...], list[Change]] = {}
    for change in changes:
        groups.setdefault(tuple(sorted(change.values)), []).append(change)
    return groups


def _apply(
    connection: Any,
    table: Table,
    key_columns: list[Column[Any]],
    columns: list[Column[Any]],
    typed: list[tuple[RowKey, list[Any]]],
) -> int:
    """One UPDATE for rows that get the same values (null, mask), else one executemany (hash)."""
    names = [c.name for c in columns]
    if len({repr(values) for _, values in typed}) == 1:
        values = dict(zip(names, typed[0][1], strict=True))
        keys = [key for key, _ in typed]
        return sum(
            connection.execute(
                table.update().where(matching(key_columns, chunk)).values(values)
            ).rowcount
            for chunk in chunks(keys)
        )
    one_by_one = [(key, values) for key, values in typed if None in key]
    count = sum(
        connection.execute(
            table.update()
            .where(matching(key_columns, [key]))
            .values(dict(zip(names, values, strict=True)))
        ).rowcount
        for key, values in one_by_one
    )
    statement = table.update().where(*(c == bindparam(f"k_{i}") for i, c in enumerate(key_columns)))
    statement = statement.values({name: bindparam(f"v_{i}") for i, name in enumerate(names)})
    parameters = [
        {**{f"k_{i}": v for i, v in enumerate(key)}, **{f"v_{i}": v for i, v in enumerate(values)}}
        for key, values in typed
        if None not in key
    ]
    if parameters:
        count += connection.execute(statement, parameters).rowcount
    return int(count)


def _missing(system: str, dataset: str, field: str | None) -> Problem:
    error = _missing_error(system, dataset, field)
    return Problem(error.what, error.where, error.fix)


def _missing_error(system: str, dataset: str, field: str | None) -> Invalid:
    place = where(system, dataset, field)
    thing = f"column {field!r} of table {dataset!r}" if field else f"table {dataset!r}"
    return Invalid(
        f"{place}: the {thing} does not exist (dropped or renamed since the inventory was written)",
        where=place,
        fix="run `pactum inventory check`, then correct the inventory or the database",
    )
