"""The inventory as a picture: systems as lanes, tables as boxes, references as arrows (SVG layout)."""

from __future__ import annotations

from dataclasses import dataclass, field

from pactum.inventory.document import Dataset, Inventory
from pactum.policy.document import Policy, Sensitivity

LANE_WIDTH = 250
LANE_GAP = 70
NODE_HEIGHT = 66
NODE_GAP = 14
TOP = 62
MARGIN = 16
PER_ROW = 4
ROW_GAP = 30


@dataclass(frozen=True)
class Node:
    key: str  # system.dataset
    x: int
    y: int
    width: int
    name: str
    identities: str
    categories: str
    fields: int
    sensitive: bool


@dataclass(frozen=True)
class Lane:
    x: int
    y: int
    name: str
    kind: str
    where: str
    height: int


@dataclass(frozen=True)
class Edge:
    path: str
    label: str


@dataclass
class Picture:
    width: int
    height: int
    lanes: list[Lane] = field(default_factory=list)
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)


def _categories(dataset: Dataset, policy: Policy | None) -> tuple[str, bool]:
    ids = sorted({f.category for f in dataset.fields if f.category})
    names, sensitive = [], False
    for category_id in ids:
        category = policy.category(category_id) if policy else None
        names.append(category.name if category else category_id.rsplit(".", 1)[-1])
        sensitive = sensitive or bool(category and category.sensitivity is not Sensitivity.STANDARD)
    shown = ", ".join(names[:3]) + (f" +{len(names) - 3}" if len(names) > 3 else "")
    return shown or "no personal data", sensitive


def layout(inventory: Inventory, policy: Policy | None) -> Picture:
    """Systems side by side, at most PER_ROW to a row, so names stay readable."""
    nodes: dict[str, Node] = {}
    lanes: list[Lane] = []
    row_top, row_height = MARGIN, 0
    for index, system in enumerate(inventory.systems):
        if index and index % PER_ROW == 0:
            row_top, row_height = row_top + row_height + ROW_GAP, 0
        x = MARGIN + (index % PER_ROW) * (LANE_WIDTH + LANE_GAP)
        y = row_top + TOP
        for dataset in system.datasets:
            shown, sensitive = _categories(dataset, policy)
            identities = sorted({f.identity for f in dataset.fields if f.identity})
            nodes[f"{system.id}.{dataset.name}"] = Node(
                key=f"{system.id}.{dataset.name}",
                x=x + 10,
                y=y,
                width=LANE_WIDTH - 20,
                name=dataset.name,
                identities=", ".join(identities),
                categories=shown,
                fields=len(dataset.fields),
                sensitive=sensitive,
            )
            y += NODE_HEIGHT + NODE_GAP
        height = max(y - row_top, 120)
        row_height = max(row_height, height)
        where = " · ".join(p for p in (system.kind.value.upper(), system.country or "") if p)
        lanes.append(
            Lane(
                x=x, y=row_top, name=system.name, kind=system.kind.value, where=where, height=height
            )
        )
    columns = min(PER_ROW, max(1, len(lanes)))
    picture = Picture(
        width=MARGIN * 2 + columns * (LANE_WIDTH + LANE_GAP) - LANE_GAP,
        height=row_top + row_height + MARGIN,
        lanes=lanes,
        nodes=list(nodes.values()),
    )
    for system in inventory.systems:
        for dataset in system.datasets:
            source = nodes[f"{system.id}.{dataset.name}"]
            for reference in dataset.references:
                target_key = reference.to if "." in reference.to else f"{system.id}.{reference.to}"
                target = nodes.get(target_key)
                if target is not None:
                    label = f"{dataset.name}.{','.join(reference.fields)} → {target.name}"
                    picture.edges.append(Edge(path=_curve(source, target), label=label))
    return picture


def _curve(source: Node, target: Node) -> str:
    """A cubic curve from one box's side to the other's, looping out when both share a lane."""
    y1 = source.y + NODE_HEIGHT // 2
    y2 = target.y + NODE_HEIGHT // 2
    if source.x == target.x:
        right = source.x + source.width
        bend = right + 26 + abs(y2 - y1) // 8
        return f"M{right},{y1} C{bend},{y1} {bend},{y2} {right},{y2 - 4}"
    if target.x > source.x:
        x1, x2 = source.x + source.width, target.x
    else:
        x1, x2 = source.x, target.x + target.width
    middle = (x1 + x2) // 2
    return f"M{x1},{y1} C{middle},{y1} {middle},{y2} {x2},{y2}"
