"""Settings, read once at the edge: environment (PACTUM_*), then `.env`, then defaults."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Everything Pactum reads from its environment. Documented in docs/configuration.md."""

    model_config = SettingsConfigDict(
        env_prefix="PACTUM_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    home: Path = Field(default=Path(".pactum"), description="The workspace folder.")
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL; default: SQLite (WAL) in the workspace."
    )
    redis_url: str | None = Field(
        default=None, description="Redis URL for the task queue; default: SQLite queue file."
    )
    smtp_url: str | None = Field(
        default=None,
        description="smtp://user:password@host:port for outgoing mail; default: workspace outbox.",
    )
    sms_url: str | None = Field(
        default=None,
        description="HTTPS endpoint of an SMS gateway for texts to phones (a Twilio Messages.json "
        "URL, or any endpoint taking JSON {to, text}); default: the workspace outbox.",
    )
    redaction_key: SecretStr | None = Field(
        default=None, description="Key of `pactum scan text --redact hash` (keyed hashes)."
    )
    mail_from: str = Field(default="privacy@localhost", description="Sender of Pactum's mail.")
    base_url: str = Field(
        default="http://127.0.0.1:8000", description="Public address used in links in mail."
    )

    @property
    def workspace(self) -> Path:
        return self.home.expanduser().resolve()

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.workspace / 'pactum.db'}"
