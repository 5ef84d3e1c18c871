"""The demo database's inventory: the annotated template, filled in with the database's URL."""

from __future__ import annotations

import functools
import json
from importlib import resources

from pactum.inventory.loading import parse_inventory

TEMPLATE_NAME = "inventory.yaml"
PLACEHOLDER = "${DEMO_DATABASE_URL}"


def demo_inventory_text(url: str) -> str:
    """The inventory YAML for the demo database at `url` (every system points at it)."""
    template = resources.files("pactum.demo").joinpath(TEMPLATE_NAME).read_text(encoding="utf-8")
    # A JSON string is a valid YAML double-quoted scalar, whatever the path holds.
    return template.replace(PLACEHOLDER, json.dumps(url))


def annotated_personal_columns() -> set[tuple[str, str]]:
    """(table, column) of every field the template gives a category or an identity."""
    return set(_annotated())


@functools.cache
def _annotated() -> frozenset[tuple[str, str]]:
    inventory = parse_inventory(demo_inventory_text("sqlite://"), TEMPLATE_NAME, policy=None)
    return frozenset(
        (dataset.name, field.name)
        for system in inventory.systems
        for dataset in system.datasets
        for field in dataset.fields
        if field.category or field.identity
    )
