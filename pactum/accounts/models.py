"""Staff members: who may use the console and the staff API, and in which role."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from pactum.db import Base


class Role(StrEnum):
    ADMINISTRATOR = "administrator"
    PRIVACY_OFFICER = "privacy_officer"
    SUPPORT_AGENT = "support_agent"  # only requests assigned to them, never a package's content
    AUDITOR = "auditor"  # read-only, with the audit log
    ENGINEER = "engineer"  # the inventory, without personal data


class StaffMember(Base):
    __tablename__ = "staff_members"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(String(40))
    password_hash: Mapped[str] = mapped_column(String(200))
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    is_disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
