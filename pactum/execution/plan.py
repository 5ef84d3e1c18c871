"""Planning an erasure: ordered, batched steps that the databases' foreign keys accept.

Order: unlink the person from shared rows, erase the fields of the person's rows that are kept,
then delete rows children before parents (within and across systems), then the manual systems.
A row that kept rows still refer to through a column that cannot be emptied (NOT NULL, a key,
a field kept under an obligation) is kept too, with its personal fields erased
(docs/decisions/0033-erasure-order-and-kept-rows.md).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from pactum.connectors.base import chunks, key_text
from pactum.connectors.manual import ManualConnector
from pactum.execution.footprint import Footprint, HeldRow, Holding
from pactum.execution.graph import Graph, Node, NodeId
from pactum.execution.steps import Action, Step
from pactum.inventory.document import Erasure, Inventory, SystemKind

STEP_ROWS = 500


@dataclass(frozen=True)
class KeptField:
    """A field left in place, and why: the law that requires it, or the row's key."""

    system: str
    dataset: str
    field: str
    category: str | None
    obligation: str
    keep_for: str | None
    rows: int


@dataclass(frozen=True)
class ErasurePlan:
    steps: tuple[Step, ...]
    kept: tuple[KeptField, ...]


def plan_erasure(inventory: Inventory, footprint: Footprint) -> ErasurePlan:
    graph = Graph.of(inventory)
    holdings = {(h.system, h.dataset): h for h in footprint.holdings}
    deleting = _deleting(graph, holdings)
    planner = _Planner(graph, holdings, deleting)
    for node_id, holding in sorted(holdings.items()):
        planner.unlink(graph.node(node_id), holding)
    for node_id, holding in sorted(holdings.items()):
        if node_id not in deleting and holding.own_rows:
            planner.erase(graph.node(node_id), holding)
    for node_id in _children_first(graph, deleting):
        rows = holdings[node_id].own_rows
        planner.add(node_id, Action.DELETE, rows, {})
    steps = [*planner.steps, *_manual_steps(inventory, footprint)]
    return ErasurePlan(tuple(steps), tuple(sorted(planner.kept.values(), key=_kept_order)))


class _Planner:
    def __init__(
        self, graph: Graph, holdings: Mapping[NodeId, Holding], deleting: set[NodeId]
    ) -> None:
        self.graph, self.holdings, self.deleting = graph, holdings, deleting
        self.steps: list[Step] = []
        self.kept: dict[tuple[str, str, str], KeptField] = {}

    def unlink(self, node: Node, holding: Holding) -> None:
        groups: dict[tuple[str, ...], list[HeldRow]] = defaultdict(list)
        for row in holding.shared_rows:
            if row.fields:
                groups[row.fields].append(row)
        links = {name for edge in self.graph.references_from(node.id) for name in edge.fields}
        for names, rows in sorted(groups.items()):
            fields = self._fields(node, holding, names, links, len(rows))
            if fields:
                self.add(node.id, Action.UNLINK, rows, fields)

    def erase(self, node: Node, holding: Holding) -> None:
        """The person's own rows that stay: personal fields by their erasure, and the links to
        rows that are deleted emptied."""
        edges = self.graph.references_from(node.id)
        links = {name for edge in edges for name in edge.fields}
        to_deleted = sorted({n for e in edges if e.parent in self.deleting for n in e.fields})
        described = [f.name for f in node.dataset.fields if f.category or f.identity]
        names = tuple(dict.fromkeys([*described, *to_deleted]))
        fields = self._fields(node, holding, names, links, len(holding.own_rows))
        if fields:
            self.add(node.id, Action.ERASE, holding.own_rows, fields)

    def add(
        self,
        node_id: NodeId,
        action: Action,
        rows: Iterable[HeldRow],
        fields: Mapping[str, Erasure],
    ) -> None:
        keys = sorted((row.key for row in rows), key=key_text)
        for batch in chunks(keys, STEP_ROWS):
            self.steps.append(Step.make(*node_id, action, keys=tuple(batch), fields=dict(fields)))

    def _fields(
        self, node: Node, holding: Holding, names: Iterable[str], links: set[str], rows: int
    ) -> dict[str, Erasure]:
        fields: dict[str, Erasure] = {}
        for name in names:
            how = _how(node, holding, name, is_link=name in links)
            if how is None:
                self._keep(node, holding, name, rows)
            else:
                fields[name] = how
        return fields

    def _keep(self, node: Node, holding: Holding, name: str, rows: int) -> None:
        described = node.dataset.field(name)
        obligation = (
            described.obligation
            if described and described.obligation and node.erasure(name) is Erasure.KEEP
            else "the row's key or a required link: the row is kept"
        )
        keep_for = str(described.keep_for) if described and described.keep_for else None
        place = (*node.id, name)
        before = self.kept.get(place)
        category = described.category if described else None
        total = rows + (before.rows if before else 0)
        self.kept[place] = KeptField(*place, category, obligation, keep_for, total)


