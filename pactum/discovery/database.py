"""Reading a company database for discovery: its tables and keys, and a bounded sample of rows."""

from __future__ import annotations

import random
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    create_engine,
    func,
    inspect,
    literal_column,
    select,
    tablesample,
    text,
)
from sqlalchemy import column as sql_column
from sqlalchemy import table as sql_table
from sqlalchemy import types as sqltypes
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.pool import NullPool

from pactum.errors import Invalid, Unavailable

CONNECT_SECONDS = 5  # a database that does not answer in this time is reported, not waited for
STATEMENT_MS = 20_000  # no sampling statement may run longer (PostgreSQL enforces it)
LONGEST_VALUE = 2_000  # characters of a text value read; enough to classify a ticket body
WINDOWS = 4  # SQLite samples this many runs of rows at random places in the table


_ESTIMATES = text(
    "SELECT c.relname, c.reltuples FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
    " WHERE c.relkind IN ('r', 'p') AND n.nspname = :schema"
)


class Kind(StrEnum):
    TEXT = "text"
    NUMBER = "number"
    DATE = "date"
    DATETIME = "datetime"
    BOOLEAN = "boolean"
    BINARY = "binary"
    OTHER = "other"


@dataclass(frozen=True)
class ColumnInfo:
    name: str
    kind: Kind
    sql_type: str


@dataclass(frozen=True)
class ForeignKey:
    columns: tuple[str, ...]
    table: str
    to_columns: tuple[str, ...]


@dataclass(frozen=True)
class TableInfo:
    name: str
    columns: tuple[ColumnInfo, ...]
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()
    row_estimate: int | None = None

    def column(self, name: str) -> ColumnInfo | None:
        return next((c for c in self.columns if c.name == name), None)


@dataclass
class Sample:
    """Up to `size` rows of one table, by column; `error` says why a table could not be read."""

    values: dict[str, list[Any]] = field(default_factory=dict)
    rows: int = 0
    error: str | None = None


def open_database(url: str) -> Engine:
    """An engine that reads only, gives up on connecting after CONNECT_SECONDS, pools nothing."""
    try:
        parsed = make_url(url)
        backend = parsed.get_backend_name()
    except ArgumentError as exc:
        raise Invalid(
            "not a database URL", fix="pass a SQLAlchemy URL such as sqlite:///x.db"
        ) from exc
    arguments: dict[str, Any] = {"poolclass": NullPool}
    if backend == "sqlite":
        parsed = _read_only_sqlite(parsed)
        arguments["connect_args"] = {"timeout": CONNECT_SECONDS}
    elif backend == "postgresql":
        options = f"-c statement_timeout={STATEMENT_MS} -c default_transaction_read_only=on"
        arguments["connect_args"] = {"connect_timeout": CONNECT_SECONDS, "options": options}
        arguments["isolation_level"] = "AUTOCOMMIT"  # a refused table must not abort the rest
    try:
        return create_engine(parsed, **arguments)
    except (ArgumentError, NoSuchModuleError) as exc:
        raise Invalid(
            "not a usable database URL (unknown dialect or driver)", fix="correct the URL"
        ) from exc


def _read_only_sqlite(parsed: URL) -> URL:
    database = parsed.database or ""
    if database in ("", ":memory:"):
        raise Invalid("an in-memory SQLite database has nothing to discover", fix="name a file")
    path = Path(database.removeprefix("file:"))
    if not path.is_file():
        raise Unavailable(f"no SQLite database at {path}", fix="correct the path in the URL")
    # mode=ro: discovery never writes to, or creates, the company's database.
    return parsed.set(database=f"file:{path}", query={**parsed.query, "mode": "ro", "uri": "true"})


@contextmanager
def connected(engine: Engine, where: str) -> Iterator[Connection]:
    """A connection, with a failure to connect or to read the catalogue as Unavailable at
    `where` (the URL as the user wrote it, password hidden)."""
    try:
        with engine.connect() as connection:
            yield connection
    except DBAPIError as exc:
        raise Unavailable(
            f"cannot read the database: {first_line(exc)}",
            where=where,
            fix="check that it runs, that the URL is right and that the user may connect and read",
        ) from exc
    except SQLAlchemyError as exc:
        raise Unavailable(
            f"cannot read the database: {exc.__class__.__name__}", where=where
        ) from exc
    finally:
        engine.dispose()


def first_line(exc: DBAPIError) -> str:
    """The driver's message, first line: it names the problem, never a statement's values."""
    text = str(exc.orig).strip() if exc.orig else exc.__class__.__name__
    return text.splitlines()[0][:200] if text else exc.__class__.__name__


