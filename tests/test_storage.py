"""Pactum's own database and workspace: migrations, SQLite settings, and clear errors."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from pactum import db
from pactum.config import Settings
from pactum.db import (
    WriteGate,
    current_revisions,
    make_engine,
    migrate,
    session_factory,
    transaction,
)
from pactum.errors import Invalid, Unavailable
from pactum.workspace import Workspace, open_workspace


def test_migrations_create_every_table_and_stop_at_head(workspace: Workspace) -> None:
    tables = set(inspect(workspace.engine).get_table_names())
    assert {"audit_entries", "audit_head", "policy_versions", "inventory_versions"} <= tables
    assert current_revisions(workspace.engine)


def test_migrating_twice_changes_nothing(workspace: Workspace) -> None:
    before = current_revisions(workspace.engine)
    migrate(workspace.engine)
    assert current_revisions(workspace.engine) == before


def test_embedded_default_is_sqlite_in_wal_mode_inside_the_workspace(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path / "ws", _env_file=None)  # type: ignore[call-arg]
    workspace = open_workspace(settings)
    assert (tmp_path / "ws" / "pactum.db").exists()
    with workspace.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    workspace.engine.dispose()


def test_unreachable_database_is_reported_with_a_fix(tmp_path: Path) -> None:
    settings = Settings(
        home=tmp_path / "ws",
        database_url="postgresql+psycopg://nobody@127.0.0.1:1/none",
        _env_file=None,  # type: ignore[call-arg]
    )
    with pytest.raises(Unavailable) as caught:
        open_workspace(settings)
    assert caught.value.where == "PACTUM_DATABASE_URL"
    assert "start the database" in caught.value.fix


def test_a_malformed_database_url_is_invalid() -> None:
    with pytest.raises(Invalid) as caught:
        make_engine("not a url")
    assert "PACTUM_DATABASE_URL" in caught.value.where


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_a_workspace_that_is_not_writable_is_refused(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    with pytest.raises(Invalid) as caught:
        open_workspace(Settings(home=locked / "ws", _env_file=None))  # type: ignore[call-arg]
    assert "not writable" in caught.value.what


def test_a_workspace_under_a_file_is_refused_and_nothing_is_created(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(Invalid) as caught:
        open_workspace(Settings(home=blocker / "ws", _env_file=None))  # type: ignore[call-arg]
    assert "PACTUM_HOME" in caught.value.where
    assert blocker.read_text() == "not a folder"


def test_the_secret_key_is_private_to_its_owner(workspace: Workspace) -> None:
    mode = (workspace.path / "secret.key").stat().st_mode & 0o777
    assert mode == 0o600
    assert len(workspace.key) == 32


def test_the_migrations_describe_every_model_exactly(workspace: Workspace) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from pactum.models import Base

    with workspace.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def test_the_migrations_have_one_head() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from pactum.db import MIGRATIONS

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert len(ScriptDirectory.from_config(config).get_heads()) == 1


def test_sqlite_writers_queue_on_the_write_gate_and_none_is_lost(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'gate.db'}")
    factory = session_factory(engine)
    with transaction(factory) as session:
        session.execute(text("CREATE TABLE tally (writer INTEGER, n INTEGER)"))

    def write(writer: int) -> None:
        for n in range(50):
            with transaction(factory) as session:
                session.execute(text("INSERT INTO tally VALUES (:w, :n)"), {"w": writer, "n": n})

    threads = [threading.Thread(target=write, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM tally")).scalar() == 200
    assert (tmp_path / "gate.db-writer.lock").exists()
    engine.dispose()


def test_the_write_gate_is_reentrant_in_a_thread_and_exclusive_across_threads(
    tmp_path: Path,
) -> None:
    gate = WriteGate(str(tmp_path / "x-writer.lock"))
    entered = threading.Event()

    def other() -> None:
        with gate:
            entered.set()

    with gate, gate:  # the same thread enters twice without waiting for itself
        thread = threading.Thread(target=other)
        thread.start()
        assert not entered.wait(0.3)  # another thread waits while this one holds it
    assert entered.wait(10)
    thread.join()


def test_a_writer_that_waits_too_long_for_the_gate_is_told_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db, "GATE_WAIT", 0.2)
    gate = WriteGate(str(tmp_path / "x-writer.lock"))
    held, release = threading.Event(), threading.Event()

    def stuck() -> None:
        with gate:
            held.set()
            release.wait(10)

    thread = threading.Thread(target=stuck)
    thread.start()
    held.wait(10)
    try:
        with pytest.raises(Unavailable, match="held the database's write lock"), gate:
            pass
    finally:
        release.set()
        thread.join()
    with gate:  # free again, and this thread's count was not left behind
        pass
