"""Shapes of discovery results that cross a boundary (CLI --json, the benchmark, the draft)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field, computed_field

# A column at or above this confidence is reported as personal data and goes into the draft.
PERSONAL = 0.4


class ColumnReport(BaseModel):
    """One column: the category it most likely holds, how sure discovery is, and why.

    `found` gives, per detector type, the share of sampled values in which the type was found
    (never the values themselves); `special` lists special categories (GDPR Art. 9) among them.
    """

    table: str
    column: str
    sql_type: str
    category: str | None = None
    identity: str | None = None
    confidence: float = 0.0
    reasons: list[str] = Field(default_factory=list)
    found: dict[str, float] = Field(default_factory=dict)
    special: list[str] = Field(default_factory=list)
    free_text: bool = False
    sampled: int = 0
    refers_to: str | None = None
    suggested: str | None = Field(
        default=None, description="Discovery's own category when the policy has no such category."
    )

    @computed_field  # type: ignore[prop-decorator]  # pydantic's documented way; mypy cannot see it
    @property
    def personal(self) -> bool:
        return self.confidence >= PERSONAL and bool(
            self.category or self.identity or self.suggested
        )

    @property
    def why(self) -> str:
        return "; ".join(self.reasons)


class ReferenceReport(BaseModel):
    table: str
    fields: list[str]
    to: str
    to_fields: list[str]
    declared: bool
    reason: str


class TableReport(BaseModel):
    table: str
    columns: int
    rows_sampled: int
    row_estimate: int | None = None
    about_people: bool = False
    note: str | None = None


class Change(StrEnum):
    ADDED_TABLE = "added_table"
    ADDED_COLUMN = "added_column"
    MISSING_TABLE = "missing_table"
    MISSING_COLUMN = "missing_column"
    CATEGORY_CHANGED = "category_changed"
    IDENTITY_CHANGED = "identity_changed"


class DiffEntry(BaseModel):
    change: Change
    table: str
    column: str | None = None
    before: str | None = None
    after: str | None = None


class DiscoveryReport(BaseModel):
    database: str = Field(description="The URL with its password hidden.")
    system: str
    sample_size: int
    tables: list[TableReport]
    columns: list[ColumnReport]
    references: list[ReferenceReport]
    compared_with: list[str] = Field(
        default_factory=list, description="Systems of the current inventory on this database."
    )
    diff: list[DiffEntry] = Field(default_factory=list)
    seconds: float = 0.0

    @property
    def personal_columns(self) -> list[ColumnReport]:
        return [c for c in self.columns if c.personal]

    def column(self, table: str, column: str) -> ColumnReport | None:
        return next((c for c in self.columns if c.table == table and c.column == column), None)