def read_tables(connection: Connection, schema: str | None = None) -> list[TableInfo]:
    """Every table with its columns, primary key and declared foreign keys."""
    inspector = inspect(connection)
    estimates = _row_estimates(connection, schema)
    tables = []
    for name in sorted(inspector.get_table_names(schema=schema)):
        columns = tuple(
            ColumnInfo(c["name"], kind_of(c["type"]), str(c["type"]))
            for c in inspector.get_columns(name, schema=schema)
        )
        primary = inspector.get_pk_constraint(name, schema=schema).get("constrained_columns")
        keys = tuple(
            ForeignKey(
                tuple(k["constrained_columns"]), k["referred_table"], tuple(k["referred_columns"])
            )
            for k in inspector.get_foreign_keys(name, schema=schema)
            if k["referred_columns"]
        )
        tables.append(TableInfo(name, columns, tuple(primary or ()), keys, estimates.get(name)))
    return tables


def kind_of(sql_type: Any) -> Kind:
    checks: tuple[tuple[type[Any], Kind], ...] = (
        (sqltypes.Boolean, Kind.BOOLEAN),
        (sqltypes.DateTime, Kind.DATETIME),
        (sqltypes.Date, Kind.DATE),
        (sqltypes.Integer, Kind.NUMBER),
        (sqltypes.Numeric, Kind.NUMBER),
        (sqltypes._Binary, Kind.BINARY),  # the base of every binary type
        (sqltypes.String, Kind.TEXT),
    )
    for base, kind in checks:
        if isinstance(sql_type, base):
            return kind
    # Untyped SQLite columns, JSON, UUID and vendor types: read as text.
    return Kind.OTHER


def _row_estimates(connection: Connection, schema: str | None) -> dict[str, int]:
    if connection.dialect.name != "postgresql":
        return {}
    # The planner's estimate: free to read, close enough to size a TABLESAMPLE.
    rows = connection.execute(_ESTIMATES, {"schema": schema or "public"})
    return {name: int(count) for name, count in rows if count is not None and count >= 0}


def sample_table(
    connection: Connection, table: TableInfo, size: int, schema: str | None = None
) -> Sample:
    """At most `size` rows, read with statements that each carry a LIMIT (never a full scan)."""
    readable = [c for c in table.columns if c.kind is not Kind.BINARY]
    if not readable or size < 1:
        return Sample()
    source = sql_table(table.name, *(sql_column(c.name) for c in table.columns), schema=schema)
    try:
        if connection.dialect.name == "sqlite":
            rows = _sqlite_rows(connection, source, readable, table.name, size)
        elif connection.dialect.name == "postgresql":
            rows = _postgresql_rows(connection, source, readable, table, size)
        else:
            statement = select(*_chosen(source, readable)).limit(size)
            rows = list(connection.execute(statement))
    except DBAPIError as exc:
        return Sample(error=first_line(exc))
    values = {c.name: [row[i] for row in rows] for i, c in enumerate(readable)}
    return Sample(values, len(rows))


def _chosen(source: Any, readable: Sequence[ColumnInfo]) -> list[Any]:
    """The columns to read; long text is cut in the database, so a huge value never travels."""
    return [
        func.substr(source.c[c.name], 1, LONGEST_VALUE).label(c.name)
        if c.kind is Kind.TEXT
        else source.c[c.name]
        for c in readable
    ]


def _sqlite_rows(
    connection: Connection, source: Any, readable: Sequence[ColumnInfo], name: str, size: int
) -> list[Any]:
    """A few runs of rows from random rowids: each is an index seek plus LIMIT rows."""
    rowid: Any = literal_column("rowid")
    chosen = _chosen(source, readable)
    try:
        # Two statements, not min() and max() in one: SQLite answers each from the b-tree's
        # ends, but the pair in one statement scans the table.
        low = connection.scalar(select(rowid).select_from(source).order_by(rowid).limit(1))
        high = connection.scalar(select(rowid).select_from(source).order_by(rowid.desc()).limit(1))
    except DBAPIError:
        low = high = None  # a WITHOUT ROWID table: the first rows will do
    if low is None or high is None or high - low < size:
        return list(connection.execute(select(*chosen).limit(size)))
    # Seeded by the table's name, so the same database gives the same sample every time.
    chance = random.Random(zlib.crc32(name.encode()))  # noqa: S311  # sampling, not secrets
    per_window = -(-size // WINDOWS)
    rows: list[Any] = []
    for start in sorted(chance.randint(low, high - per_window) for _ in range(WINDOWS)):
        statement = select(*chosen).where(rowid >= start).order_by(rowid).limit(per_window)
        rows += connection.execute(statement).all()
    return rows[:size]


def _postgresql_rows(
    connection: Connection,
    source: Any,
    readable: Sequence[ColumnInfo],
    table: TableInfo,
    size: int,
) -> list[Any]:
    """TABLESAMPLE SYSTEM reads whole random pages: about 10 x size rows, then LIMIT."""
    estimate = table.row_estimate or 0
    if estimate > 10 * size:
        percent = max(0.01, min(100.0, 100.0 * 10 * size / estimate))
        sampled = tablesample(source, func.system(percent), seed=literal_column("7"))
        rows = list(connection.execute(select(*_chosen(sampled, readable)).limit(size)))
        if len(rows) >= size // 2:
            return rows
    return list(connection.execute(select(*_chosen(source, readable)).limit(size)))
