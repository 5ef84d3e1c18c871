"""Shapes of policy versions and changes that cross a boundary (CLI --json, API)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel

from pactum.policy.diff import Change
from pactum.policy.models import PolicyVersion


class VersionOut(BaseModel):
    version: int
    sha256: str
    effective_date: date
    published_at: datetime
    published_by: str
    source_name: str

    @classmethod
    def of(cls, version: PolicyVersion) -> VersionOut:
        return cls(
            version=version.id,
            sha256=version.sha256,
            effective_date=version.effective_date,
            published_at=version.published_at,
            published_by=version.published_by,
            source_name=version.source_name,
        )


class ChangeOut(BaseModel):
    path: str
    action: str
    before: Any
    after: Any
    kind: str | None
    reduces_rights: bool
    description: str

    @classmethod
    def of(cls, change: Change) -> ChangeOut:
        return cls(
            path=change.path,
            action=change.action,
            before=change.before,
            after=change.after,
            kind=change.kind.value if change.kind else None,
            reduces_rights=change.reduces_rights,
            description=change.describe(),
        )
