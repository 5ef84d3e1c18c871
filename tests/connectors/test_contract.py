"""The contract every connector keeps, run against each kind: SQLite, PostgreSQL, HTTP."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from pactum.connectors.base import Change, Connector
from pactum.connectors.http import HttpConnector
from pactum.connectors.manual import ManualConnector
from pactum.connectors.sql import SqlConnector
from pactum.errors import Conflict, Invalid, Unavailable
from pactum.identities import normalize
from pactum.inventory.document import Erasure, Inventory
from pactum.inventory.loading import parse_inventory
from tests.conftest import missing
from tests.connectors.contract_server import ContractServer

INVENTORY = """\
systems:
  - id: shop
    name: Shop
    kind: {kind}
    url: {url}
    datasets:
      - name: people
        fields:
          - {{name: id}}
          - {{name: email, identity: email, category: user.contact.email}}
          - {{name: client}}
          - {{name: number}}
          - {{name: nickname, category: user.name}}
      - name: visits
        fields:
          - {{name: cookie, identity: cookie_id, category: user.device.cookie_id}}
          - {{name: path, category: user.behavior.browsing_history}}
      - name: tickets
        fields:
          - {{name: id}}
          - {{name: person_id}}
        references:
          - {{fields: [person_id], to: people, to_fields: [id]}}
"""
SCHEMA = [
    "CREATE TABLE people (id INTEGER PRIMARY KEY, email VARCHAR(200) NOT NULL, "
    "client VARCHAR(3), number VARCHAR(10), nickname VARCHAR(8))",
    "CREATE INDEX ix_people_email ON people (email)",
    "CREATE INDEX ix_people_key ON people (client, number)",
    "CREATE TABLE visits (cookie VARCHAR(36), path VARCHAR(100))",
    "CREATE INDEX ix_visits_cookie ON visits (cookie)",
    "CREATE TABLE tickets (id INTEGER PRIMARY KEY, person_id INTEGER REFERENCES people (id))",
]


@dataclass
class Shop:
    connector: Connector
    stop: Callable[[], None]  # the system goes down


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres), "http"])
def shop(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Shop]:
    url = _database(request, tmp_path)
    _fill(url)
    system = _inventory("sql", url).systems[0]
    if request.param == "http":
        server = ContractServer(SqlConnector(system, url), url)
        served = _inventory("http", server.url).systems[0]
        yield Shop(HttpConnector(served, server.url), server.stop)
        server.stop()
        server.connector.close()
    else:
        connector = SqlConnector(system, url)
        yield Shop(connector, lambda: _stop(url))
        connector.close()
        _stop(url)


def _database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param != "postgres":
        return f"sqlite:///{tmp_path / 'shop.db'}"
    server: str | None = request.getfixturevalue("postgres_url")
    if server is None:
        missing("PostgreSQL")
    name = f"c_{uuid.uuid4().hex[:12]}"
    admin = create_engine(str(server), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return make_url(str(server)).set(database=name).render_as_string(hide_password=False)


def _fill(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        for statement in SCHEMA:
            connection.execute(text(statement))
        connection.execute(
            text("INSERT INTO people VALUES (:id, :email, :client, :number, :nick)"),
            [{"id": i, "email": f"p{i}@shop.example", "client": f"{i % 2:03d}",
              "number": str(i // 2), "nick": f"n{i}"} for i in range(1, 1201)],
        )  # fmt: skip
        connection.execute(
            text("INSERT INTO visits VALUES (:cookie, :path)"),
            [{"cookie": f"c{i % 3}", "path": f"/{i}"} for i in range(9)],
        )
        connection.execute(text("INSERT INTO tickets VALUES (1, 7)"))
    engine.dispose()


def _inventory(kind: str, url: str) -> Inventory:
    return parse_inventory(INVENTORY.format(kind=kind, url=url), "shop.yaml", None)


def _stop(url: str) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        Path(str(parsed.database)).unlink(missing_ok=True)
        return
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {parsed.database} WITH (FORCE)"))
    admin.dispose()


def test_rows_are_found_by_one_field_in_batches_beyond_one_statement(shop: Shop) -> None:
    emails = [(f"p{i}@shop.example",) for i in range(1, 1201)]

    rows = shop.connector.find("people", ["email"], [*emails, ("nobody@shop.example",)])

    assert len(rows) == 1200
    first = next(r for r in rows if r.key == (1,))
    assert first.dataset == "people" and first.values["nickname"] == "n1"


def test_rows_are_found_by_a_composite_key_and_values_are_typed_like_the_column(shop: Shop) -> None:
    assert {
        r.key
        for r in shop.connector.find("people", ["client", "number"], [("001", "3"), ("000", "3")])
    } == {(7,), (6,)}
    assert [r.key for r in shop.connector.find("people", ["id"], [("42",)])] == [(42,)]
    assert shop.connector.find("people", ["id"], [("not a number",)]) == []


def test_rows_are_fetched_updated_and_deleted_by_key(shop: Shop) -> None:
    assert [r.values["email"] for r in shop.connector.fetch("people", [(3,)])] == [
        "p3@shop.example"
    ]

    updated = shop.connector.update(
        "people", [Change((3,), {"nickname": None}), Change((4,), {"nickname": "x"})]
    )
    deleted = shop.connector.delete("people", [(3,), (4,), (99999,)])

    assert (updated, deleted) == (2, 2)
    assert shop.connector.fetch("people", [(3,), (4,)]) == []
    assert shop.connector.delete("people", [(3,), (4,)]) == 0


def test_a_table_without_primary_key_is_keyed_by_its_lookup_columns(shop: Shop) -> None:
    rows = shop.connector.find("visits", ["cookie"], [("c1",)])

    assert {r.key for r in rows} == {("c1",)} and len(rows) == 3
    assert shop.connector.delete("visits", [("c1",)]) == 3


def test_the_shape_names_keys_and_required_fields(shop: Shop) -> None:
    shape = shop.connector.shape("people")

    assert shape.primary_key == ("id",) and "email" in shape.required
    assert shop.connector.shape("visits").primary_key == ()
    assert shop.connector.check() == []


def test_a_write_is_all_or_nothing(shop: Shop) -> None:
    with pytest.raises(Conflict) as error:
        shop.connector.delete("people", [(6,), (7,)])  # a ticket still refers to person 7

    assert error.value.where == "shop.people"
    assert len(shop.connector.fetch("people", [(6,), (7,)])) == 2


def test_an_unknown_dataset_is_named(shop: Shop) -> None:
    with pytest.raises(Invalid) as error:
        shop.connector.find("nowhere", ["id"], [(1,)])

    assert error.value.where == "shop.nowhere"


def test_an_unreachable_system_is_named(shop: Shop) -> None:
    shop.stop()

    with pytest.raises(Unavailable) as error:
        shop.connector.find("people", ["email"], [("p1@shop.example",)])

    assert error.value.where == "shop"


def test_a_manual_system_turns_each_operation_into_a_task_for_staff() -> None:
    system = _inventory("manual", "none").systems[0]
    identities = [normalize("email", "p1@shop.example")]
    search = ManualConnector(system).search_task(identities)
    erase = ManualConnector(system).erasure_task({"people": {"nickname": Erasure.NULL}}, identities)

    assert search.system == "shop" and "p1@shop.example" in search.instructions
    assert "nickname: blank it out" in erase.instructions
    assert type(erase).from_json(erase.to_json()) == erase
