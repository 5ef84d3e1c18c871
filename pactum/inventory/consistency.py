"""Cross-references inside an inventory, and against the policy it must agree with."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from pactum.inventory.document import Dataset, Inventory, System, SystemKind
from pactum.policy.document import Policy

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Inconsistency:
    path: Path
    what: str
    fix: str


def find_inconsistencies(inventory: Inventory, policy: Policy | None) -> list[Inconsistency]:
    found = list(_duplicates(inventory))
    for s, system in enumerate(inventory.systems):
        if system.kind is SystemKind.SQL and not system.url:
            found.append(
                Inconsistency(("systems", s), f"SQL system {system.id!r} has no url", "add `url:`")
            )
        for d, dataset in enumerate(system.datasets):
            found.extend(_references(inventory, system, dataset, ("systems", s, "datasets", d)))
    if policy is not None:
        found.extend(_against_policy(inventory, policy))
    return found


def _duplicates(inventory: Inventory) -> Iterator[Inconsistency]:
    systems: set[str] = set()
    for s, system in enumerate(inventory.systems):
        if system.id in systems:
            yield Inconsistency(
                ("systems", s, "id"), f"duplicate system {system.id!r}", "rename it"
            )
        systems.add(system.id)
        datasets: set[str] = set()
        for d, dataset in enumerate(system.datasets):
            path: Path = ("systems", s, "datasets", d)
            if dataset.name in datasets:
                yield Inconsistency(
                    (*path, "name"),
                    f"duplicate dataset {dataset.name!r} in {system.id}",
                    "merge them",
                )
            datasets.add(dataset.name)
            fields: set[str] = set()
            for f, field in enumerate(dataset.fields):
                if field.name in fields:
                    yield Inconsistency(
                        (*path, "fields", f, "name"),
                        f"duplicate field {field.name!r} in {system.id}.{dataset.name}",
                        "describe each column once",
                    )
                fields.add(field.name)


def _references(
    inventory: Inventory, system: System, dataset: Dataset, path: Path
) -> Iterator[Inconsistency]:
    for r, reference in enumerate(dataset.references):
        here: Path = (*path, "references", r)
        for name in reference.fields:
            if dataset.field(name) is None:
                yield Inconsistency(
                    (*here, "fields"),
                    f"{system.id}.{dataset.name} has no field {name!r} to reference from",
                    "list the column under `fields:` first",
                )
        target_system, _, target_name = reference.to.rpartition(".")
        owner = inventory.system(target_system) if target_system else system
        target = owner.dataset(target_name) if owner else None
        if target is None:
            yield Inconsistency(
                (*here, "to"),
                f"reference to a missing table {reference.to!r}",
                "name a dataset of this system, or `system.dataset` of another",
            )
            continue
        for name in reference.to_fields:
            if target.field(name) is None:
                yield Inconsistency(
                    (*here, "to_fields"),
                    f"{reference.to} has no field {name!r}",
                    "reference a column that the target dataset lists",
                )


def _against_policy(inventory: Inventory, policy: Policy) -> Iterator[Inconsistency]:
    categories = {c.id for c in policy.categories}
    purposes = {p.id for p in policy.purposes}
    for s, system in enumerate(inventory.systems):
        for p, purpose in enumerate(system.purposes):
            if purpose not in purposes:
                yield Inconsistency(
                    ("systems", s, "purposes", p),
                    f"purpose {purpose!r} is not declared in the policy",
                    "declare it in the policy or correct the name",
                )
        for d, dataset in enumerate(system.datasets):
            for f, field in enumerate(dataset.fields):
                if field.category and field.category not in categories:
                    yield Inconsistency(
                        ("systems", s, "datasets", d, "fields", f, "category"),
                        f"category {field.category!r} of {system.id}.{dataset.name}.{field.name} "
                        "is not declared in the policy",
                        "declare the category in the policy, or use one it declares",
                    )
