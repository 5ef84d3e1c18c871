"""The inventory as a graph: which fields hold which identity, which datasets refer to which."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from pactum.inventory.document import Dataset, Erasure, Inventory, System, SystemKind

NodeId = tuple[str, str]  # (system, dataset)


@dataclass(frozen=True)
class Node:
    system: System
    dataset: Dataset

    @property
    def id(self) -> NodeId:
        return (self.system.id, self.dataset.name)

    @property
    def is_manual(self) -> bool:
        return self.system.kind is SystemKind.MANUAL

    @property
    def is_personal(self) -> bool:
        """A dataset without categories or identities (products, currencies) is no one's."""
        return any(f.category or f.identity for f in self.dataset.fields)

    def erasure(self, field: str) -> Erasure:
        described = self.dataset.field(field)
        return self.dataset.erasure_of(described) if described else self.dataset.erasure

    def identity_fields(self) -> list[tuple[str, str]]:
        """(field, identity kind) of every identity field."""
        return [(f.name, f.identity) for f in self.dataset.fields if f.identity]


@dataclass(frozen=True)
class Edge:
    """`child.fields` refer to `parent.parent_fields`.

    A mention is a self-reference (an employee's manager), a second reference to the same
    dataset (an absence's approver next to its employee), or a reference between datasets about
    different kinds of people (`subjects`): the child row belongs to someone else and only
    mentions the person, so the walk links it (to unlink it) but never takes it as theirs."""

    child: NodeId
    fields: tuple[str, ...]
    parent: NodeId
    parent_fields: tuple[str, ...]
    is_mention: bool


class Graph:
    def __init__(self, inventory: Inventory) -> None:
        self.nodes: dict[NodeId, Node] = {}
        self.edges: list[Edge] = []
        self._identities: dict[str, list[tuple[NodeId, str]]] = defaultdict(list)
        for system in inventory.systems:
            for dataset in system.datasets:
                node = Node(system, dataset)
                self.nodes[node.id] = node
                for name, kind in node.identity_fields():
                    self._identities[kind].append((node.id, name))
        for node in self.nodes.values():
            self.edges += _edges(node, self.nodes)
        self._from: dict[NodeId, list[Edge]] = defaultdict(list)
        self._to: dict[NodeId, list[Edge]] = defaultdict(list)
        for edge in self.edges:
            self._from[edge.child].append(edge)
            self._to[edge.parent].append(edge)

    @classmethod
    def of(cls, inventory: Inventory) -> Graph:
        """The graph of an inventory, built once per inventory object: a graph is never changed
        after it is built, and every walk (two per deletion) would otherwise build it again."""
        found = _graphs.get(id(inventory))
        if found is None or found[0] is not inventory:
            if len(_graphs) >= 16:  # inventory versions a long-running worker went through
                _graphs.clear()
            found = _graphs[id(inventory)] = (inventory, cls(inventory))
        return found[1]

    def node(self, node_id: NodeId) -> Node:
        return self.nodes[node_id]

    def identity_fields(self, kind: str) -> list[tuple[NodeId, str]]:
        return list(self._identities.get(kind, []))

    def references_from(self, node_id: NodeId) -> list[Edge]:
        return list(self._from.get(node_id, []))

    def references_to(self, node_id: NodeId) -> list[Edge]:
        return list(self._to.get(node_id, []))

    def may_follow(self, edge: Edge) -> bool:
        """Backward (from a parent row to the rows that refer to it): both ends automatic.
        Forward (from a row to its parent) also needs a parent that holds someone's data, and
        never goes through a mention."""
        return not (self.nodes[edge.child].is_manual or self.nodes[edge.parent].is_manual)

    def may_follow_forward(self, edge: Edge) -> bool:
        return self.may_follow(edge) and not edge.is_mention and self.nodes[edge.parent].is_personal


# The inventory is kept beside its graph, so an id reused by a new object never matches.
_graphs: dict[int, tuple[Inventory, Graph]] = {}


def _edges(node: Node, nodes: dict[NodeId, Node]) -> list[Edge]:
    edges: list[Edge] = []
    seen: set[NodeId] = set()
    for reference in node.dataset.references:
        system, _, dataset = reference.to.rpartition(".")
        parent = (system or node.system.id, dataset)
        target = nodes.get(parent)
        if target is None:
            continue
        mention = parent == node.id or parent in seen or not _same_people(node, target)
        edges.append(
            Edge(node.id, tuple(reference.fields), parent, tuple(reference.to_fields), mention)
        )
        seen.add(parent)
    return edges


def _same_people(child: Node, parent: Node) -> bool:
    """An order's sales representative is an employee, not the customer who ordered."""
    a, b = set(child.dataset.subjects), set(parent.dataset.subjects)
    return not (a and b) or bool(a & b)
