"""Planning a correction: the new values go where the inventory says the field lives, for the
person's rows only (and only their own fields of shared rows)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from pactum.connectors.base import chunks, key_text
from pactum.connectors.manual import ManualConnector
from pactum.errors import Invalid
from pactum.execution.footprint import Footprint, HeldRow, Holding
from pactum.execution.graph import Graph, Node
from pactum.execution.plan import STEP_ROWS
from pactum.execution.steps import Action, Step
from pactum.identities import normalize
from pactum.inventory.document import DataField, Inventory, SystemKind


def plan_correction(
    inventory: Inventory, footprint: Footprint, changes: Mapping[str, str]
) -> list[Step]:
    """`changes` maps a category (`user.contact.phone_number`) or a `system.dataset.field` to
    the new value. Every key must reach at least one of the person's fields."""
    graph = Graph.of(inventory)
    used: set[str] = set()
    steps: list[Step] = []
    for holding in footprint.holdings:
        node = graph.node((holding.system, holding.dataset))
        values = _new_values(node, holding, changes, used)
        if values:
            steps += _steps(holding, values)
    steps += _manual_steps(inventory, graph, footprint, changes, used)
    unused = sorted(set(changes) - used)
    if unused:
        raise Invalid(
            f"nothing of this person is stored as {unused[0]!r}",
            where=unused[0],
            fix="name a category or a `system.dataset.field` that holds the person's data",
        )
    return steps


def _target(node: Node, described: DataField, changes: Mapping[str, str]) -> str | None:
    place = f"{node.system.id}.{node.dataset.name}.{described.name}"
    if place in changes:
        return place
    return described.category if described.category in changes else None


def _new_values(
    node: Node, holding: Holding, changes: Mapping[str, str], used: set[str]
) -> dict[str, str]:
    values: dict[str, str] = {}
    for described in node.dataset.fields:
        target = _target(node, described, changes)
        if target is None or described.name in holding.shape.primary_key:
            continue
        if not any(described.name in row.fields or not row.shared for row in holding.rows):
            continue
        used.add(target)
        values[described.name] = _value(described, changes[target], target)
    return values


def _value(described: DataField, raw: str, target: str) -> str:
    if described.identity in ("email", "phone"):
        return normalize(described.identity, raw).value
    value = raw.strip()
    if not value or len(value) > 10_000:
        raise Invalid(
            f"an empty or over-long value for {target}", where=target, fix="give the new value"
        )
    return value


def _steps(holding: Holding, values: dict[str, str]) -> list[Step]:
    groups: dict[tuple[str, ...], list[HeldRow]] = defaultdict(list)
    for row in holding.rows:
        names = tuple(n for n in values if not row.shared or n in row.fields)
        if names:
            groups[names].append(row)
    steps = []
    for names, rows in sorted(groups.items()):
        keys = sorted((row.key for row in rows), key=key_text)
        for batch in chunks(keys, STEP_ROWS):
            steps.append(
                Step.make(
                    holding.system,
                    holding.dataset,
                    Action.CORRECT,
                    keys=tuple(batch),
                    values={n: values[n] for n in names},
                )
            )
    return steps


def _manual_steps(
    inventory: Inventory,
    graph: Graph,
    footprint: Footprint,
    changes: Mapping[str, str],
    used: set[str],
) -> list[Step]:
    """Manual systems may hold the field for this person: staff are asked to correct it."""
    steps = []
    for system in (s for s in inventory.systems if s.kind is SystemKind.MANUAL):
        wanted: dict[str, str] = {}
        for node in (graph.node((system.id, d.name)) for d in system.datasets):
            for described in node.dataset.fields:
                target = _target(node, described, changes)
                if target is not None:
                    used.add(target)
                    wanted[f"{node.dataset.name}.{described.name}"] = _value(
                        described, changes[target], target
                    )
        if wanted:
            task = ManualConnector(system).correction_task(wanted, footprint.all_identities)
            steps.append(Step.make(system.id, "*", Action.MANUAL, task=task))
    return steps
