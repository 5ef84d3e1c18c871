"""The proof of an erasure: a fresh search finds nothing but what the law requires to keep.

The proof holds counts, places and a digest of what the plan removed, never a value, so it can
go into the audit log as it is.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from pactum.connectors.base import Row
from pactum.connectors.systems import ConnectorSet
from pactum.execution.graph import Graph, Node
from pactum.execution.plan import ErasurePlan
from pactum.execution.steps import is_erased
from pactum.execution.walk import Walk
from pactum.identities import Identity
from pactum.inventory.document import Erasure, Inventory
from pactum.signing import sha256_hex


@dataclass(frozen=True)
class Leftover:
    """Values of one field found again for the person, and the reason they may stay (if any)."""

    system: str
    dataset: str
    field: str
    rows: int
    kept_because: str | None  # None: it should have been erased


@dataclass(frozen=True)
class Proof:
    is_complete: bool  # nothing found but kept fields
    kept: tuple[Leftover, ...]
    remaining: tuple[Leftover, ...]
    identities_checked: int
    rows_read: int
    withheld: int  # rows reached again but, as in the first walk, not taken as the person's
    removed_digest: str  # SHA-256 over the plan's steps: ids, places, fields and row counts
    steps: int
    rows_planned: int

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def verify_erasure(
    inventory: Inventory,
    identities: Iterable[Identity],
    connectors: ConnectorSet,
    *,
    discovered: Iterable[Identity] = (),
    plan: ErasurePlan | None = None,
) -> Proof:
    """Search again from the person's identities (those they gave and, `discovered`, those the
    first walk found on their rows) and sort what is still there into kept (with the reason)
    and remaining. The search trusts each identity as the first walk did: a row reached through
    a discovered identity that carries someone else's is withheld again, not counted as left."""
    found_on_rows = frozenset(discovered)
    checked = frozenset(identities) | found_on_rows
    walk = Walk(
        Graph.of(inventory), connectors, frozenset(identities) - found_on_rows, found_on_rows
    )
    walk.run()
    found: Counter[tuple[str, str, str, str | None]] = Counter()
    for node_id, rows in walk.own.items():
        node = walk.graph.node(node_id)
        for row in rows.values():
            found.update(_leftovers(node, row, _personal(node), walk))
    for node_id, linked in walk.linked.items():
        node = walk.graph.node(node_id)
        for key, item in linked.items():
            if key not in walk.own[node_id]:
                found.update(
                    _leftovers(node, item.row, item.fields | _theirs(walk, node, item.row), walk)
                )
    leftovers = [
        Leftover(system, dataset, name, rows, reason)
        for (system, dataset, name, reason), rows in sorted(found.items(), key=repr)
    ]
    remaining = tuple(item for item in leftovers if item.kept_because is None)
    steps = plan.steps if plan else ()
    return Proof(
        is_complete=not remaining,
        kept=tuple(item for item in leftovers if item.kept_because is not None),
        remaining=remaining,
        identities_checked=len(checked),
        rows_read=walk.rows_read,
        withheld=sum(w.rows for w in walk.footprint().withheld),
        removed_digest=_digest(plan),
        steps=len(steps),
        rows_planned=sum(len(step.keys) for step in steps),
    )


def _personal(node: Node) -> set[str]:
    return {f.name for f in node.dataset.fields if f.category or f.identity}


def _theirs(walk: Walk, node: Node, row: Row) -> set[str]:
    return {
        name
        for name, kind in node.identity_fields()
        if (identity := walk.normalized(node, kind, row.values.get(name))) is not None
        and identity in walk.trusted
    }


def _leftovers(
    node: Node, row: Row, names: set[str], walk: Walk
) -> list[tuple[str, str, str, str | None]]:
    shape = walk.connectors[node.system.id].shape(node.dataset.name)
    places = []
    for name in sorted(names):
        value = row.values.get(name)
        how = node.erasure(name)
        if value is None or (how in (Erasure.MASK, Erasure.HASH) and is_erased(how, value)):
            continue
        described = node.dataset.field(name)
        if how is Erasure.KEEP and described is not None:
            reason: str | None = described.obligation
        elif name in shape.primary_key or name in shape.required:
            reason = "the key or a required link of a row that is kept"
        else:
            reason = None
        places.append((node.system.id, node.dataset.name, name, reason))
    return places


def _digest(plan: ErasurePlan | None) -> str:
    steps = plan.steps if plan else ()
    listing = [
        {
            "id": step.id,
            "place": f"{step.system}.{step.dataset}",
            "action": step.action.value,
            "fields": sorted(step.fields),
            "rows": len(step.keys),
        }
        for step in steps
    ]
    return sha256_hex(json.dumps(listing, sort_keys=True).encode())
