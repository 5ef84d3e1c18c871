"""The inventory document: systems and datasets annotated with categories, identities and erasure."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from pactum.policy.duration import DurationField

Name = Annotated[str, StringConstraints(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$", max_length=120)]
Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SystemKind(StrEnum):
    SQL = "sql"
    HTTP = "http"
    MANUAL = "manual"


class Erasure(StrEnum):
    DELETE_ROW = "delete_row"
    NULL = "null"
    MASK = "mask"
    HASH = "hash"
    KEEP = "keep"  # kept under a named legal obligation for a stated period


class DataField(Strict):
    name: Name
    category: Identifier | None = Field(default=None, description="The policy's data category.")
    identity: Identifier | None = Field(
        default=None, description="This field identifies a person: email, phone, customer_id, …"
    )
    erasure: Erasure | None = Field(default=None, description="Default: the dataset's erasure.")
    obligation: str | None = Field(default=None, description="The law that requires keeping it.")
    keep_for: DurationField | None = None

    @model_validator(mode="after")
    def _keep_needs_a_reason(self) -> DataField:
        if self.erasure is Erasure.KEEP and not (self.obligation and self.keep_for):
            raise ValueError(
                f"field {self.name!r} is kept on erasure but has no `obligation` and `keep_for`; "
                "name the law and the period"
            )
        return self


class Reference(Strict):
    fields: list[Name] = Field(min_length=1)
    to: str = Field(
        pattern=r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$",
        description="A dataset of this system, or `system.dataset` in another one.",
    )
    to_fields: list[Name] = Field(min_length=1)

    @model_validator(mode="after")
    def _same_width(self) -> Reference:
        if len(self.fields) != len(self.to_fields):
            raise ValueError("`fields` and `to_fields` must name the same number of columns")
        return self


class Dataset(Strict):
    name: Name
    description: str = ""
    subjects: list[Identifier] = Field(default_factory=list)
    shared: bool = Field(
        default=False,
        description="A row may belong to several people: unlink the person, never erase the row.",
    )
    erasure: Erasure = Erasure.NULL
    timestamp: Name | None = Field(
        default=None, description="The column that starts retention clocks (e.g. created_at)."
    )
    fields: list[DataField] = Field(min_length=1)
    references: list[Reference] = Field(default_factory=list)

    def field(self, name: str) -> DataField | None:
        return next((f for f in self.fields if f.name == name), None)

    def erasure_of(self, field: DataField) -> Erasure:
        return field.erasure or self.erasure


class Webhook(Strict):
    """Where consent changes for the system's purposes are delivered, signed with HMAC-SHA256."""

    url: str = Field(pattern=r"^https?://", description="Receives a signed POST per change.")
    secret_env: str = Field(
        pattern=r"^[A-Z_][A-Z0-9_]*$", description="The environment variable holding the secret."
    )


class System(Strict):
    id: Identifier
    name: str
    kind: SystemKind = SystemKind.SQL
    url: str | None = Field(default=None, description="SQLAlchemy URL (sql) or base URL (http).")
    owner: str = ""
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    purposes: list[Identifier] = Field(default_factory=list)
    datasets: list[Dataset] = Field(default_factory=list)
    webhook: Webhook | None = None

    def dataset(self, name: str) -> Dataset | None:
        return next((d for d in self.datasets if d.name == name), None)


class Inventory(Strict):
    """Where a company's personal data lives. See docs/inventory-format.md."""

    pactum_inventory: int = Field(default=1, ge=1, le=1)
    systems: list[System] = Field(min_length=1)

    def system(self, system_id: str) -> System | None:
        return next((s for s in self.systems if s.id == system_id), None)
