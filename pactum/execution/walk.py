"""Locating a person: from verified identities through every system, until nothing new turns up.

Each round looks up the new identities in every field that holds their kind, and follows the
references of the new rows both ways, one indexed query per dataset and column set. The rules
that keep other people out (docs/decisions/0031-the-walk-and-its-guards.md):
- a shared dataset's rows are reported and unlinked, never followed, and an identity value found
  in a shared row (a switchboard number, a billing address) is shared, never searched further;
- a mention (self-reference, second reference to one dataset) makes a row linked, not theirs;
- a row reached through a discovered identity or a forward reference that carries identities of
  a verified kind, none of them the person's, is withheld unless a later round makes it theirs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from pactum.connectors.base import Lookup, Row, RowKey, key_text
from pactum.connectors.stored_forms import matches, stored_forms
from pactum.connectors.systems import ConnectorSet
from pactum.errors import InvalidDocument, Problem
from pactum.execution.footprint import Footprint, HeldRow, Holding, Withheld
from pactum.execution.graph import Edge, Graph, Node, NodeId
from pactum.identities import Identity, try_normalize
from pactum.inventory.document import Inventory


def locate(
    inventory: Inventory, identities: Iterable[Identity], connectors: ConnectorSet
) -> Footprint:
    walk = Walk(Graph.of(inventory), connectors, identities)
    walk.run()
    return walk.footprint()


@dataclass
class _Asked:
    """A look-up of a round; its rows once the round's look-ups are answered."""

    rows: list[Row] = field(default_factory=list)


@dataclass
class Linked:
    """A row of a shared dataset, or someone else's row that mentions the person."""

    row: Row
    fields: set[str] = field(default_factory=set)  # the person's: their identity, their link
    reached: bool = False  # reached from one of the person's rows (their household's address)


