"""A person's footprint: the rows of every system that hold their data, found from their identities.

It holds row keys and field names, never the values: access re-reads the values when it packages
them, so a footprint can be kept with a privacy request without becoming a copy of the person.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from pactum.connectors.base import DatasetShape, RowKey
from pactum.connectors.manual import ManualTask
from pactum.identities import Identity


@dataclass(frozen=True)
class HeldRow:
    """One row that holds the person's data.

    `fields` are the person's own (with a value). In a `shared` row (a household's address, a
    company account, someone else's row that mentions the person) only those fields are theirs:
    the row is unlinked from the person, never erased for everyone. `shown` adds what a copy of
    the person's data includes without exposing anyone else (a shared address's street)."""

    key: RowKey
    fields: tuple[str, ...]
    shown: tuple[str, ...]
    shared: bool = False


@dataclass(frozen=True)
class Holding:
    """The person's rows in one dataset."""

    system: str
    dataset: str
    shape: DatasetShape  # primary key and NOT NULL fields, to plan what the database accepts
    categories: Mapping[str, str | None]  # every listed field's category
    rows: tuple[HeldRow, ...]

    @property
    def own_rows(self) -> tuple[HeldRow, ...]:
        return tuple(r for r in self.rows if not r.shared)

    @property
    def shared_rows(self) -> tuple[HeldRow, ...]:
        return tuple(r for r in self.rows if r.shared)


@dataclass(frozen=True)
class Withheld:
    """Rows the walk reached but did not take as the person's, and why (for staff to review)."""

    system: str
    dataset: str
    rows: int
    reason: str


@dataclass(frozen=True)
class Footprint:
    identities: frozenset[Identity]  # the verified identities the walk started from
    discovered: frozenset[Identity]  # identities found on the person's rows on the way
    holdings: tuple[Holding, ...]  # sorted by (system, dataset)
    withheld: tuple[Withheld, ...]
    manual: tuple[ManualTask, ...]  # systems staff must search by hand
    rows_read: int
    lookups: int

    @property
    def all_identities(self) -> frozenset[Identity]:
        return self.identities | self.discovered

    @property
    def rows(self) -> int:
        return sum(len(h.rows) for h in self.holdings)

    def holding(self, system: str, dataset: str) -> Holding | None:
        return next((h for h in self.holdings if (h.system, h.dataset) == (system, dataset)), None)

    def categories(self) -> set[str]:
        """The data categories held about the person (for a confirmation request)."""
        return {
            category
            for holding in self.holdings
            for row in holding.rows
            for name in row.fields
            if (category := holding.categories.get(name))
        }
