"""Builders for the test company: its databases on SQLite or PostgreSQL, its people, its inventory.

alice is the person who asks. Around her: alice2 (same name, same company, same e-mail domain,
the same customer number under another ERP client), bob (her household: the same address row),
carol (a colleague whose phone is the company switchboard that alice also gave), dave (an
employee whose manager is alice), erin (an unrelated smith at the same domain).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import MetaData, create_engine, event, select, text
from sqlalchemy.engine import make_url

from pactum.connectors.sql import SqlConnector
from pactum.inventory.document import Inventory
from pactum.inventory.loading import parse_inventory
from tests.connectors.contract_server import ContractServer
from tests.execution import schema

ALICE = "alice.smith@acme.example"
# Which rows are alice's, table by table: everything else belongs to someone else.
ALICES_ROWS = {
    "erp.customers": lambda r: (r["client"], r["customer_no"]) == ("001", "10001"),
    "erp.orders": lambda r: r["id"] in (101, 102),
    "erp.order_lines": lambda r: r["order_id"] in (101, 102),
    "erp.invoices": lambda r: r["id"] in (201, 202),
    "erp.employees": lambda r: r["id"] == 1,
    "crm.contacts": lambda r: r["id"] == 1,
    "crm.notes": lambda r: r["contact_id"] == 1,
    "web.sessions": lambda r: r["session_id"] in ("s-a1", "s-a2"),
    "web.page_views": lambda r: r["cookie_id"] == "c-alice",
    "newsletter.subscribers": lambda r: r["id"] == 1,
}
SQL_SYSTEMS = {"erp": schema.erp, "crm": schema.crm, "web": schema.web}


@dataclass
class Company:
    urls: dict[str, str]
    inventory: Inventory
    newsletter: ContractServer

    def dump(self) -> dict[str, list[dict[str, Any]]]:
        """Every row of every table, sorted: two dumps are equal when nothing else changed."""
        tables: dict[str, list[dict[str, Any]]] = {}
        for system, url in self.urls.items():
            engine = create_engine(url)
            with engine.connect() as connection:
                found = MetaData()
                found.reflect(connection)
                for table in found.sorted_tables:
                    rows = connection.execute(select(table)).mappings().all()
                    tables[f"{system}.{table.name}"] = sorted((dict(r) for r in rows), key=repr)
            engine.dispose()
        return tables

    def execute(self, system: str, statement: str) -> None:
        engine = create_engine(self.urls[system])
        with engine.begin() as connection:
            connection.execute(text(statement))
        engine.dispose()

    def close(self) -> None:
        self.newsletter.stop()
        self.newsletter.connector.close()


@contextmanager
def company(folder: Path, database_url: str | None = None) -> Iterator[Company]:
    """The company on SQLite files in `folder`, or in schemas of a PostgreSQL database."""
    folder.mkdir(parents=True, exist_ok=True)
    urls = {s: _url(folder, database_url, s) for s in SQL_SYSTEMS}
    (folder / "newsletter.db").unlink(missing_ok=True)
    urls["newsletter"] = f"sqlite:///{folder / 'newsletter.db'}"
    for system, metadata in {**SQL_SYSTEMS, "newsletter": schema.newsletter}.items():
        _create(urls[system], metadata, _rows(system))
    listing = parse_inventory(schema.INVENTORY.format(**urls), "inventory.yaml", None)
    served = listing.system("newsletter")
    assert served is not None
    server = ContractServer(SqlConnector(served, urls["newsletter"]), urls["newsletter"])
    systems = [
        s.model_copy(update={"url": server.url}) if s is served else s for s in listing.systems
    ]
    inventory = listing.model_copy(update={"systems": systems})
    built = Company(urls, inventory, server)
    try:
        yield built
    finally:
        built.close()


def _url(folder: Path, database_url: str | None, system: str) -> str:
    """A fresh, empty database for the system (built again from scratch when it existed)."""
    if database_url is None or database_url.startswith("sqlite"):
        (folder / f"{system}.db").unlink(missing_ok=True)
        return f"sqlite:///{folder / f'{system}.db'}"
    engine = create_engine(database_url)
    with engine.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {system} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {system}"))
    engine.dispose()
    url = make_url(database_url).update_query_dict({"options": f"-csearch_path={system}"})
    return url.render_as_string(hide_password=False)


def _create(url: str, metadata: MetaData, rows: dict[str, list[dict[str, Any]]]) -> None:
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _fast_sqlite)
    with engine.begin() as connection:
        metadata.create_all(connection)
        for table in metadata.sorted_tables:
            if rows.get(table.name):
                connection.execute(table.insert(), rows[table.name])
    engine.dispose()


def _fast_sqlite(connection: Any, _record: Any) -> None:
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("PRAGMA synchronous = OFF")  # building test data: no disk syncs needed


def _rows(system: str) -> dict[str, list[dict[str, Any]]]:
    return {"erp": _erp, "crm": _crm, "web": _web, "newsletter": _newsletter}[system]()


def _erp() -> dict[str, list[dict[str, Any]]]:
    def customer(
        client: str, no: str, company: int, name: str, email: str, phone: str, address: int
    ) -> dict[str, Any]:
        return {"client": client, "customer_no": no, "company_id": company, "name": name,
                "email": email, "phone": phone, "address_id": address}  # fmt: skip

    def order(i: int, client: str, no: str, name: str, address: int) -> dict[str, Any]:
        return {"id": i, "client": client, "customer_no": no, "ship_to_name": name,
                "ship_to_address_id": address, "total": 10.5 * i}  # fmt: skip

    return {
        "companies": [
            {
                "id": 1,
                "name": "Acme Corp",
                "vat_no": "US-1",
                "switchboard": "+1 415-555-0100",
                "billing_email": "billing@acme.example",
            },
            {
                "id": 2,
                "name": "Globex",
                "vat_no": "US-2",
                "switchboard": "(212) 555-0199",
                "billing_email": "ap@globex.example",
            },
        ],
        "addresses": [
            {"id": 1, "street": "1 Elm Street", "city": "Springfield"},
            {"id": 2, "street": "2 Oak Street", "city": "Shelbyville"},
            {"id": 3, "street": "3 Pine Street", "city": "Ogdenville"},
        ],
        "products": [{"id": 1, "title": "Widget"}, {"id": 2, "title": "Gadget"}],
        "customers": [
            customer(
                "001", "10001", 1, "Alice Smith", "ALICE.SMITH@ACME.EXAMPLE", "+1 415-555-0100", 1
            ),
            customer(
                "002", "10001", 1, "Alice Smith", "alice.smith2@acme.example", "(415) 555-0177", 2
            ),
            customer("001", "10002", 2, "Bob Smith", "bob.smith@mail.example", "212-555-0142", 1),
            customer("001", "10003", 1, "Carol Jones", "carol@acme.example", "+14155550100", 3),
            customer("001", "10004", 1, "Erin Smith", "smith@acme.example", None, 3),  # type: ignore[arg-type]
        ],
        "orders": [
            order(101, "001", "10001", "Alice Smith", 1),
            order(102, "001", "10001", "A. Smith", 1),
            order(103, "002", "10001", "Alice Smith", 2),
            order(104, "001", "10002", "Bob Smith", 1),
            order(105, "001", "10003", "Carol Jones", 3),
        ],
        "order_lines": [
            {"order_id": o, "line_no": n, "product_id": p, "quantity": n, "gift_message": m}
            for o, n, p, m in [
                (101, 1, 1, "Happy birthday, Mum"),
                (101, 2, 2, None),
                (102, 1, 1, None),
                (103, 1, 2, "For Alice"),
                (104, 1, 1, None),
                (105, 1, 2, None),
            ]
        ],
        "invoices": [
            {"id": 200 + o, "order_id": 100 + o, "billing_name": n, "amount": 10.5 * (100 + o)}
            for o, n in [
                (1, "Alice Smith"),
                (2, "Alice Smith"),
                (3, "Alice Smith"),
                (4, "Bob Smith"),
                (5, "Carol Jones"),
            ]
        ],
        "employees": [
            {
                "id": 1,
                "work_email": "Alice.Smith@acme.example",
                "name": "Alice Smith",
                "manager_id": None,
            },
            {"id": 2, "work_email": "dave@acme.example", "name": "Dave Brown", "manager_id": 1},
            {
                "id": 3,
                "work_email": "alice.smith2@acme.example",
                "name": "Alice Smith",
                "manager_id": 2,
            },
        ],
    }


def _crm() -> dict[str, list[dict[str, Any]]]:
    def contact(
        i: int, email: str, phone: str, first: str, last: str, company: str, client: str, no: str
    ) -> dict[str, Any]:
        return {"id": i, "email": email, "phone": phone, "first_name": first, "last_name": last,
                "company_name": company, "erp_client": client, "erp_customer_no": no}  # fmt: skip

    return {
        "contacts": [
            contact(
                1,
                "Alice.Smith@acme.example ",
                "(415) 555-0123",
                "Alice",
                "Smith",
                "Acme Corp",
                "001",
                "10001",
            ),
            contact(
                2,
                "alice.smith2@acme.example",
                "(415) 555-0177",
                "Alice",
                "Smith",
                "Acme Corp",
                "002",
                "10001",
            ),
            contact(
                3,
                "bob.smith@mail.example",
                "212-555-0142",
                "Bob",
                "Smith",
                "Globex",
                "001",
                "10002",
            ),
            contact(
                4,
                "carol@acme.example",
                "415.555.0100",
                "Carol",
                "Jones",
                "Acme Corp",
                "001",
                "10003",
            ),
            contact(5, " SMITH@ACME.EXAMPLE", None, "Erin", "Smith", "Acme Corp", "001", "10004"),  # type: ignore[arg-type]
        ],
        "notes": [
            {"id": 1, "contact_id": 1, "body": "Asked about the new price list"},
            {"id": 2, "contact_id": 1, "body": "Prefers calls in the morning"},
            {"id": 3, "contact_id": 2, "body": "Wants a demo"},
            {"id": 4, "contact_id": 4, "body": "Renewal due in May"},
        ],
    }


def _web() -> dict[str, list[dict[str, Any]]]:
    return {
        "sessions": [
            {"session_id": "s-a1", "cookie_id": "c-alice", "contact_id": 1, "ip": "10.0.0.1"},
            {"session_id": "s-a2", "cookie_id": "c-alice", "contact_id": 1, "ip": "10.0.0.2"},
            {"session_id": "s-b1", "cookie_id": "c-alice2", "contact_id": 2, "ip": "10.0.0.3"},
            {"session_id": "s-c1", "cookie_id": "c-carol", "contact_id": 4, "ip": "10.0.0.4"},
        ],
        "page_views": [
            {"cookie_id": c, "path": p, "ip": "10.0.0.9"}
            for c, p in [
                ("c-alice", "/pricing"),
                ("c-alice", "/pricing"),
                ("c-alice", "/contact"),
                ("c-alice2", "/pricing"),
                ("c-alice2", "/jobs"),
                ("c-carol", "/"),
            ]
        ],
    }


def _newsletter() -> dict[str, list[dict[str, Any]]]:
    return {
        "subscribers": [
            {
                "id": 1,
                "email": " alice.smith@acme.example",
                "first_name": "Alice",
                "topics": "erp,news",
            },
            {
                "id": 2,
                "email": "alice.smith2@acme.example",
                "first_name": "Alice",
                "topics": "news",
            },
            {"id": 3, "email": "bob.smith@mail.example", "first_name": "Bob", "topics": None},
        ]
    }
