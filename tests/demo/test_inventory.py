"""The demo database's inventory: valid, agreeing with the policy, and covering every personal column."""

from __future__ import annotations

import functools
import re

from pactum.demo.annotations import PLACEHOLDER, annotated_personal_columns, demo_inventory_text
from pactum.demo.schema import metadata
from pactum.inventory.document import Inventory
from pactum.inventory.loading import parse_inventory
from pactum.policy.loading import read_policy_file
from tests.builders import EXAMPLES

URL = "sqlite:////srv/demo/northwind ledger.db"

# Declared by the US example policy for the demo company.
CATEGORIES = {
    "user.name", "user.contact.email", "user.contact.phone_number", "user.contact.address",
    "user.contact.organization", "user.job_title", "user.account", "user.authorization.credentials",
    "user.payment", "user.behavior.purchase_history", "user.device.ip_address",
    "user.device.cookie_id", "user.device", "user.demographic.language",
    "user.behavior.browsing_history", "user.location", "user.privacy_preferences",
    "survey_answers", "email_activity", "buying_intent", "client_communications",
    "user.content.public", "user.workplace", "user.financial.bank_account",
    "user.government_id.national_identification_number", "user.demographic.date_of_birth",
}  # fmt: skip
PURPOSES = {
    "account_setup", "customer_support", "service_delivery", "transactional_messages",
    "marketing_email", "analytics", "advertising", "online_community", "hr_administration",
    "legal_obligations", "security",
}  # fmt: skip
IDENTITIES = {
    "email",
    "phone",
    "customer_id",
    "contact_id",
    "cookie_id",
    "employee_id",
    "forum_handle",
}

# Column names that hold personal data wherever they appear; the schema is checked against them.
PERSONAL_NAMES = re.compile(
    r"email|phone|mobile|name$|salutation|street|postal|city|region|country|birth|^ip$|_ip$|"
    r"cookie|user_agent|language|iban|bank|national_id$|salary|body|note|answer|score|handle|"
    r"path|referrer|landing|campaign|link_url|password|username|job_title|department|office|"
    r"location|subject|topics|contact_id|customer_no|employee_no|intent|payment_method|"
    r"_no$|ship_to_name|company|unsubscribe|opt_in"
)
# Matching names that are not personal data, and why.
NOT_PERSONAL = {
    ("hr_employees", "salary_currency"),  # the currency, not the amount
    ("support_tickets", "ticket_no"),  # the helpdesk's own number for the case
    ("web_log_lines", "status"),
    ("hr_employees", "national_id_kind"),  # which scheme, not the number
    ("crm_activities", "kind"),
}


@functools.cache
def inventory() -> Inventory:
    return parse_inventory(demo_inventory_text(URL), "demo-inventory.yaml", policy=None)


def schema_columns() -> set[tuple[str, str]]:
    return {
        (table.name, column.name) for table in metadata.sorted_tables for column in table.columns
    }


def test_the_inventory_template_validates_with_the_url_filled_in() -> None:
    text = demo_inventory_text(URL)
    assert PLACEHOLDER not in text
    assert {system.url for system in inventory().systems} == {URL}


def test_the_inventory_agrees_with_the_us_example_policy() -> None:
    policy, _ = read_policy_file(EXAMPLES / "us-vendor" / "policy.yaml")
    parse_inventory(demo_inventory_text(URL), "demo-inventory.yaml", policy=policy)


def test_categories_purposes_and_identities_come_from_the_agreed_lists() -> None:
    fields = [f for s in inventory().systems for d in s.datasets for f in d.fields]
    assert {f.category for f in fields if f.category} <= CATEGORIES
    assert {f.identity for f in fields if f.identity} == IDENTITIES
    assert {p for s in inventory().systems for p in s.purposes} <= PURPOSES


def test_the_company_runs_several_systems_over_every_table() -> None:
    systems = inventory().systems
    assert {s.id for s in systems} == {
        "erp",
        "crm",
        "newsletter",
        "web",
        "support",
        "community",
        "hr",
    }
    assert sorted(d.name for s in systems for d in s.datasets) == sorted(metadata.tables)


def test_every_annotated_field_is_a_column_of_the_schema() -> None:
    listed = {(d.name, f.name) for s in inventory().systems for d in s.datasets for f in d.fields}
    assert listed - schema_columns() == set()


def test_every_column_that_holds_personal_data_is_annotated() -> None:
    personal = {
        (table, column)
        for table, column in schema_columns()
        if PERSONAL_NAMES.search(column) and (table, column) not in NOT_PERSONAL
    }
    unannotated = personal - annotated_personal_columns()
    # Key columns of references are listed without a category: they point at the person.
    references = {
        (d.name, name)
        for s in inventory().systems
        for d in s.datasets
        for r in d.references
        for name in r.fields
    }
    assert unannotated - references == set()


def test_every_foreign_key_of_the_schema_is_an_inventory_reference() -> None:
    references = {
        (d.name, tuple(r.fields), r.to.rpartition(".")[2], tuple(r.to_fields))
        for s in inventory().systems
        for d in s.datasets
        for r in d.references
    }
    foreign_keys = {
        (
            table.name,
            tuple(e.parent.name for e in fk.elements),
            fk.referred_table.name,
            tuple(e.column.name for e in fk.elements),
        )
        for table in metadata.sorted_tables
        for fk in table.foreign_key_constraints
    }
    assert foreign_keys - references == set()


def test_every_dataset_names_the_column_that_starts_its_retention_clock() -> None:
    columns = schema_columns()
    for system in inventory().systems:
        for dataset in system.datasets:
            assert (dataset.name, dataset.timestamp) in columns


def test_invoices_are_kept_seven_years_under_a_named_obligation() -> None:
    erp = inventory().system("erp")
    assert erp is not None
    invoices = erp.dataset("erp_invoices")
    assert invoices is not None
    kept = [f for f in invoices.fields if f.category]
    assert kept
    assert all(f.obligation and str(f.keep_for) for f in kept)


def test_personal_columns_are_derived_from_the_template() -> None:
    columns = annotated_personal_columns()
    assert ("erp_contacts", "email") in columns
    assert ("web_sessions", "cookie_id") in columns
    assert ("erp_addresses", "id") not in columns  # a key, not personal data
