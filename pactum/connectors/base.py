"""The interface every connector implements: find, fetch, delete and update rows of one system."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any, Protocol, TypeVar
from uuid import UUID

from pactum.errors import Problem

# Values as the company's databases hold them: str, int, Decimal, date, bytes, None, ...
Value = Any
RowKey = tuple[Value, ...]
JsonScalar = str | int | float | bool | None

BATCH = 500  # keys or values per statement: well below every dialect's bound-parameter limit

T = TypeVar("T")


@dataclass(frozen=True)
class Row:
    """One row of a dataset: its stable key (primary key values, or the look-up columns of a
    table without a primary key) and the values of the columns the inventory lists."""

    dataset: str
    key: RowKey
    values: Mapping[str, Value]


@dataclass(frozen=True)
class DatasetShape:
    """What the engine must know of a dataset to plan an erasure the database will accept."""

    primary_key: tuple[str, ...]  # empty when the table has none
    required: frozenset[str]  # listed fields that cannot be empty (NOT NULL)
    widths: Mapping[str, int] = field(default_factory=dict)  # text fields' declared lengths


@dataclass(frozen=True)
class Change:
    """New values for some fields of the row with this key."""

    key: RowKey
    values: Mapping[str, Value]


@dataclass(frozen=True)
class Lookup:
    """`Connector.find`'s arguments, for look-ups made together (`ConnectorSet.find_all`)."""

    system: str
    dataset: str
    fields: tuple[str, ...]
    values: Sequence[RowKey]


class Connector(Protocol):
    """Access to one of the company's systems. Every method is its own short transaction on that
    system (or part of the `writing()` block around it); a write is all or nothing. Raises `Unavailable` (naming the system) when it cannot be
    reached, `Invalid` naming `system.dataset.field` when the data does not have the inventory's
    shape, `Conflict` when the system refuses a write (a foreign key still pointing at a row)."""

    @property
    def system(self) -> str: ...

    def check(self) -> list[Problem]:
        """Every dataset and field of the inventory exists; the problems, or an empty list."""
        ...

    def shape(self, dataset: str) -> DatasetShape: ...

    def find(self, dataset: str, fields: Sequence[str], values: Collection[RowKey]) -> list[Row]:
        """Rows whose `fields` equal one of the `values` tuples (exact, indexed look-ups)."""
        ...

    def fetch(self, dataset: str, keys: Collection[RowKey]) -> list[Row]: ...

    def batch(self) -> AbstractContextManager[None]:
        """Within the block, look-ups started by `find_later` may travel together."""
        ...

    def find_later(
        self, dataset: str, fields: Sequence[str], values: Collection[RowKey]
    ) -> Callable[[], list[Row]] | None:
        """Start `find` within a `batch()` and return what reads its rows once every look-up of
        the batch is started; None when this connector or look-up runs only by `find`."""
        ...

    def reading(self) -> AbstractContextManager[None]:
        """Within the block, this thread's look-ups may share one connection or session."""
        ...

    def writing(self) -> AbstractContextManager[None]:
        """Within the block, this thread's writes (and look-ups) share one transaction, committed
        when the block ends and rolled back, whole, when it raises."""
        ...

    def delete(self, dataset: str, keys: Collection[RowKey]) -> int:
        """Delete the rows with these keys in one transaction; the number of rows deleted."""
        ...

    def update(self, dataset: str, changes: Sequence[Change]) -> int:
        """Apply every change in one transaction; the number of rows changed."""
        ...

    def close(self) -> None: ...


def chunks(items: Sequence[T], size: int = BATCH) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def plain(value: Value) -> JsonScalar:
    """A value as JSON can carry it (keys in stored steps, the access package, HTTP bodies)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    return str(value)


def key_text(key: RowKey) -> str:
    """A row key as text that compares and sorts the same whatever the driver returned."""
    return json.dumps([plain(v) for v in key], separators=(",", ":"))


def where(system: str, dataset: str, field: str | None = None) -> str:
    """`system.dataset.field`, the way every error names a place in the company's data."""
    return f"{system}.{dataset}" + (f".{field}" if field else "")
