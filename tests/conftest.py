"""Fixtures: a real database per test (SQLite, and PostgreSQL when the test set-up started it)."""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from pactum.app import create_app
from pactum.config import Settings
from pactum.db import make_engine, migrate
from pactum.workspace import Workspace, open_workspace
from tests.builders import FixedClock
from tests.services import Inbox, postgres_server, redis_server, smtp_server

REQUIRE_SERVICES = os.environ.get("PACTUM_REQUIRE_SERVICES") == "1"


def missing(what: str) -> None:
    if REQUIRE_SERVICES:
        pytest.fail(f"{what} is required by the test set-up but not installed")
    pytest.skip(f"{what} is not installed")


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str | None]:
    # Not under pytest's tmp folder: the postgres user cannot enter root's private directories.
    folder = Path(tempfile.mkdtemp(prefix="pactum-pg-"))
    with postgres_server(folder) as url:
        if url:
            # One migrated template; each test gets a copy of it (CREATE DATABASE ... TEMPLATE).
            admin = create_engine(url, isolation_level="AUTOCOMMIT")
            with admin.connect() as connection:
                connection.execute(text("CREATE DATABASE pactum_template"))
            template = make_engine(
                make_url(url).set(database="pactum_template").render_as_string(False)
            )
            migrate(template)
            template.dispose()
            admin.dispose()
        yield url
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str | None]:
    with redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'pactum.db'}"
        return
    server: str | None = request.getfixturevalue("postgres_url")
    if server is None:
        missing("PostgreSQL")
        return
    name = f"t_{uuid.uuid4().hex[:16]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name} TEMPLATE pactum_template"))
    yield make_url(server).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return Settings(home=tmp_path / "workspace", database_url=database_url, _env_file=None)  # type: ignore[call-arg]


@pytest.fixture
def workspace(settings: Settings, clock: FixedClock) -> Iterator[Workspace]:
    opened = open_workspace(settings, clock=clock)
    yield opened
    opened.engine.dispose()


@pytest.fixture
def cli_env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """The CLI reads its settings from the environment, as it does for users."""
    monkeypatch.setenv("PACTUM_HOME", str(settings.home))
    monkeypatch.setenv("PACTUM_DATABASE_URL", settings.resolved_database_url)
    monkeypatch.delenv("PACTUM_REDIS_URL", raising=False)
    return settings


@pytest.fixture
def client(workspace: Workspace) -> Iterator[TestClient]:
    """The app built for this test's workspace, called in-process through httpx."""
    with TestClient(create_app(workspace)) as test_client:
        yield test_client


@pytest.fixture
def smtp() -> Iterator[tuple[str, Inbox]]:
    """A real local SMTP server for the test: (its URL for PACTUM_SMTP_URL, its inbox)."""
    with smtp_server() as server:
        yield server
