"""One connector per system of an inventory, built from its kind and its (expanded) URL."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, ExitStack, contextmanager
from types import TracebackType

from pactum.connectors.base import Connector, Lookup, Row
from pactum.connectors.http import HttpConnector
from pactum.connectors.manual import ManualConnector
from pactum.connectors.sql import SqlConnector
from pactum.connectors.sql_engine import SqlDatabase
from pactum.errors import Invalid, PactumError
from pactum.inventory.document import Inventory, System, SystemKind
from pactum.inventory.loading import expand_url


class ConnectorSet:
    """The connectors of one inventory; close it (or use `with`) to release their pools."""

    def __init__(
        self, automatic: Mapping[str, Connector], manual: Mapping[str, ManualConnector]
    ) -> None:
        self._automatic = dict(automatic)
        self._manual = dict(manual)

    def __getitem__(self, system: str) -> Connector:
        connector = self._automatic.get(system)
        if connector is None:
            raise Invalid(
                f"system {system!r} has no automatic connector",
                where=system,
                fix="it is a manual system, or not in the inventory",
            )
        return connector

    def __iter__(self) -> Iterator[Connector]:
        return iter(self._automatic.values())

    def is_manual(self, system: str) -> bool:
        return system in self._manual

    def manual(self, system: str) -> ManualConnector:
        connector = self._manual.get(system)
        if connector is None:
            raise Invalid(f"system {system!r} is not a manual system", where=system)
        return connector

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Every connector's look-ups in this thread share a connection until the block ends."""
        with ExitStack() as stack:
            for connector in self._automatic.values():
                stack.enter_context(connector.reading())
            yield

    def find_all(self, lookups: Sequence[Lookup]) -> list[list[Row]]:
        """The rows of each look-up, in order. Those a connector can send together (on
        PostgreSQL, within `reading()`) travel in one batch per database; the others run one
        by one after it. A batch that fails is run again one look-up at a time: a database
        reports a batch's error without saying which statement met it, and the error must
        name its place."""
        found: list[list[Row] | None] = [None] * len(lookups)
        try:
            with ExitStack() as stack:
                for system in dict.fromkeys(lookup.system for lookup in lookups):
                    stack.enter_context(self[system].batch())
                later: list[tuple[int, Callable[[], list[Row]]]] = []
                for index, lookup in enumerate(lookups):
                    connector = self[lookup.system]
                    rows = connector.find_later(lookup.dataset, lookup.fields, lookup.values)
                    if rows is not None:
                        later.append((index, rows))
                for index, rows in later:
                    found[index] = rows()
        except PactumError:
            found = [None] * len(lookups)
        return [
            rows
            if rows is not None
            else self[lookup.system].find(lookup.dataset, lookup.fields, lookup.values)
            for lookup, rows in zip(lookups, found, strict=True)
        ]

    def writing(self, system: str) -> AbstractContextManager[None]:
        """One system's writes in this thread share one transaction until the block ends."""
        return self[system].writing()

    def close(self) -> None:
        for connector in self._automatic.values():
            connector.close()

    def __enter__(self) -> ConnectorSet:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


def connectors_for(inventory: Inventory) -> ConnectorSet:
    """Build every system's connector; `${VARIABLE}`s in URLs come from the environment.
    Nothing is contacted yet: an unreachable system shows up when it is first used."""
    automatic: dict[str, Connector] = {}
    manual: dict[str, ManualConnector] = {}
    databases: dict[str, SqlDatabase] = {}  # systems on one database share its connections
    for system in inventory.systems:
        if system.kind is SystemKind.MANUAL:
            manual[system.id] = ManualConnector(system)
        else:
            automatic[system.id] = _automatic(system, databases)
    return ConnectorSet(automatic, manual)


def _automatic(system: System, databases: dict[str, SqlDatabase]) -> Connector:
    if not system.url:
        raise Invalid(
            f"system {system.id!r} has no url",
            where=system.id,
            fix="add `url:` to the system in the inventory, or make it `kind: manual`",
        )
    url = expand_url(system.url)
    if system.kind is SystemKind.HTTP:
        return HttpConnector(system, url)
    database = databases.get(url)
    if database is None:
        database = databases[url] = SqlDatabase(url)
    return SqlConnector(system, database)
