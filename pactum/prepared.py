"""Statements on a hot path, compiled once by SQLAlchemy and run on the driver's own connection."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, cast

from sqlalchemy import ARRAY, Connection, String
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError

_REQUIRED = object()


class Prepared:
    """A Core statement compiled once per dialect and run on the driver's own connection.

    For the few statements on a hot path (a consent event is four of them, a walk's look-ups
    dozens): SQLAlchemy spends 10-20 µs setting up each execution and its result, several times
    what SQLite takes to run a keyed statement. The SQL and its bind conversions (datetimes to
    SQLite's text, for example) still come from SQLAlchemy's compiler; what is skipped is the
    execution context. `execute` returns the driver's cursor, its rows as the driver gives them
    (read numbers, text and booleans that way, not datetimes); `fetchall` converts each column as
    SQLAlchemy would. Parameters are named `bindparam`s, given at each call unless the statement
    fixes their value (a LIMIT); expanding IN lists are not supported. Nothing run this way shows
    in SQLAlchemy's statement log. The driver's errors are raised as SQLAlchemy's (`DBAPIError`
    and its kinds, without the parameters), as if SQLAlchemy had run the statement.
    """

    def __init__(self, statement: Any) -> None:
        self.statement = statement
        self._compiled: dict[str, tuple[str, Callable[[Mapping[str, Any]], Any]]] = {}
        self._converters: dict[str, list[Callable[[Any], Any] | None]] = {}

    def execute(self, connection: Connection, params: Mapping[str, Any]) -> Any:
        """Run in the connection's transaction; the driver's cursor is returned."""
        found = self._compiled.get(connection.dialect.name)
        if found is None:
            found = self._compiled[connection.dialect.name] = self._compile(connection.dialect)
        sql, convert = found
        try:
            return connection.connection.driver_connection.execute(sql, convert(params))  # type: ignore[union-attr]
        except connection.dialect.loaded_dbapi.Error as exc:
            raise as_sqlalchemy_error(connection, exc) from exc

    def fetchall(self, connection: Connection, params: Mapping[str, Any]) -> list[Sequence[Any]]:
        """The rows of a SELECT, each column converted as SQLAlchemy converts it (SQLite's text
        to datetimes and dates, for example). The converters come from the column types and the
        type codes of the first answer's cursor, as SQLAlchemy's own result does."""
        return self.rows(connection, self.execute(connection, params))

    def rows(self, connection: Connection, cursor: Any) -> list[Sequence[Any]]:
        """`fetchall` in two halves, for statements sent together (PostgreSQL's pipeline):
        `execute` sends, this reads the answer of the cursor it returned."""
        try:
            rows = cursor.fetchall()
        except connection.dialect.loaded_dbapi.Error as exc:
            raise as_sqlalchemy_error(connection, exc) from exc
        dialect = connection.dialect
        converters = self._converters.get(dialect.name)
        if converters is None:
            converters = self._converters[dialect.name] = [
                column.type.dialect_impl(dialect).result_processor(dialect, described[1])
                for column, described in zip(
                    self.statement.selected_columns, cursor.description, strict=True
                )
            ]
        if not any(converters):
            return rows  # type: ignore[no-any-return]
        pairs = list(enumerate(converters))
        return [
            tuple(v if (v := row[i]) is None or c is None else c(v) for i, c in pairs)
            for row in rows
        ]

    def _compile(self, dialect: Dialect) -> tuple[str, Callable[[Mapping[str, Any]], Any]]:
        compiled = self.statement.compile(dialect=dialect)
        sql = compiled.string
        if dialect.driver == "psycopg":
            # Lists of text go in psycopg's binary format: its text format runs two regular
            # expressions per element (a look-up of a phone number's hundred stored forms).
            for name, bind in compiled.binds.items():
                if isinstance(bind.type, ARRAY) and isinstance(bind.type.item_type, String):
                    sql = sql.replace(f"%({name})s", f"%({name})b")
        binds = []
        for name in compiled.positiontup or compiled.binds:
            bind = compiled.binds[name]
            # A value fixed in the statement (a LIMIT) is the default; a bare bindparam is required.
            fixed = _REQUIRED if bind.required else bind.effective_value
            binds.append((name, bind.type.dialect_impl(dialect).bind_processor(dialect), fixed))

        def value(params: Mapping[str, Any], name: str, process: Any, fixed: Any) -> Any:
            given = params.get(name, fixed)
            if given is _REQUIRED:
                raise KeyError(f"{name!r}: a parameter of {compiled.string!r}")
            return given if given is None or process is None else process(given)

        if compiled.positiontup is not None:  # qmark (SQLite): a list in the statement's order
            return sql, lambda params: [value(params, *bind) for bind in binds]
        return sql, lambda params: {bind[0]: value(params, *bind) for bind in binds}


def as_sqlalchemy_error(connection: Connection, exc: Exception) -> Exception:
    """A driver's error as SQLAlchemy raises it for the statements it runs (`DBAPIError` and its
    kinds), so callers translate one kind of error whichever way a statement went. The
    parameters are left out (they hold personal data); a lost connection is not handed out
    again."""
    dialect = connection.dialect
    base: type[Exception] = dialect.loaded_dbapi.Error
    lost = dialect.is_disconnect(cast(Any, exc), connection.connection.dbapi_connection, None)
    if lost:
        connection.invalidate(exc)
    wrapped = DBAPIError.instance(
        None, None, exc, base, hide_parameters=True, connection_invalidated=lost, dialect=dialect
    )
    return wrapped if isinstance(wrapped, Exception) else exc