def _how(node: Node, holding: Holding, name: str, *, is_link: bool) -> Erasure | None:
    """How to erase one field of a row that stays; None when it stays as it is."""
    how = node.erasure(name)
    shape = holding.shape
    if how is Erasure.KEEP or name in shape.primary_key:
        return None
    if is_link:  # a masked or hashed reference would point nowhere: links are emptied
        return None if name in shape.required else Erasure.NULL
    if how in (Erasure.DELETE_ROW, Erasure.NULL):
        return Erasure.MASK if name in shape.required else Erasure.NULL
    return how


def _deletes_rows(node: Node) -> bool:
    kinds = {node.erasure(f.name) for f in node.dataset.fields}
    return Erasure.DELETE_ROW in kinds and Erasure.KEEP not in kinds


def _deleting(graph: Graph, holdings: Mapping[NodeId, Holding]) -> set[NodeId]:
    """Datasets whose rows are deleted: those that delete rows, unless rows that stay refer
    to them through a column that cannot be emptied."""
    deleting = {n for n, h in holdings.items() if h.own_rows and _deletes_rows(graph.node(n))}
    changed = True
    while changed:
        changed = False
        for edge in graph.edges:
            child = holdings.get(edge.child)
            if edge.parent not in deleting or child is None:
                continue
            stays = (edge.child not in deleting and child.own_rows) or any(
                set(edge.fields) & set(row.fields) for row in child.shared_rows
            )
            node = graph.node(edge.child)
            pinned = any(
                name in child.shape.primary_key
                or name in child.shape.required
                or node.erasure(name) is Erasure.KEEP
                for name in edge.fields
            )
            if stays and pinned:
                deleting.discard(edge.parent)
                changed = True
    return deleting


def _children_first(graph: Graph, deleting: set[NodeId]) -> Iterator[NodeId]:
    """Kahn's order over "child refers to parent"; a cycle is broken by name (a self-reference
    is deleted in one statement, which the database checks at its end)."""
    waiting = {
        n: {e.child for e in graph.references_to(n) if e.child in deleting and e.child != n}
        for n in deleting
    }
    while waiting:
        ready = sorted(n for n, children in waiting.items() if not children) or [min(waiting)]
        for node_id in ready:
            del waiting[node_id]
            for children in waiting.values():
                children.discard(node_id)
            yield node_id


def _manual_steps(inventory: Inventory, footprint: Footprint) -> Iterator[Step]:
    for system in inventory.systems:
        if system.kind is not SystemKind.MANUAL or not system.datasets:
            continue
        erasures = {
            d.name: {f.name: d.erasure_of(f) for f in d.fields if f.category or f.identity}
            for d in system.datasets
        }
        task = ManualConnector(system).erasure_task(erasures, footprint.all_identities)
        yield Step.make(system.id, "*", Action.MANUAL, task=task)


def _kept_order(kept: KeptField) -> tuple[str, str, str]:
    return (kept.system, kept.dataset, kept.field)
