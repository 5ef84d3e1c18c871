"""The workspace: its folder (embedded database, queue, outbox, secret key) and its connections."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from pactum.clock import Clock, SystemClock
from pactum.config import Settings
from pactum.db import make_engine, migrate, read_only, session_factory
from pactum.errors import Invalid
from pactum.mail import Mailer

_SECRET_FILE = "secret.key"  # noqa: S105 - a file name, not a secret


def prepare_workspace(path: Path) -> Path:
    """Create the workspace if needed and prove it is writable, or say how to fix it."""
    try:
        path.mkdir(parents=True, exist_ok=True)
        probe = path / ".write-probe"
        probe.write_text("ok", encoding="utf-8")
        probe.unlink()
    except OSError as exc:
        raise Invalid(
            f"the workspace {path} is not writable ({exc.strerror or exc})",
            where="PACTUM_HOME",
            fix="set PACTUM_HOME to a folder this user can write, or fix its permissions",
        ) from exc
    for sub in ("outbox", "packages"):
        (path / sub).mkdir(exist_ok=True)
    return path


def secret_key(path: Path) -> bytes:
    """The workspace's 32-byte secret, created on first use and readable by its owner only."""
    key_file = path / _SECRET_FILE
    if not key_file.exists():
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(secrets.token_hex(32))
    return bytes.fromhex(key_file.read_text(encoding="utf-8").strip())


@dataclass(frozen=True)
class Workspace:
    """What the edges hand to services: the folder, the database and the secret key."""

    settings: Settings
    path: Path
    engine: Engine
    sessions: sessionmaker[Session]
    key: bytes
    clock: Clock

    @property
    def outbox(self) -> Path:
        return self.path / "outbox"

    @property
    def mailer(self) -> Mailer:
        return Mailer(
            sender=self.settings.mail_from,
            smtp_url=self.settings.smtp_url,
            outbox=self.outbox,
            sms_url=self.settings.sms_url,
        )

    def reader(self) -> sessionmaker[Session]:
        """Sessions that only read: on SQLite they take no write lock."""
        # Made once per workspace: a new factory (and option engine) per call cost ~0.2 ms.
        factory: sessionmaker[Session] | None = self.__dict__.get("_reader")
        if factory is None:
            factory = session_factory(read_only(self.engine))
            object.__setattr__(self, "_reader", factory)
        return factory


def open_workspace(settings: Settings, *, clock: Clock | None = None) -> Workspace:
    """Prepare the folder, connect, migrate to the newest schema."""
    path = prepare_workspace(settings.workspace)
    engine = make_engine(settings.resolved_database_url)
    migrate(engine)
    return Workspace(
        settings=settings,
        path=path,
        engine=engine,
        sessions=session_factory(engine),
        key=secret_key(path),
        clock=clock or SystemClock(),
    )
