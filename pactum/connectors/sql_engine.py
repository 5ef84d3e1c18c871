"""Opening a company database, and its errors as Pactum's (unreachable, changed, refused)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, event
from sqlalchemy import create_engine as sa_create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import (
    ArgumentError,
    DataError,
    DBAPIError,
    DisconnectionError,
    IntegrityError,
    NoSuchModuleError,
    ProgrammingError,
)

from pactum.errors import Conflict, Invalid, Unavailable
from pactum.prepared import as_sqlalchemy_error


class SqlDatabase:
    """One company database, shared by every system of an inventory whose URL names it: its
    engines, and the connection each thread keeps for a walk (`reading`) or a block of writes
    (`writing`). Systems on one database thus share that connection, and a walk round's
    look-ups in all of them can travel together (`batch`)."""

    def __init__(self, url: str) -> None:
        self.writer, self.reader = create_engines(url)
        self.dialect = self.writer.dialect.name
        self._pinned = threading.local()

    def reading(self, errors: AbstractContextManager[None]) -> AbstractContextManager[None]:
        """This thread's look-ups share one connection until the block ends (a walk makes
        dozens; a checkout from the pool costs more than a look-up's query)."""
        return self._pinning("reader", self.reader.connect, errors)

    def writing(self, errors: AbstractContextManager[None]) -> AbstractContextManager[None]:
        """This thread's writes (and look-ups) share one transaction until the block ends."""
        return self._pinning("writer", self.writer.begin, errors)

    def for_reading(self) -> AbstractContextManager[Connection]:
        """The connection a look-up runs on: the block's, or one of its own."""
        pinned: Connection | None = getattr(self._pinned, "writer", None) or getattr(
            self._pinned, "reader", None
        )
        return nullcontext(pinned) if pinned is not None else self.reader.connect()

    def for_writing(self) -> AbstractContextManager[Connection]:
        """The transaction a write runs in: the block's, or one of its own."""
        pinned: Connection | None = getattr(self._pinned, "writer", None)
        return nullcontext(pinned) if pinned is not None else self.writer.begin()

    def pipelined(self) -> Connection | None:
        """The connection whose look-ups are being sent together, when a batch is open."""
        return getattr(self._pinned, "pipeline", None)

    @contextmanager
    def batch(self, errors: AbstractContextManager[None]) -> Iterator[None]:
        """On PostgreSQL, within a `reading` or `writing` block: statements sent in the block go
        to the server at once, without waiting for each other's answers (psycopg's pipeline
        mode), and their rows are read after. Elsewhere, or outside such a block, nothing."""
        pinned = getattr(self._pinned, "writer", None) or getattr(self._pinned, "reader", None)
        if self.dialect != "postgresql" or pinned is None or self.pipelined() is not None:
            yield
            return
        driver: Any = pinned.connection.driver_connection
        with errors:
            try:
                with driver.pipeline():
                    self._pinned.pipeline = pinned
                    try:
                        yield
                    finally:
                        self._pinned.pipeline = None
            except self.writer.dialect.loaded_dbapi.Error as exc:  # raised by the final sync
                raise as_sqlalchemy_error(pinned, exc) from exc

    @contextmanager
    def _pinning(
        self,
        name: str,
        opening: Callable[[], AbstractContextManager[Connection]],
        errors: AbstractContextManager[None],
    ) -> Iterator[None]:
        """Keep the connection `opening` gives as this thread's `name` until the block ends
        (an inner block of the same kind uses the outer one's)."""
        if getattr(self._pinned, name, None) is not None:
            yield
            return
        with errors, opening() as connection:
            setattr(self._pinned, name, connection)
            try:
                yield
            finally:
                setattr(self._pinned, name, None)

    def close(self) -> None:
        self.writer.dispose()
        self.reader.dispose()


def create_engines(url: str) -> tuple[Engine, Engine]:
    """One engine for writes (a transaction per step) and one for look-ups. On a database server
    look-ups run in autocommit: one statement each, without a BEGIN and a ROLLBACK round trip
    around it. SQLite reads never open a transaction, so one engine serves both."""
    writer = create_engine(url)
    if writer.dialect.name == "sqlite":
        return writer, writer
    reader = sa_create_engine(
        writer.url,
        isolation_level="AUTOCOMMIT",
        pool_reset_on_return=None,
        pool_size=2,
        max_overflow=4,
    )
    return writer, reader


def create_engine(url: str) -> Engine:
    """SQLite files open read-write only (a missing file is an unreachable system, not a new
    empty database), with foreign keys enforced; other dialects use a small pool."""
    try:
        parsed = make_url(url)
        backend = parsed.get_backend_name()
        database = parsed.database or ""
        if backend == "sqlite" and database not in ("", ":memory:"):
            path = database.removeprefix("file:")
            parsed = parsed.set(
                database=f"file:{path}", query={**parsed.query, "mode": "rw", "uri": "true"}
            )
            engine = sa_create_engine(parsed, pool_size=2, max_overflow=4)
            event.listen(engine, "connect", _sqlite_settings)
            event.listen(engine, "checkout", _file_still_there(Path(path)))
            return engine
        return sa_create_engine(parsed, pool_size=2, max_overflow=4)
    except (ArgumentError, NoSuchModuleError) as exc:
        # Not the URL itself in the message: it may hold a password.
        raise Invalid(
            "not a usable database URL (unknown dialect or driver, or malformed)",
            fix="correct the system's url",
        ) from exc


def _file_still_there(path: Path) -> Callable[..., None]:
    """A pooled SQLite connection keeps reading a file that was moved away or deleted: check
    on every checkout, so a vanished database is reported as unreachable."""

    def check(*_: Any) -> None:
        if not path.exists():
            raise DisconnectionError(f"{path.name} is gone")

    return check


MMAP_BYTES = 256 * 2**20


def _sqlite_settings(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA busy_timeout = 5000")
    # Look-ups read pages through a memory map rather than a read() call each (a walk touches a
    # few hundred pages of a big file); the file itself is not changed by this setting.
    cursor.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
    cursor.close()


@contextmanager
def translated_errors(system: str, place: str) -> Iterator[None]:
    """Database errors as Pactum's, naming `place` (system.dataset): never the statement or its
    parameters, which hold personal data."""
    try:
        yield
    except DataError as exc:
        raise Invalid(
            f"{place}: a new value does not fit its column ({_first_line(exc)})",
            where=place,
            fix="choose an erasure the column can hold (null, or mask for text)",
        ) from exc
    except IntegrityError as exc:
        raise Conflict(
            f"{place}: the database refused the change ({_first_line(exc)})",
            where=place,
            fix="a row the inventory does not describe still refers to these rows: "
            "add its table and reference to the inventory",
        ) from exc
    except DBAPIError as exc:
        message = _first_line(exc)
        # A missing table or column, as each dialect words it; everything else (refused
        # connections, a locked or vanished file, a lost server) means: try again later.
        if isinstance(exc, ProgrammingError) or message.startswith(("no such ", "Unknown column")):
            raise Invalid(
                f"{place}: the database no longer matches the inventory ({message})",
                where=place,
                fix="run `pactum inventory check` and update the inventory",
            ) from exc
        raise Unavailable(
            f"system {system!r} cannot be reached ({message})",
            where=system,
            fix="start it or correct its url; the step is retried",
        ) from exc


def _first_line(exc: DBAPIError) -> str:
    return str(exc.orig).strip().splitlines()[0][:200] if exc.orig else exc.__class__.__name__
