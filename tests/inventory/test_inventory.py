"""The inventory: its format, its check against real databases, and Fides datasets."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from pactum.cli import app
from pactum.config import Settings
from pactum.errors import InvalidDocument
from pactum.inventory.check import check_inventory
from pactum.inventory.loading import parse_inventory
from pactum.inventory.schemas import Severity
from pactum.policy.loading import parse_policy
from tests.builders import policy_yaml

runner = CliRunner()


def company_schema(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "CREATE TABLE customers (id INTEGER PRIMARY KEY, email VARCHAR(200), name VARCHAR(200))"
            )
        )
        connection.execute(text("CREATE INDEX ix_customers_email ON customers (email)"))
        connection.execute(
            text("CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER, note TEXT)")
        )
    engine.dispose()


def inventory_yaml(
    url: str, *, orders_fields: str = "          - name: customer_id\n", to: str = "customers"
) -> str:
    return f"""\
systems:
  - id: shop
    name: Shop database
    url: {url}
    datasets:
      - name: customers
        erasure: delete_row
        fields:
          - name: id
            identity: customer_id
          - name: email
            category: user.contact.email
            identity: email
          - name: name
            category: user.name
      - name: orders
        fields:
{orders_fields}        references:
          - fields: [customer_id]
            to: {to}
            to_fields: [id]
"""


@pytest.fixture
def company_url(database_url: str) -> str:
    company_schema(database_url)
    return database_url


def test_a_matching_database_passes_with_a_warning_for_the_unindexed_reference(
    company_url: str,
) -> None:
    inventory = parse_inventory(inventory_yaml(company_url), "inv.yaml", None)
    report = check_inventory(inventory, parse_policy(policy_yaml()))
    assert report.ok
    [warning] = report.findings
    assert warning.severity is Severity.WARNING
    assert warning.where == "shop.orders(customer_id)"
    assert "CREATE INDEX" in warning.fix


def test_missing_tables_and_columns_are_errors(company_url: str) -> None:
    text_ = inventory_yaml(company_url).replace("name: name\n", "name: full_name\n")
    text_ = text_.replace("- name: orders\n", "- name: invoices\n")
    text_ = text_.replace("to: customers", "to: customers")
    inventory = parse_inventory(text_, "inv.yaml", None)
    report = check_inventory(inventory, None)
    errors = {(f.where, f.what) for f in report.findings if f.severity is Severity.ERROR}
    assert ("shop.customers.full_name", "column 'full_name' does not exist") in errors
    assert ("shop.invoices", "table 'invoices' does not exist") in errors


def test_a_category_the_policy_does_not_declare_is_an_error(company_url: str) -> None:
    text_ = inventory_yaml(company_url).replace(
        "category: user.name", "category: user.demographic.gender"
    )
    with pytest.raises(InvalidDocument) as caught:
        parse_inventory(text_, "inv.yaml", parse_policy(policy_yaml()))
    [problem] = caught.value.problems
    assert (
        "'user.demographic.gender'" in problem.what and "not declared in the policy" in problem.what
    )
    assert problem.where == "inv.yaml:15:13"


def test_a_reference_to_a_missing_table_is_an_error() -> None:
    with pytest.raises(InvalidDocument) as caught:
        parse_inventory(inventory_yaml("sqlite:///x.db", to="clients"), "inv.yaml", None)
    [problem] = caught.value.problems
    assert problem.what == "reference to a missing table 'clients'"
    assert problem.path == "systems[0].datasets[1].references[0].to"


def test_keeping_a_field_needs_the_law_and_the_period() -> None:
    fields = "          - name: customer_id\n            erasure: keep\n"
    with pytest.raises(InvalidDocument) as caught:
        parse_inventory(inventory_yaml("sqlite:///x.db", orders_fields=fields), "inv.yaml", None)
    assert "name the law and the period" in str(caught.value)


def test_an_unreachable_database_is_reported_not_raised(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'missing.db'}"
    report = check_inventory(parse_inventory(inventory_yaml(url), "inv.yaml", None), None)
    assert not report.ok
    assert "no SQLite database" in report.findings[0].what
    assert not (tmp_path / "missing.db").exists()


def test_cli_import_and_check(tmp_path: Path, cli_env: Settings) -> None:
    company = f"sqlite:///{tmp_path / 'company.db'}"
    company_schema(company)
    policy_file, inventory_file = tmp_path / "policy.yaml", tmp_path / "inventory.yaml"
    policy_file.write_text(policy_yaml())
    inventory_file.write_text(inventory_yaml(company))
    assert runner.invoke(app, ["policy", "publish", str(policy_file)]).exit_code == 0
    imported = runner.invoke(app, ["inventory", "import", str(inventory_file), "--json"])
    assert imported.exit_code == 0, imported.output
    checked = runner.invoke(app, ["inventory", "check", "--json"])
    assert checked.exit_code == 0
    assert '"ok": true' in checked.stdout and "customer_id" in checked.stdout


def test_cli_check_fails_on_a_missing_table(tmp_path: Path, cli_env: Settings) -> None:
    company = f"sqlite:///{tmp_path / 'company.db'}"
    company_schema(company)
    inventory_file = tmp_path / "inventory.yaml"
    inventory_file.write_text(
        inventory_yaml(company).replace("- name: orders\n", "- name: invoices\n")
    )
    result = runner.invoke(app, ["inventory", "check", str(inventory_file), "--json"])
    assert result.exit_code == 1
    assert "table 'invoices' does not exist" in result.output


FIDES_DATASET = """\
dataset:
  - fides_key: postgres_example
    name: Example shop
    collections:
      - name: customer
        fields:
          - name: email
            data_categories: [user.contact.email]
            fides_meta:
              identity: email
          - name: id
            data_categories: [system.operations]
            fides_meta:
              primary_key: true
      - name: orders
        fields:
          - name: customer_id
            data_categories: [system.operations]
            fides_meta:
              references:
                - dataset: postgres_example
                  field: customer.id
                  direction: from
"""


def test_cli_import_reads_a_fides_dataset(tmp_path: Path, cli_env: Settings) -> None:
    dataset = tmp_path / "fides.yaml"
    dataset.write_text(FIDES_DATASET)
    result = runner.invoke(
        app, ["inventory", "import", str(dataset), "--url", "sqlite:///x.db", "--json"]
    )
    assert result.exit_code == 0, result.output
    shown = runner.invoke(app, ["inventory", "show", "--json"])
    assert '"identity": "email"' in shown.stdout
    assert '"to": "customer"' in shown.stdout
