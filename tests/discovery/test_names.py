"""What column and table names say, in English, German and French, however they are written."""

from __future__ import annotations

import pytest

from pactum.discovery.database import Kind
from pactum.discovery.names import (
    is_someone_else,
    read_name,
    singular,
    table_category,
    words,
)


def test_names_are_split_into_words_however_they_are_written() -> None:
    assert words("billingEMail_2") == ["billing", "e", "mail", "2"]
    assert words("Straße") == ["strasse"]
    assert words("prénom") == ["prenom"]
    assert words("customerNo") == ["customer", "no"]


@pytest.mark.parametrize(
    ("column", "kind", "category", "identity"),
    [
        ("e_mail", Kind.TEXT, "user.contact.email", "email"),
        ("billingEMail", Kind.TEXT, "user.contact.email", "email"),
        ("courriel", Kind.TEXT, "user.contact.email", "email"),
        ("Telefonnummer", Kind.TEXT, "user.contact.phone_number", "phone"),
        ("mobile", Kind.NUMBER, "user.contact.phone_number", "phone"),
        ("vorname", Kind.TEXT, "user.name", None),
        ("nom_de_famille", Kind.TEXT, "user.name", None),
        ("geburtsdatum", Kind.DATE, "user.demographic.date_of_birth", None),
        ("date_de_naissance", Kind.DATE, "user.demographic.date_of_birth", None),
        ("dob", Kind.TEXT, "user.demographic.date_of_birth", None),
        ("PLZ", Kind.TEXT, "user.contact.address", None),
        ("bank_iban", Kind.TEXT, "user.financial.bank_account", None),
        ("ssn", Kind.TEXT, "user.government_id.national_identification_number", None),
        ("consent_ip", Kind.TEXT, "user.device.ip_address", None),
        ("kundennummer", Kind.TEXT, "user.account", "customer_id"),
        ("marketing_opt_in", Kind.BOOLEAN, "user.privacy_preferences", None),
        ("password_hash", Kind.TEXT, "user.authorization.credentials", None),
        ("konfession", Kind.TEXT, "user.demographic.religious_belief", None),
    ],
)
def test_a_column_name_says_its_category_and_identity(
    column: str, kind: Kind, category: str, identity: str | None
) -> None:
    hint = read_name(column, "people", kind)
    assert hint is not None, column
    assert (hint.rule.category, hint.rule.identity) == (category, identity)


@pytest.mark.parametrize(
    ("column", "kind"),
    [
        ("phone_type", Kind.TEXT),  # a property of the phone, not the phone
        ("email_verified", Kind.BOOLEAN),
        ("national_id_kind", Kind.TEXT),
        ("product_name", Kind.TEXT),
        ("is_primary", Kind.BOOLEAN),
        ("created_at", Kind.DATETIME),
        ("zipper_size", Kind.TEXT),
        ("total", Kind.NUMBER),  # an amount says a purchase only in an order or invoice table
    ],
)
def test_names_that_say_nothing_personal_are_not_read_as_such(column: str, kind: Kind) -> None:
    assert read_name(column, "people", kind) is None


def test_a_total_is_a_purchase_in_an_orders_table() -> None:
    hint = read_name("total_amount", "erp_orders", Kind.NUMBER)
    assert hint is not None and hint.rule.category == "user.behavior.purchase_history"


def test_special_categories_are_marked_by_name() -> None:
    hint = read_name("gewerkschaft", "mitarbeiter", Kind.TEXT)
    assert hint is not None and hint.rule.special == "UNION"


def test_a_relatives_details_are_never_an_identity() -> None:
    assert is_someone_else("emergency_contact_phone")
    assert not is_someone_else("phone")


def test_a_tables_name_says_what_its_rows_record() -> None:
    assert table_category("web_sessions") == "user.behavior.browsing_history"
    assert table_category("email_events") == "user.behavior"
    assert table_category("newsletter_subscriptions") == "user.privacy_preferences"
    assert table_category("erp_invoices") == "user.behavior.purchase_history"
    assert table_category("crm_leads") == "user"
    assert [singular(w) for w in ("addresses", "activities", "status", "contacts")] == [
        "address",
        "activity",
        "status",
        "contact",
    ]
