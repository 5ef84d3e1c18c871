"""Systems without an API (paper files, a vendor portal): each operation becomes a staff task."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pactum.identities import Identity
from pactum.inventory.document import Erasure, System

_DOING = {
    Erasure.DELETE_ROW: "delete the whole record",
    Erasure.NULL: "blank it out",
    Erasure.MASK: "overwrite it with ***",
    Erasure.HASH: "replace it with the pseudonym Pactum shows for it",
    Erasure.KEEP: "keep it (legal obligation)",
}


@dataclass(frozen=True)
class ManualTask:
    """What a staff member must do by hand in one system, and then confirm in Pactum.

    The instructions name the person's identities, so the workflow keeps a task only as long as
    it keeps the privacy request's identities in clear."""

    system: str
    action: str  # search, erase or correct
    title: str
    instructions: str

    def to_json(self) -> dict[str, Any]:
        return {
            "system": self.system,
            "action": self.action,
            "title": self.title,
            "instructions": self.instructions,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ManualTask:
        return cls(
            str(data["system"]), str(data["action"]), str(data["title"]), str(data["instructions"])
        )


class ManualConnector:
    """Describes work in a system that Pactum cannot reach; nothing happens until staff confirm."""

    def __init__(self, system: System) -> None:
        self._system = system

    @property
    def system(self) -> str:
        return self._system.id

    def search_task(self, identities: Iterable[Identity]) -> ManualTask:
        lines = [
            f"Search {self._where()} for records of the person known as:",
            *_identity_lines(identities),
            "Look in:",
            *(
                f"  - {d.name}: {', '.join(f.name for f in d.fields)}"
                for d in self._system.datasets
            ),
            "Then confirm in Pactum what you found (the datasets and the number of records).",
        ]
        return self._task("search", f"Search {self._system.name} by hand", lines)

    def erasure_task(
        self, erasures: Mapping[str, Mapping[str, Erasure]], identities: Iterable[Identity]
    ) -> ManualTask:
        """`erasures`: per dataset, each field's erasure."""
        lines = [f"In {self._where()}, for the person known as:", *_identity_lines(identities)]
        for dataset, fields in sorted(erasures.items()):
            lines.append(f"  {dataset}:")
            lines += [f"    - {name}: {_DOING[how]}" for name, how in sorted(fields.items())]
        lines.append("Then confirm in Pactum that it is done.")
        return self._task("erase", f"Erase the person's records in {self._system.name}", lines)

    def correction_task(
        self, changes: Mapping[str, str], identities: Iterable[Identity]
    ) -> ManualTask:
        """`changes`: `dataset.field` to its new value."""
        lines = [f"In {self._where()}, for the person known as:", *_identity_lines(identities)]
        lines += [f"  - set {field} to {value!r}" for field, value in sorted(changes.items())]
        lines.append("Then confirm in Pactum that it is done.")
        return self._task("correct", f"Correct the person's records in {self._system.name}", lines)

    def _where(self) -> str:
        owner = f" (owner: {self._system.owner})" if self._system.owner else ""
        return f"{self._system.name}{owner}"

    def _task(self, action: str, title: str, lines: list[str]) -> ManualTask:
        return ManualTask(self._system.id, action, title, "\n".join(lines))


def _identity_lines(identities: Iterable[Identity]) -> list[str]:
    return [f"  - {identity.kind}: {identity.value}" for identity in sorted(identities)]