class Walk:
    """`identities` are verified; `discovered` ones (found on the person's rows by an earlier
    walk) are searched from the start but trusted no more than when they were found."""

    def __init__(
        self,
        graph: Graph,
        connectors: ConnectorSet,
        identities: Iterable[Identity],
        discovered: Iterable[Identity] = (),
    ) -> None:
        self.graph = graph
        self.connectors = connectors
        self.verified = frozenset(identities)
        self.trusted: set[Identity] = {*self.verified, *discovered}
        self.shared_values: set[Identity] = set()
        self.forms: dict[Identity, set[str]] = defaultdict(set)
        self.own: dict[NodeId, dict[str, Row]] = defaultdict(dict)
        self.linked: dict[NodeId, dict[str, Linked]] = defaultdict(dict)
        self.held: dict[NodeId, dict[str, Row]] = defaultdict(dict)
        self.ambiguous: dict[NodeId, set[str]] = defaultdict(set)
        self.rows_read = 0
        self.lookups = 0
        self._searched: dict[tuple[NodeId, tuple[str, ...]], set[RowKey]] = defaultdict(set)
        self._new_identities: list[Identity] = sorted(self.trusted)
        self._new_rows: list[tuple[NodeId, Row]] = []
        self._asked: list[tuple[Lookup, _Asked]] = []

    def run(self) -> None:
        self._check_schemas()
        with self.connectors.reading():
            while self._new_identities or self._new_rows:
                identities, self._new_identities = self._new_identities, []
                rows, self._new_rows = self._new_rows, []
                # A round's look-ups depend only on what the round starts from: they are made
                # together (one batch per database), then sorted out in the order made.
                searches = self._searches(identities)
                forward, backward = self._references(rows)
                following = [(self._ask(node_id, names, values), node_id)
                             for (node_id, names), values in sorted(forward.items())]  # fmt: skip
                back = [(self._ask(edge.child, edge.fields, values), edge)
                        for edge, values in sorted(backward.items(), key=lambda i: repr(i[0]))]  # fmt: skip
                self._answer()
                self._sort_out_found(searches)
                self._follow(following, back)
                self._release_held()

    def footprint(self) -> Footprint:
        holdings = [self._holding(node_id) for node_id in sorted({*self.own, *self.linked})]
        manual = [node.system.id for node in self.graph.nodes.values() if node.is_manual]
        return Footprint(
            identities=self.verified,
            discovered=frozenset(self.trusted - self.verified),
            holdings=tuple(h for h in holdings if h.rows),
            withheld=tuple(self._withheld()),
            manual=tuple(
                self.connectors.manual(system).search_task(self.trusted)
                for system in dict.fromkeys(manual)
            ),
            rows_read=self.rows_read,
            lookups=self.lookups,
        )

    def _holding(self, node_id: NodeId) -> Holding:
        node = self.graph.node(node_id)
        own = self.own[node_id]
        listed = [f.name for f in node.dataset.fields]
        rows = [
            HeldRow(row.key, filled, filled, shared=False)
            for row in own.values()
            for filled in [tuple(n for n in listed if row.values.get(n) is not None)]
        ]
        rows += [
            held
            for key, linked in self.linked[node_id].items()
            if key not in own and (held := self._linked_row(node, linked)) is not None
        ]
        return Holding(
            system=node.system.id,
            dataset=node.dataset.name,
            shape=self.connectors[node.system.id].shape(node.dataset.name),
            categories={f.name: f.category for f in node.dataset.fields},
            rows=tuple(sorted(rows, key=lambda r: key_text(r.key))),
        )

    def _linked_row(self, node: Node, linked: Linked) -> HeldRow | None:
        """The person's fields of a shared row: their identities and their links; a copy also
        shows the row's other described fields when one of their rows points at it (the
        street of their household's address), never someone else's identity."""
        values = linked.row.values
        theirs = linked.fields | {
            name
            for name, kind in node.identity_fields()
            if (identity := self.normalized(node, kind, values.get(name))) is not None
            and identity in self.trusted
        }
        context = {f.name for f in node.dataset.fields if f.category and not f.identity}
        filled = [f.name for f in node.dataset.fields if values.get(f.name) is not None]
        fields = tuple(n for n in filled if n in theirs)
        shown = tuple(n for n in filled if n in theirs or (linked.reached and n in context))
        return HeldRow(linked.row.key, fields, shown, shared=True) if shown else None

    def _withheld(self) -> list[Withheld]:
        withheld = [
            Withheld(*node_id, len(rows), "carries another person's identity")
            for node_id, rows in sorted(self.held.items())
            if rows
        ]
        withheld += [
            Withheld(
                *node_id,
                len(keys - set(self.own[node_id])),
                "found only through an identity that several people share",
            )
            for node_id, keys in sorted(self.ambiguous.items())
            if keys - set(self.own[node_id])
        ]
        return withheld

    def _check_schemas(self) -> None:
        problems: list[Problem] = []
        for connector in self.connectors:
            problems += connector.check()
        if problems:
            raise InvalidDocument("the inventory against the company's systems", problems)

    def _searches(
        self, identities: list[Identity]
    ) -> list[tuple[_Asked, NodeId, str, list[Identity]]]:
        """The look-ups of new identities in every field that holds their kind."""
        wanted: dict[tuple[NodeId, str], list[Identity]] = defaultdict(list)
        for identity in identities:
            for node_id, name in self.graph.identity_fields(identity.kind):
                if not self.graph.node(node_id).is_manual:
                    wanted[(node_id, name)].append(identity)
        searches = []
        spelled: dict[tuple[Identity, ...], set[RowKey]] = {}  # one person's phone, six columns
        for (node_id, name), group in sorted(wanted.items()):
            values = spelled.get(tuple(group))
            if values is None:
                values = spelled[tuple(group)] = {
                    (form,) for i in group for form in stored_forms(i) | self.forms[i]
                }
            searches.append((self._ask(node_id, (name,), values), node_id, name, group))
        return searches

    def _sort_out_found(self, searches: list[tuple[_Asked, NodeId, str, list[Identity]]]) -> None:
        found: list[tuple[Node, str, Row, Identity]] = []
        for asked, node_id, name, group in searches:
            for row in asked.rows:
                match = next((i for i in group if matches(i, row.values.get(name))), None)
                if match is not None:
                    found.append((self.graph.node(node_id), name, row, match))
        for node, _, _, identity in found:
            if node.dataset.shared and identity not in self.verified:
                self.shared_values.add(identity)
                self.trusted.discard(identity)
        for node, name, row, identity in found:
            self._sort_out(node, name, row, identity)

    def _sort_out(self, node: Node, name: str, row: Row, identity: Identity) -> None:
        if node.dataset.shared:
            fields = {name} if identity in self.trusted else set()
            self._link(node.id, row, fields, reached=False)
        elif identity in self.shared_values:
            self.ambiguous[node.id].add(key_text(row.key))
        elif identity in self.verified:
            self._take(node, row)
        else:
            self._take_unless_conflict(node, row)

    def _follow(
        self, forward: list[tuple[_Asked, NodeId]], backward: list[tuple[_Asked, Edge]]
    ) -> None:
        """The rows the previous round's rows refer to, and those that refer to them."""
        for asked, node_id in forward:
            node = self.graph.node(node_id)
            for row in asked.rows:
                if node.dataset.shared:
                    self._link(node_id, row, set(), reached=True)
                else:
                    self._take_unless_conflict(node, row)
        for asked, edge in backward:
            node = self.graph.node(edge.child)
            for row in asked.rows:
                if node.dataset.shared or edge.is_mention:
                    self._link(edge.child, row, set(edge.fields), reached=False)
                else:
                    self._take(node, row)

    def _references(
        self, rows: list[tuple[NodeId, Row]]
    ) -> tuple[dict[tuple[NodeId, tuple[str, ...]], set[RowKey]], dict[Edge, set[RowKey]]]:
        """The parents the rows refer to (not through mentions), and the children referring to them."""
        forward: dict[tuple[NodeId, tuple[str, ...]], set[RowKey]] = defaultdict(set)
        backward: dict[Edge, set[RowKey]] = defaultdict(set)
        for node_id, row in rows:
            for edge in self.graph.references_from(node_id):
                value = tuple(row.values.get(name) for name in edge.fields)
                if self.graph.may_follow_forward(edge) and None not in value:
                    forward[(edge.parent, edge.parent_fields)].add(value)
            for edge in self.graph.references_to(node_id):
                value = tuple(row.values.get(name) for name in edge.parent_fields)
                if self.graph.may_follow(edge) and None not in value:
                    backward[edge].add(value)
        return forward, backward

    def _ask(self, node_id: NodeId, names: tuple[str, ...], values: set[RowKey]) -> _Asked:
        """A look-up of the values not yet looked up in these columns, answered by `_answer`."""
        searched = self._searched[(node_id, names)]
        new = values - searched
        asked = _Asked()
        if new:
            searched |= new
            self._asked.append((Lookup(node_id[0], node_id[1], names, _in_order(new)), asked))
        return asked

    def _answer(self) -> None:
        """The round's look-ups, made together."""
        asked, self._asked = self._asked, []
        found = self.connectors.find_all([lookup for lookup, _ in asked])
        for (_, answer), rows in zip(asked, found, strict=True):
            answer.rows = rows
            self.lookups += 1
            self.rows_read += len(rows)

    def _take(self, node: Node, row: Row) -> None:
        key = key_text(row.key)
        if key in self.own[node.id]:
            return
        self.own[node.id][key] = row
        self.held[node.id].pop(key, None)
        self._new_rows.append((node.id, row))
        for name, kind in node.identity_fields():
            self._discover(node, kind, row.values.get(name))

    def _take_unless_conflict(self, node: Node, row: Row) -> None:
        if self._conflicts(node, row):
            self.held[node.id].setdefault(key_text(row.key), row)
        else:
            self._take(node, row)

    def _link(self, node_id: NodeId, row: Row, fields: set[str], *, reached: bool) -> None:
        linked = self.linked[node_id].setdefault(key_text(row.key), Linked(row))
        linked.fields |= fields
        linked.reached = linked.reached or reached

    def _discover(self, node: Node, kind: str, raw: object) -> None:
        identity = self.normalized(node, kind, raw)
        if identity is None or identity in self.shared_values:
            return
        if isinstance(raw, str) and raw != identity.value:
            self.forms[identity].add(raw)
        if identity not in self.trusted:
            self.trusted.add(identity)
            self._new_identities.append(identity)

    def _conflicts(self, node: Node, row: Row) -> bool:
        """The row carries identities of a verified kind, and none of them is the person's."""
        kinds = {i.kind for i in self.verified}
        for kind in kinds:
            held = [
                self.normalized(node, kind, row.values.get(name))
                for name, k in node.identity_fields()
                if k == kind
            ]
            present = [i for i in held if i is not None]
            if present and not any(i in self.trusted for i in present):
                return True
        return False

    def _release_held(self) -> None:
        for node_id, rows in list(self.held.items()):
            node = self.graph.node(node_id)
            for row in list(rows.values()):
                if not self._conflicts(node, row):
                    self._take(node, row)

    @staticmethod
    def normalized(node: Node, kind: str, raw: object) -> Identity | None:
        return try_normalize(kind, raw, default_region=node.system.country or "US")


def _in_order(keys: set[RowKey]) -> list[RowKey]:
    """A stable order for the look-ups (the same statements in every run): the keys' own order
    when they compare (text with text, numbers with numbers), else their text."""
    try:
        return sorted(keys)
    except TypeError:
        return sorted(keys, key=repr)
