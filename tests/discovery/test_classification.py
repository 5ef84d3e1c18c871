"""Classification and references on a small company database, on SQLite and on PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

import pytest
from faker import Faker
from sqlalchemy import (
    Column,
    Date,
    DateTime,
    Engine,
    Integer,
    MetaData,
    Numeric,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    create_engine,
    event,
    insert,
    text,
)
from sqlalchemy.engine import make_url

from pactum.discovery.schemas import DiscoveryReport
from pactum.discovery.service import discover, scan_database
from pactum.errors import Unavailable

ROWS = 40
PHONES = ["+49 30 12345678", "030 1234567", "0171 2345678", "+33 6 12 34 56 78", "06 12 34 56 78"]
NOTES = [
    "Hello, this is {name}. My daughter was diagnosed with diabetes, please pause the order.",
    "Hi team, {name} here: the invoice for March is missing, can you resend it?",
    "Dear support, {name} asked us to move the delivery to next Tuesday morning.",
]

# No declared foreign keys: every reference must be found by naming.
metadata = MetaData()
kunden = Table(
    "kunden", metadata,
    Column("kunden_nr", String(10), primary_key=True),
    Column("vorname", String(60)), Column("nachname", String(60)),
    Column("e_mail", String(120)), Column("telefon", String(30)),
    Column("geburtsdatum", Date), Column("strasse", String(120)), Column("plz", String(5)),
    Column("ort", String(60)), Column("iban", String(34)),
)  # fmt: skip
clients = Table(
    "clients", metadata,
    Column("id", Integer, primary_key=True),
    Column("prenom", String(60)), Column("nom_de_famille", String(60)),
    Column("courriel", String(120)), Column("portable", String(30)),
    Column("adresse", String(120)), Column("code_postal", String(5)), Column("ville", String(60)),
)  # fmt: skip
accounts = Table(
    "accounts", metadata,
    Column("client", String(3)), Column("customer_no", String(10)),
    Column("company_name", String(120)),
    PrimaryKeyConstraint("client", "customer_no"),
)  # fmt: skip
contacts = Table(
    "contacts", metadata,
    Column("id", Integer, primary_key=True), Column("first_name", String(60)),
    Column("last_name", String(60)), Column("email", String(120)), Column("phone", String(30)),
)  # fmt: skip
orders = Table(
    "orders", metadata,
    Column("id", Integer, primary_key=True), Column("client", String(3)),
    Column("customer_no", String(10)), Column("kunden_nr", String(10)),
    Column("contact_id", Integer), Column("status", String(10)),
    Column("total", Numeric(10, 2)), Column("ordered_at", DateTime),
)  # fmt: skip
tickets = Table(
    "tickets", metadata,
    Column("id", Integer, primary_key=True), Column("contact_id", Integer),
    Column("body", Text), Column("created_at", DateTime),
)  # fmt: skip
products = Table(
    "products", metadata,
    Column("id", Integer, primary_key=True), Column("name", String(60)),
    Column("price", Numeric(10, 2)),
)  # fmt: skip
imported = Table(
    "list_import", metadata, Column("id", Integer, primary_key=True), Column("x1", String(120))
)


def fill(url: str) -> None:
    fake = Faker(["de_DE", "fr_FR", "en_US"])
    fake.seed_instance(3)
    engine = create_engine(url)
    metadata.create_all(engine)
    people = [(fake.first_name(), fake.last_name()) for _ in range(ROWS)]
    with engine.begin() as connection:
        connection.execute(insert(kunden), [
            {"kunden_nr": f"K{i:05}", "vorname": first, "nachname": last,
             "e_mail": f"{first}.{last}@example.de".lower(), "telefon": PHONES[i % 5],
             "geburtsdatum": date(1960 + i, 1 + i % 12, 1 + i % 28), "strasse": fake.street_address(),
             "plz": f"{10115 + i}", "ort": "Berlin", "iban": "DE89370400440532013000"}
            for i, (first, last) in enumerate(people)
        ])  # fmt: skip
        connection.execute(insert(clients), [
            {"id": i, "prenom": first, "nom_de_famille": last, "courriel": f"{last}{i}@exemple.fr".lower(),
             "portable": PHONES[3 + i % 2], "adresse": f"{i} rue de la Paix",
             "code_postal": f"{75001 + i}", "ville": "Paris"}
            for i, (first, last) in enumerate(people)
        ])  # fmt: skip
        connection.execute(insert(accounts), [
            {"client": "100", "customer_no": f"{i:010}", "company_name": fake.company()}
            for i in range(ROWS)
        ])  # fmt: skip
        connection.execute(insert(contacts), [
            {"id": i, "first_name": first, "last_name": last, "email": f"{first}@example.com".lower(),
             "phone": PHONES[i % 5]}
            for i, (first, last) in enumerate(people)
        ])  # fmt: skip
        connection.execute(insert(orders), [
            {"id": i, "client": "100", "customer_no": f"{i:010}", "kunden_nr": f"K{i:05}",
             "contact_id": i, "status": "open", "total": 10 + i, "ordered_at": datetime(2025, 1, 1)}
            for i in range(ROWS)
        ])  # fmt: skip
        connection.execute(insert(tickets), [
            {"id": i, "contact_id": i, "created_at": datetime(2025, 1, 1),
             "body": NOTES[i % 3].format(name=f"{first} {last}")}
            for i, (first, last) in enumerate(people)
        ])  # fmt: skip
        connection.execute(insert(products), [
            {"id": i, "name": f"Widget {i} Pro", "price": 9.5} for i in range(ROWS)
        ])  # fmt: skip
        connection.execute(insert(imported), [
            {"id": i, "x1": f"subscriber{i}@mail.example"} for i in range(ROWS)
        ])  # fmt: skip
    engine.dispose()


@pytest.fixture
def company(database_url: str) -> str:
    url = database_url
    if url.startswith("sqlite"):
        url = url.replace("pactum.db", "company.db")
    fill(url)
    return url


@pytest.fixture
def report(company: str) -> DiscoveryReport:
    return scan_database(company, sample=30)


def category(report: DiscoveryReport, table: str, column: str) -> str | None:
    found = report.column(table, column)
    assert found is not None, f"{table}.{column}"
    return found.category if found.personal else None


@pytest.mark.parametrize(
    ("table", "column", "expected"),
    [
        ("kunden", "vorname", "user.name"),
        ("kunden", "e_mail", "user.contact.email"),
        ("kunden", "telefon", "user.contact.phone_number"),
        ("kunden", "geburtsdatum", "user.demographic.date_of_birth"),
        ("kunden", "strasse", "user.contact.address"),
        ("kunden", "plz", "user.contact.address"),
        ("kunden", "ort", "user.contact.address"),
        ("kunden", "iban", "user.financial.bank_account"),
        ("clients", "prenom", "user.name"),
        ("clients", "nom_de_famille", "user.name"),
        ("clients", "courriel", "user.contact.email"),
        ("clients", "portable", "user.contact.phone_number"),
        ("clients", "ville", "user.contact.address"),
        ("accounts", "company_name", "user.contact.organization"),
        ("list_import", "x1", "user.contact.email"),
        ("products", "name", None),
        ("products", "price", None),
        ("orders", "status", None),
    ],
)
def test_columns_named_in_english_german_and_french_are_classified(
    report: DiscoveryReport, table: str, column: str, expected: str | None
) -> None:
    assert category(report, table, column) == expected


def test_identities_come_from_names_and_are_lent_to_the_keys_they_name(
    report: DiscoveryReport,
) -> None:
    identities = {(c.table, c.column): c.identity for c in report.columns if c.identity}
    assert identities[("kunden", "e_mail")] == "email"
    assert identities[("kunden", "telefon")] == "phone"
    assert identities[("orders", "contact_id")] == "contact_id"
    assert identities[("contacts", "id")] == "contact_id"


def test_references_are_found_by_naming_when_no_foreign_key_is_declared(
    report: DiscoveryReport,
) -> None:
    found = {(r.table, tuple(r.fields), r.to, tuple(r.to_fields)) for r in report.references}
    assert ("orders", ("contact_id",), "contacts", ("id",)) in found
    assert ("tickets", ("contact_id",), "contacts", ("id",)) in found
    assert ("orders", ("kunden_nr",), "kunden", ("kunden_nr",)) in found
    composite = ("orders", ("client", "customer_no"), "accounts", ("client", "customer_no"))
    assert composite in found
    assert not any(r.declared for r in report.references if r.table in metadata.tables)


def test_free_text_is_classified_by_what_it_holds_and_special_categories_are_flagged(
    report: DiscoveryReport,
) -> None:
    body = report.column("tickets", "body")
    assert body is not None and body.personal and body.free_text
    assert body.category == "user.content.private"
    assert body.found["PERSON"] > 0.5
    assert body.special == ["HEALTH"]
    assert "Diabetes" not in body.why and "diabetes" not in body.why


def test_columns_that_only_describe_people_are_personal_by_association(
    report: DiscoveryReport,
) -> None:
    total = report.column("orders", "total")
    assert total is not None and total.personal
    assert report.column("orders", "ordered_at") is not None
    assert category(report, "orders", "ordered_at") is None


def test_large_postgresql_tables_are_sampled_with_tablesample_and_a_limit(
    company: str,
) -> None:
    if not company.startswith("postgresql"):
        pytest.skip("TABLESAMPLE is PostgreSQL's")
    engine = create_engine(company)
    with engine.begin() as connection:
        connection.execute(
            text("INSERT INTO list_import SELECT g, 'p' || g || '@mail.example' "
                 "FROM generate_series(1000, 60999) g")
        )  # fmt: skip
        connection.execute(text("ANALYZE list_import"))
    engine.dispose()
    statements = captured(lambda: scan_database(company, sample=30))
    reads = [s for s in statements if "FROM list_import" in s]
    assert reads and all("LIMIT" in s for s in reads)
    assert any("TABLESAMPLE system" in s for s in reads)


def captured(action: Any) -> list[str]:
    statements: list[str] = []

    def capture(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(statement)

    event.listen(Engine, "before_cursor_execute", capture)
    try:
        action()
    finally:
        event.remove(Engine, "before_cursor_execute", capture)
    return statements


@pytest.fixture
def reader_without_grants(company: str) -> Iterator[str]:
    if not company.startswith("postgresql"):
        pytest.skip("roles are PostgreSQL's")
    role = f"r_{uuid.uuid4().hex[:10]}"
    admin = create_engine(company, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE ROLE {role} LOGIN"))
    yield make_url(company).set(username=role).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f"DROP ROLE {role}"))
    admin.dispose()


def test_a_user_who_may_read_no_table_gets_a_clear_error(reader_without_grants: str) -> None:
    with pytest.raises(Unavailable) as refused:
        scan_database(reader_without_grants, sample=5)
    assert "may read none of the" in refused.value.what
    assert "permission denied" in refused.value.what
    assert "GRANT" in refused.value.fix or "grant" in refused.value.fix


def test_a_password_in_the_url_never_reaches_the_draft_or_the_report(company: str) -> None:
    if not company.startswith("postgresql"):
        pytest.skip("SQLite URLs hold no password")
    with_password = make_url(company).set(password="s3cret").render_as_string(hide_password=False)
    found = discover(with_password, policy=None, current=None, sample=10)
    system = found.inventory.systems[0]
    assert system.url == "${" + system.id.upper() + "_URL}"
    assert "s3cret" not in found.draft + found.report.model_dump_json()
