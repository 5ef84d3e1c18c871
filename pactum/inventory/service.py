"""Importing inventory versions and reading the current one."""

from __future__ import annotations

import json

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pactum.audit.service import record
from pactum.clock import Clock
from pactum.db import core
from pactum.errors import InvalidDocument, NotFound, Problem
from pactum.inventory.consistency import find_inconsistencies
from pactum.inventory.document import Inventory, System
from pactum.inventory.fides import is_fides_dataset, systems_from_fides
from pactum.inventory.loading import parse_inventory
from pactum.inventory.models import InventoryVersion
from pactum.policy.document import Policy
from pactum.prepared import Prepared
from pactum.signing import sha256_hex
from pactum.yaml_source import dotted, parse_yaml


def read_inventory_source(
    text: str,
    name: str,
    policy: Policy | None,
    *,
    url: str | None = None,
    current: Inventory | None = None,
) -> tuple[Inventory, list[str]]:
    """A Pactum inventory, or a Fides dataset merged into the current inventory."""
    source = parse_yaml(text, name)
    if not is_fides_dataset(source):
        return parse_inventory(text, name, policy), []
    systems, notes = systems_from_fides(source, url)
    merged = _merge(current, systems)
    problems = [
        Problem(item.what, name, item.fix, dotted(item.path))
        for item in find_inconsistencies(merged, policy)
    ]
    if problems:
        raise InvalidDocument(name, problems)
    return merged, notes


def _merge(current: Inventory | None, systems: list[System]) -> Inventory:
    replaced = {s.id for s in systems}
    kept = [s for s in (current.systems if current else []) if s.id not in replaced]
    return Inventory(systems=[*kept, *systems])


def store_inventory(
    session: Session,
    clock: Clock,
    inventory: Inventory,
    *,
    text: str,
    source_name: str,
    actor: str,
) -> InventoryVersion:
    """Store a new current version (the text as given, and the validated document)."""
    document = inventory.model_dump(mode="json")
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"))
    number = (session.scalar(select(func.max(InventoryVersion.id))) or 0) + 1
    version = InventoryVersion(
        id=number,
        sha256=sha256_hex(canonical.encode()),
        source=text,
        source_name=source_name,
        document=document,
        imported_at=clock.now(),
        imported_by=actor,
    )
    session.add(version)
    record(
        session,
        clock,
        actor=actor,
        action="inventory.imported",
        target=f"inventory:{number}",
        details={"systems": [s.id for s in inventory.systems], "source": source_name},
    )
    return version


_parsed: dict[tuple[int, str], Inventory] = {}


def current_inventory(session: Session) -> Inventory:
    """The newest version; each is read and validated once per process (a worker asks for it
    on every request), found again by its number and digest."""
    newest = _NEWEST_INVENTORY.execute(core(session), {}).fetchone()
    if newest is None:
        raise NotFound("no inventory is imported yet", fix="run `pactum inventory import FILE`")
    key = (newest[0], newest[1])
    found = _parsed.get(key)
    if found is None:
        document = session.scalar(
            select(InventoryVersion.document).where(InventoryVersion.id == newest[0])
        )
        found = _parsed[key] = Inventory.model_validate(document)
    return found


# Built once, run on the connection: a worker asks on every pass.
_NEWEST_INVENTORY = Prepared(
    select(InventoryVersion.id, InventoryVersion.sha256)
    .order_by(InventoryVersion.id.desc())
    .limit(1)
)


def find_current_inventory(session: Session) -> Inventory | None:
    try:
        return current_inventory(session)
    except NotFound:
        return None
