"""The company's systems as a worker process keeps them: connectors reused for a minute.

Building connectors reflects every table of every system; doing it for each request costs more
than the request itself. A worker keeps one set per inventory for `REUSE_FOR` seconds, then
builds a fresh one, so a changed schema is seen again within a minute (and a query against a
column that is gone fails before it changes anything). See docs/decisions/0026.
"""

from __future__ import annotations

import threading
import time

from pactum.connectors.systems import ConnectorSet, connectors_for
from pactum.inventory.document import Inventory
from pactum.signing import sha256_hex

REUSE_FOR = 60.0
_lock = threading.Lock()
_current: dict[str, tuple[ConnectorSet, float]] = {}
_retired: list[tuple[ConnectorSet, float]] = []


def shared_connectors(inventory: Inventory) -> ConnectorSet:
    """The connectors for this inventory, built at most once a minute in this process."""
    key = sha256_hex(inventory.model_dump_json().encode())
    now = time.monotonic()
    with _lock:
        _close_retired(now)
        found = _current.get(key)
        if found is not None and now - found[1] <= REUSE_FOR:
            return found[0]
        if found is not None:
            _retired.append((found[0], now))  # a pass may still use it: closed a minute later
        built = connectors_for(inventory)
        _current[key] = (built, now)
        return built


def _close_retired(now: float) -> None:
    while _retired and now - _retired[0][1] > REUSE_FOR:
        _retired.pop(0)[0].close()
