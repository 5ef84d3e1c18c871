"""Steps: the idempotent units an execution is made of, as the workflow stores and runs them.

An erasure rewrites a value as null, a mask, or a keyed hash (HMAC-SHA256); each rewrite is
recognizable once done, so running a step again changes nothing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from pactum.connectors.base import Change, Row, RowKey, Value, key_text, plain, where
from pactum.connectors.manual import ManualTask
from pactum.connectors.systems import ConnectorSet
from pactum.errors import Invalid
from pactum.inventory.document import Erasure
from pactum.signing import keyed_hash, sha256_hex

MASK = "***"
HASH_PREFIX = "~"  # a pseudonym reads "~3f9a...": no e-mail, phone or id starts like that
_HASHED = re.compile(r"^~[0-9a-f]{16,64}$")


class Action(StrEnum):
    DELETE = "delete"  # delete the rows
    ERASE = "erase"  # rewrite the person's fields of their own rows (null, mask, hash)
    UNLINK = "unlink"  # rewrite only the person's fields of shared rows
    CORRECT = "correct"  # set fields to the values the person gave
    MANUAL = "manual"  # a task for staff, done when they confirm it


@dataclass(frozen=True)
class Step:
    """One transaction on one dataset (at most 500 rows). The id is a digest of what the step
    does, so planning the same footprint again gives the same steps and ids."""

    id: str
    system: str
    dataset: str
    action: Action
    keys: tuple[RowKey, ...] = ()
    fields: Mapping[str, Erasure] = field(default_factory=dict)  # ERASE, UNLINK
    values: Mapping[str, str] = field(default_factory=dict)  # CORRECT
    task: ManualTask | None = None  # MANUAL

    @classmethod
    def make(cls, system: str, dataset: str, action: Action, **parts: Any) -> Step:
        draft = cls("", system, dataset, action, **parts)
        digest = sha256_hex(json.dumps(draft.to_json(), sort_keys=True).encode())[:24]
        return cls(f"{action.value}-{system}.{dataset}-{digest}", system, dataset, action, **parts)

    @property
    def description(self) -> str:
        place, count = where(self.system, self.dataset), len(self.keys)
        rows = f"{count} row{'s' if count != 1 else ''}"
        if self.action is Action.MANUAL and self.task:
            return self.task.title
        if self.action is Action.DELETE:
            return f"Delete {rows} of {place}"
        if self.action is Action.CORRECT:
            return f"Correct {', '.join(sorted(self.values))} in {rows} of {place}"
        how = ", ".join(f"{name}: {e.value}" for name, e in sorted(self.fields.items()))
        verb = "Unlink the person from" if self.action is Action.UNLINK else "Erase in"
        return f"{verb} {rows} of {place} ({how})"

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "system": self.system,
            "dataset": self.dataset,
            "action": self.action.value,
            "keys": [[plain(v) for v in key] for key in self.keys],
            "fields": {name: how.value for name, how in self.fields.items()},
            "values": dict(self.values),
            "task": self.task.to_json() if self.task else None,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Step:
        task = data.get("task")
        return cls(
            id=str(data["id"]),
            system=str(data["system"]),
            dataset=str(data["dataset"]),
            action=Action(data["action"]),
            keys=tuple(tuple(key) for key in data.get("keys", [])),
            fields={name: Erasure(how) for name, how in data.get("fields", {}).items()},
            values={name: str(value) for name, value in data.get("values", {}).items()},
            task=ManualTask.from_json(task) if task else None,
        )


@dataclass(frozen=True)
class StepOutcome:
    step_id: str
    system: str
    dataset: str
    action: Action
    rows_written: int
    rows_read: int = 0
    task: ManualTask | None = None  # a manual step: waits for staff to confirm it


def run_step(step: Step, connectors: ConnectorSet, *, key: bytes) -> StepOutcome:
    """Run one step in one transaction. Running a step that already ran changes nothing and
    reports 0 rows written. Raises `Unavailable` naming the system when it cannot be reached."""
    if step.action is Action.MANUAL:
        return StepOutcome(step.id, step.system, step.dataset, step.action, 0, task=step.task)
    connector = connectors[step.system]
    if step.action is Action.DELETE:
        written = connector.delete(step.dataset, step.keys)
        return StepOutcome(step.id, step.system, step.dataset, step.action, written)
    rows = connector.fetch(step.dataset, step.keys)
    widths = connector.shape(step.dataset).widths if step.action is not Action.CORRECT else {}
    changes = {key_text(row.key): _change(step, row, key, widths) for row in rows}
    wanted = [change for change in changes.values() if change.values]
    written = connector.update(step.dataset, wanted) if wanted else 0
    return StepOutcome(step.id, step.system, step.dataset, step.action, written, len(rows))


def _change(step: Step, row: Row, key: bytes, widths: Mapping[str, int]) -> Change:
    values: dict[str, Value] = {}
    if step.action is Action.CORRECT:
        for name, value in step.values.items():
            current = row.values.get(name)
            if current is None or str(plain(current)) != value:
                values[name] = value
        return Change(row.key, values)
    for name, how in step.fields.items():
        current = row.values.get(name)
        if not is_erased(how, current):
            place = where(step.system, step.dataset, name)
            width = widths.get(name)
            values[name] = erased(how, current, key=key, place=place, width=width)
    return Change(row.key, values)


def erased(
    how: Erasure, value: Value, *, key: bytes, place: str, width: int | None = None
) -> Value:
    """The value that replaces `value`: None, the mask, or the keyed hash of the text, cut to
    the column's `width` (a pseudonym needs at least 17 characters)."""
    if how is Erasure.NULL or how is Erasure.DELETE_ROW:
        return None
    if not isinstance(value, str):
        raise Invalid(
            f"{place} holds a {type(value).__name__}: {how.value} needs text",
            where=place,
            fix="erase this field with `null` (or keep it under an obligation)",
        )
    room = 65 if width is None else width
    if how is Erasure.MASK and room >= len(MASK):
        return MASK
    if how is Erasure.HASH and room >= 17:
        # The same value hashes the same everywhere, so counts and joins on it survive.
        return (HASH_PREFIX + keyed_hash(key, value, purpose="erasure"))[:room]
    if how in (Erasure.MASK, Erasure.HASH):
        raise Invalid(
            f"{place} is too narrow ({width} characters) for {how.value}",
            where=place,
            fix="erase this field with `null` or `mask`",
        )
    raise Invalid(f"{place}: {how.value} does not rewrite a value", where=place)


def is_erased(how: Erasure, value: Value) -> bool:
    """True when the value already is what the strategy writes (or empty)."""
    if value is None:
        return True
    if how is Erasure.MASK:
        return isinstance(value, str) and value == MASK
    if how is Erasure.HASH:
        return isinstance(value, str) and bool(_HASHED.match(value))
    return False
