"""Building the demo company's database: rows streamed in batches, indexes created after the load."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Connection, Date, DateTime, Table, create_engine, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DatabaseError
from sqlalchemy.schema import CreateTable

from pactum.demo.community import community_rows
from pactum.demo.erp import erp_rows
from pactum.demo.hr import hr_rows
from pactum.demo.marketing import crm_rows, newsletter_rows
from pactum.demo.people import LookAlike, Population
from pactum.demo.plan import Plan, Row
from pactum.demo.pools import build_pools
from pactum.demo.schema import metadata
from pactum.demo.support import support_rows
from pactum.demo.website import website_rows
from pactum.errors import Conflict, Invalid

Progress = Callable[[str, int, int], None]

BATCH_ROWS = 8_000  # rows held in memory at once, across all tables
_CHOOSE_ANOTHER = "choose another file for the demo database; it is replaced on every build"
_BUILD_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=OFF",  # a half-built demo is rebuilt, not recovered
    "PRAGMA cache_size=-65536",  # 64 MiB, for building the indexes at the end
)


@dataclass(frozen=True)
class DemoStats:
    """What a build made; `look_alikes` are the planted same-name colleagues, so that tests can
    check that deleting one of them leaves the other untouched."""

    url: str
    scale: int
    seed: int
    row_counts: dict[str, int]
    elapsed_seconds: float
    look_alikes: tuple[LookAlike, ...]

    @property
    def total_rows(self) -> int:
        return sum(self.row_counts.values())

    @property
    def look_alike_emails(self) -> list[str]:
        return [email for pair in self.look_alikes for email in pair.emails]


def build_demo_database(
    url: str, *, scale: int = 10_000, seed: int = 7, progress: Progress | None = None
) -> DemoStats:
    """Generate Northwind Ledger's data in the SQLite file at `url`, the same rows for the same
    (seed, scale).

    `scale` is the number of people at customers (ERP contacts); every other table follows it.
    The file is replaced if it exists: deleted and written anew. A file that holds tables other
    than the demo's is refused. `progress(table, done, total)` is called after every batch;
    `total` is the planned count (exact for most tables, an estimate for those whose counts are
    drawn, such as orders per customer), and the last call for each table has done == total.
    """
    if scale < 1:
        raise Invalid(f"scale must be at least 1, not {scale}", fix="pass --scale 1000 or more")
    path = _demo_file(url)
    started = time.perf_counter()
    plan = Plan(scale=scale, seed=seed)
    population = Population(build_pools(seed), plan)
    _clear(url, path)
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            for pragma in _BUILD_PRAGMAS:
                connection.exec_driver_sql(pragma)
            for table in metadata.sorted_tables:
                connection.execute(CreateTable(table))
            connection.commit()
            counts = _load(connection, _rows(population), plan.expected_rows(), progress)
            # Built after the load: one sort per index instead of a B-tree update per row.
            for table in metadata.sorted_tables:
                for index in sorted(table.indexes, key=lambda i: str(i.name)):
                    index.create(connection)
            connection.commit()
            connection.exec_driver_sql("PRAGMA optimize")
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        engine.dispose()
    return DemoStats(
        url=url,
        scale=scale,
        seed=seed,
        row_counts=counts,
        elapsed_seconds=time.perf_counter() - started,
        look_alikes=population.look_alikes(),
    )


def _rows(population: Population) -> Iterator[Row]:
    return itertools.chain(
        erp_rows(population),
        crm_rows(population),
        newsletter_rows(population),
        website_rows(population),
        support_rows(population),
        community_rows(population),
        hr_rows(population),
    )


def _load(
    connection: Connection, rows: Iterator[Row], planned: dict[str, int], progress: Progress | None
) -> dict[str, int]:
    """Insert in batches; every flush writes all tables in dependency order, so a child row
    never reaches the database before the parent row that the stream yielded first."""
    inserts = [_Insert(table) for table in metadata.sorted_tables]
    buffers: dict[str, list[dict[str, object]]] = {insert.table: [] for insert in inserts}
    counts = dict.fromkeys(buffers, 0)

    def flush() -> None:
        for insert in inserts:
            batch = buffers[insert.table]
            if batch:
                connection.exec_driver_sql(insert.sql, insert.values(batch))
                counts[insert.table] += len(batch)
                batch.clear()
                if progress:
                    done = counts[insert.table]
                    progress(insert.table, done, max(done, planned[insert.table]))
        connection.commit()

    pending = 0
    for table, row in rows:
        buffers[table].append(row)
        pending += 1
        if pending == BATCH_ROWS:
            flush()
            pending = 0
    flush()
    if progress:
        for name, done in counts.items():
            progress(name, done, done)
    return counts


class _Insert:
    """One table's INSERT for the sqlite3 driver, bypassing SQLAlchemy's per-row parameter
    processing (a quarter of the build time); values are stored as SQLAlchemy stores them."""

    def __init__(self, table: Table) -> None:
        self.table = table.name
        self.columns = [column.name for column in table.columns]
        marks = ", ".join("?" * len(self.columns))
        self.sql = f"INSERT INTO {table.name} ({', '.join(self.columns)}) VALUES ({marks})"
        self.moments = [
            i for i, column in enumerate(table.columns) if isinstance(column.type, DateTime)
        ]
        self.days = [i for i, column in enumerate(table.columns) if type(column.type) is Date]

    def values(self, batch: list[dict[str, object]]) -> list[tuple[object, ...]]:
        converted = []
        for row in batch:
            value = list(map(row.get, self.columns))
            for i in self.moments:
                moment = value[i]
                if isinstance(moment, datetime):
                    value[i] = moment.isoformat(" ", "microseconds")
            for i in self.days:
                day = value[i]
                if isinstance(day, date):
                    value[i] = day.isoformat()
            converted.append(tuple(value))
        return converted


def _demo_file(url: str) -> Path:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise Invalid(f"{url!r} is not a database URL", fix="use sqlite:////path/demo.db") from exc
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        raise Invalid(
            f"the demo database must be a SQLite file, not {parsed.render_as_string()}",
            fix="use a URL like sqlite:////path/to/northwind-demo.db",
        )
    return Path(parsed.database or "")


def _clear(url: str, path: Path) -> None:
    """Delete an earlier demo database, but never a file that holds anything else."""
    if path.exists():
        engine = create_engine(url)
        try:
            with engine.connect() as connection:
                tables = set(inspect(connection).get_table_names())
        except DatabaseError as exc:
            raise Conflict(
                f"{path} is not a SQLite database", where=str(path), fix=_CHOOSE_ANOTHER
            ) from exc
        finally:
            engine.dispose()
        foreign = sorted(tables - set(metadata.tables))
        if foreign:
            raise Conflict(
                f"{path} holds tables that are not the demo's ({', '.join(foreign[:5])})",
                where=str(path),
                fix=_CHOOSE_ANOTHER,
            )
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
