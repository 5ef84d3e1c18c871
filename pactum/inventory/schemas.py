"""Shapes of inventory results that cross a boundary (CLI --json, API)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class CheckFinding(BaseModel):
    severity: Severity
    system: str
    where: str
    what: str
    fix: str


class CheckReport(BaseModel):
    findings: list[CheckFinding]
    systems_checked: int

    @property
    def ok(self) -> bool:
        return not any(f.severity is Severity.ERROR for f in self.findings)
