"""Pactum's own database: engine set-up (SQLite WAL or PostgreSQL), sessions, the model base, migrations."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any, ClassVar

from alembic import command
from alembic.config import Config
from sqlalchemy import JSON, Connection, Engine, MetaData, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from pactum.errors import Invalid, Unavailable

try:
    import fcntl
except ImportError:  # not on Windows: writers there wait in SQLite's busy handler
    fcntl = None  # type: ignore[assignment]

_NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
MIGRATIONS = Path(__file__).parent / "migrations"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=_NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}


def make_engine(url: str) -> Engine:
    """An engine for Pactum's own database; SQLite gets WAL, foreign keys and immediate writes."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise Invalid(
            f"{url!r} is not a database URL",
            where="PACTUM_DATABASE_URL",
            fix="use e.g. sqlite:////path/pactum.db or postgresql+psycopg://user@host/db",
        ) from exc
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
        _configure_sqlite(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when a transaction begins.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        # Reads through a memory map instead of a read() per page: look-ups in big tables (a
        # mailing list checked against the consent ledger) are several times faster.
        cursor.execute("PRAGMA mmap_size=268435456")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # Writers take the write lock up front: a deferred transaction that read first and
        # writes later can fail with SQLITE_BUSY instead of waiting. Pure readers opt out.
        # On the driver's connection: SQLAlchemy's statement machinery cost more than the BEGIN.
        read_only = connection.get_execution_options().get("pactum_read_only")
        connection.connection.driver_connection.execute("BEGIN" if read_only else "BEGIN IMMEDIATE")


def read_only(engine: Engine) -> Engine:
    """The same engine for readers that never write (no write lock on SQLite)."""
    return engine.execution_options(pactum_read_only=True)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: committed on success, rolled back on any error."""
    with _gate(factory.kw.get("bind")), factory() as session, session.begin():
        yield session


def core(session: Session) -> Connection:
    """The session's connection, for Core statements built once (several times cheaper than
    the same statement through the session). The session's pending changes are written first,
    as `session.execute` would, so the statement sees them."""
    if session.new or session.deleted or session.dirty:
        session.flush()
    return session.connection()


class WriteGate:
    """The writers of one SQLite file, queued: threads on a lock, processes on an `flock`.

    SQLite admits one writer at a time, and a writer that finds the lock taken sleeps and
    retries (1 ms, then 2, 5, 10 ... up to 100 ms at a time): two busy workers lose much of
    their time asleep while the lock is free (docs/decisions/0037). Here the threads of a
    process wait on a lock, which hands over the moment it is released; the one thread that
    holds it tries the file lock shared with other processes every half millisecond, so a writer
    starts within a fraction of a millisecond of the previous commit. After 30 s (SQLite's own
    busy timeout) a writer gives up with `Unavailable`. Re-entrant per thread. A process that
    dies releases its file lock with it.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self._threads = threading.Lock()
        self._local = threading.local()
        self._descriptor: int | None = None
        self._pid: int | None = None
        os.register_at_fork(after_in_child=self._forget_parent)

    def _forget_parent(self) -> None:
        """A forked child starts unlocked, whatever the parent's threads held at the fork."""
        self._threads = threading.Lock()
        self._local = threading.local()
        self._pid = None

    def __enter__(self) -> None:
        depth = getattr(self._local, "depth", 0)
        if depth == 0:
            deadline = time.monotonic() + GATE_WAIT
            if not self._threads.acquire(timeout=GATE_WAIT):
                raise self._stuck()
            try:
                self._lock_file(deadline)
            except BaseException:
                self._threads.release()
                raise
        self._local.depth = depth + 1

    def __exit__(self, *_: object) -> None:
        self._local.depth -= 1
        if self._local.depth == 0:
            assert self._descriptor is not None
            fcntl.flock(self._descriptor, fcntl.LOCK_UN)
            self._threads.release()

    def _lock_file(self, deadline: float) -> None:
        if self._pid != os.getpid():  # inherited through fork, it would share the parent's lock
            self._descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            self._pid = os.getpid()
        assert self._descriptor is not None
        while True:
            try:
                fcntl.flock(self._descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise self._stuck() from None
                time.sleep(0.0005)

    def _stuck(self) -> Unavailable:
        return Unavailable(
            f"another writer has held the database's write lock for {GATE_WAIT:.0f} s",
            where=self.path,
            fix="see which pactum process is stuck (`ps`); it releases the lock when it ends",
        )


GATE_WAIT = 30.0  # seconds, as SQLite's busy timeout
_gates: dict[str, WriteGate] = {}
_gates_lock = threading.Lock()


def _gate(bind: Any) -> WriteGate | nullcontext[None]:
    """The write gate of a SQLite file engine; none for readers, servers and memory."""
    if fcntl is None or not isinstance(bind, Engine) or bind.dialect.name != "sqlite":
        return nullcontext()
    database = bind.url.database or ""
    if database in ("", ":memory:") or bind.get_execution_options().get("pactum_read_only"):
        return nullcontext()
    found = _gates.get(database)
    if found is None:
        with _gates_lock:
            path = f"{Path(database).resolve()}-writer.lock"
            found = _gates.setdefault(database, WriteGate(path))
    return found


def _alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def migrate(engine: Engine) -> None:
    """Bring the database to the newest schema. Pactum never creates tables outside Alembic."""
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")
    except OperationalError as exc:
        raise Unavailable(
            f"cannot reach the database at {engine.url.render_as_string(hide_password=True)}",
            where="PACTUM_DATABASE_URL",
            fix="start the database server or correct the URL",
        ) from exc
    command.upgrade(_alembic_config(engine), "heads")


def current_revisions(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return set()
        rows = connection.exec_driver_sql("SELECT version_num FROM alembic_version")
        return {str(row[0]) for row in rows}
