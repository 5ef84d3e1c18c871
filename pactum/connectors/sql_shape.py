"""What a SQL database looks like: tables, columns, indexes and foreign keys, read by inspection."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError, SQLAlchemyError

from pactum.errors import Invalid, Unavailable


@dataclass(frozen=True)
class TableShape:
    columns: frozenset[str]
    indexed_prefixes: frozenset[tuple[str, ...]] = field(default_factory=frozenset)

    def has_index_on(self, columns: tuple[str, ...]) -> bool:
        """True when an index (or the primary key) starts with exactly these columns."""
        return any(prefix[: len(columns)] == columns for prefix in self.indexed_prefixes) or any(
            set(prefix[: len(columns)]) == set(columns) for prefix in self.indexed_prefixes
        )


def describe_database(url: str, *, schema: str | None = None) -> dict[str, TableShape]:
    """Inspect a database; raise Unavailable when it cannot be reached."""
    _refuse_missing_sqlite_file(url)
    try:
        engine = create_engine(url)
    except (ArgumentError, NoSuchModuleError) as exc:
        raise Invalid(
            f"{url!r} is not a usable database URL: {exc}", fix="correct the url"
        ) from exc
    safe_url = engine.url.render_as_string(hide_password=True)
    try:
        with engine.connect() as connection:
            inspector = inspect(connection)
            shapes: dict[str, TableShape] = {}
            for table in inspector.get_table_names(schema=schema):
                columns = frozenset(c["name"] for c in inspector.get_columns(table, schema=schema))
                prefixes = {
                    tuple(i["column_names"]) for i in inspector.get_indexes(table, schema=schema)
                }
                for unique in inspector.get_unique_constraints(table, schema=schema):
                    prefixes.add(tuple(unique["column_names"]))
                primary = inspector.get_pk_constraint(table, schema=schema).get(
                    "constrained_columns"
                )
                if primary:
                    prefixes.add(tuple(primary))
                shapes[table] = TableShape(columns, frozenset(_named(prefixes)))
            return shapes
    except OperationalError as exc:
        raise Unavailable(
            f"cannot reach the database {safe_url}", fix="start it, or correct the system's url"
        ) from exc
    except SQLAlchemyError as exc:
        raise Unavailable(f"cannot inspect {safe_url}: {exc.__class__.__name__}") from exc
    finally:
        engine.dispose()


def _refuse_missing_sqlite_file(url: str) -> None:
    # SQLite would silently create an empty file; a missing database is a wrong URL.
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise Invalid(f"{url!r} is not a database URL", fix="correct the system's url") from exc
    database = parsed.database
    is_file = parsed.get_backend_name() == "sqlite" and database and database != ":memory:"
    if is_file and database and not Path(database).exists():
        raise Unavailable(f"no SQLite database at {database}", fix="correct the system's url")


def _named(prefixes: set[tuple[str | None, ...]]) -> list[tuple[str, ...]]:
    """Expression indexes have unnamed columns; they cannot serve a column look-up."""
    return [tuple(str(c) for c in p) for p in prefixes if p and all(p)]
