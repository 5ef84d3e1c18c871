"""Look-ups made together: a walk round's look-ups travel in one batch per database (on
PostgreSQL, psycopg's pipeline), and come back as `find` would give them, errors included."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from pactum.connectors.base import Lookup, Row
from pactum.connectors.systems import ConnectorSet, connectors_for
from pactum.errors import Invalid, Unavailable
from tests.execution.company import Company

LOOKUPS = [
    Lookup("crm", "contacts", ("email",), [("Alice.Smith@acme.example ",), ("nobody@x.example",)]),
    Lookup("erp", "customers", ("client", "customer_no"), [("001", "10001"), ("002", "10001")]),
    Lookup("erp", "orders", ("id",), [(101,), (102,), (999,)]),
    Lookup("erp", "orders", ("id",), []),
    Lookup("web", "sessions", ("cookie_id",), [("c-alice",)]),
    Lookup("erp", "orders", ("id",), [("101",)]),  # typed like the column first
    Lookup("erp", "orders", ("id",), [("not a number",)]),  # matches nothing, fails nothing
    Lookup("newsletter", "subscribers", ("email",), [("alice.smith@acme.example",)]),  # HTTP
]


def answers(rows: list[list[Row]]) -> list[list[tuple[object, ...]]]:
    return [sorted(row.key for row in found) for found in rows]


def test_a_batch_answers_each_lookup_in_order_as_find_does(connectors: ConnectorSet) -> None:
    one_by_one = [connectors[q.system].find(q.dataset, q.fields, q.values) for q in LOOKUPS]
    with connectors.reading():
        together = connectors.find_all(LOOKUPS)

    assert together == one_by_one
    assert answers(together)[1] == [("001", "10001"), ("002", "10001")]
    assert answers(together)[2] == [(101,), (102,)]
    assert answers(together)[5] == [(101,)]
    assert [len(found) for found in together[3:4] + together[6:7]] == [0, 0]


def test_a_table_dropped_under_a_batch_is_named_and_the_next_batch_runs(
    acme: Company, connectors: ConnectorSet
) -> None:
    invoices = Lookup("erp", "invoices", ("order_id",), [(101,)])
    assert answers(connectors.find_all([invoices])) == [[(201,)]]  # its shape is known now
    acme.execute("erp", "DROP TABLE invoices")
    with connectors.reading():
        with pytest.raises(Invalid) as raised:
            connectors.find_all([LOOKUPS[2], invoices, LOOKUPS[4]])
        assert raised.value.where == "erp.invoices"
        assert answers(connectors.find_all(LOOKUPS[2:3])) == [[(101,), (102,)]]


ON_POSTGRESQL = pytest.mark.parametrize(
    "database_url", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)


@ON_POSTGRESQL
def test_systems_on_one_database_share_its_connection(acme: Company, database_url: str) -> None:
    erp = acme.inventory.system("erp")
    assert erp is not None
    addresses = [d for d in erp.datasets if d.name == "addresses"]
    billing = erp.model_copy(update={"id": "billing", "datasets": addresses})
    inventory = acme.inventory.model_copy(update={"systems": [erp, billing]})
    with connectors_for(inventory) as connectors, connectors.reading():
        found = connectors.find_all(
            [
                Lookup("erp", "orders", ("id",), [(101,)]),
                Lookup("billing", "addresses", ("id",), [(1,)]),
            ]
        )
        assert [len(rows) for rows in found] == [1, 1]
        # One connection for the look-ups of both systems, and one that read their tables'
        # shapes: a connector per system used to open two of each.
        assert _connections(database_url) == 2


@ON_POSTGRESQL
def test_a_connection_lost_under_a_batch_is_opened_again_and_the_lookups_answered(
    connectors: ConnectorSet, database_url: str
) -> None:
    orders = [LOOKUPS[2], Lookup("erp", "invoices", ("order_id",), [(101,)])]
    with connectors.reading():
        assert answers(connectors.find_all(orders)) == [[(101,), (102,)], [(201,)]]
        _terminate_others(database_url)  # the server ends the connection the walk holds
        assert answers(connectors.find_all(orders)) == [[(101,), (102,)], [(201,)]]
    with connectors.reading():
        assert answers(connectors.find_all(orders)) == [[(101,), (102,)], [(201,)]]


@ON_POSTGRESQL
def test_a_database_that_refuses_connections_is_unavailable(
    acme: Company, database_url: str
) -> None:
    erp = acme.inventory.system("erp")
    assert erp is not None
    gone = make_url(database_url).set(database="no_such_database").render_as_string(False)
    inventory = acme.inventory.model_copy(
        update={"systems": [erp.model_copy(update={"url": gone})]}
    )
    connectors = connectors_for(inventory)
    with connectors, pytest.raises(Unavailable) as raised, connectors.reading():
        connectors.find_all(LOOKUPS[2:3])
    assert raised.value.where == "erp"


def _admin(database_url: str) -> str:
    return make_url(database_url).set(query={}).render_as_string(hide_password=False)


def _connections(database_url: str) -> int:
    engine = create_engine(_admin(database_url), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        count = connection.scalar(
            text(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        )
    engine.dispose()
    return int(count or 0)


def _terminate_others(database_url: str) -> None:
    engine = create_engine(_admin(database_url), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        )
    engine.dispose()
