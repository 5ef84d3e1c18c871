"""Complaints received through the privacy center, kept until a complaints feature takes them over."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pactum.db import Base


class ReceivedComplaint(Base):
    """What a person sent with the complaint form: enough to answer them, nothing more."""

    __tablename__ = "received_complaints"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    email: Mapped[str] = mapped_column(String(320))
    jurisdiction: Mapped[str | None] = mapped_column(String(120))
    topic: Mapped[str] = mapped_column(String(40))
    request_reference: Mapped[str | None] = mapped_column(String(64))
    message: Mapped[str] = mapped_column(Text)
