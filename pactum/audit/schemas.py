"""Shapes of audit results that cross a boundary (CLI --json, API)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel


class EntryOut(BaseModel):
    id: int
    at: datetime
    actor: str
    action: str
    target: str
    subject: str | None
    details: dict[str, Any]
    hash: str


class ChainReport(BaseModel):
    ok: bool
    checked: int
    first_broken: int | None = None
    reason: str | None = None
