"""A person's copy of their data: JSON, CSV and a readable summary, without anyone else's data."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

from pactum.connectors.systems import ConnectorSet
from pactum.execution.access import confirm_categories, export_access
from pactum.execution.footprint import Footprint
from pactum.execution.walk import locate
from pactum.identities import normalize
from tests.execution.company import ALICE, Company


def alice(acme: Company, connectors: ConnectorSet) -> Footprint:
    return locate(acme.inventory, [normalize("email", ALICE)], connectors)


def unpack(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as pack:
        return {name: pack.read(name).decode() for name in pack.namelist()}


def test_the_package_holds_json_csv_and_a_summary_of_every_dataset(
    acme: Company, connectors: ConnectorSet, tmp_path: Path
) -> None:
    footprint = alice(acme, connectors)

    package = export_access(
        acme.inventory, footprint, connectors, tmp_path / "out", title="Your data at Acme"
    )

    files = unpack(package.path)
    document = json.loads(files["data.json"])
    places = {(s["system"], s["dataset"]): s for s in document["systems"]}
    assert ("web", "page_views") in places and ("newsletter", "subscribers") in places
    assert len(places[("web", "page_views")]["rows"]) == 3  # a log without a primary key
    assert {"name": "email", "category": "user.contact.email"} in places[("crm", "contacts")][
        "fields"
    ]
    views = list(csv.DictReader(io.StringIO(files["csv/web.page_views.csv"])))
    assert sorted(v["path"] for v in views) == ["/contact", "/pricing", "/pricing"]
    assert (
        "Your data at Acme" in files["summary.html"] and "Paper archive" not in files["data.json"]
    )
    assert document["searched_by_staff"] == ["archive"]
    assert package.rows == sum(len(s["rows"]) for s in document["systems"])
    assert len(package.sha256) == 64 and package.size == package.path.stat().st_size


def test_other_peoples_data_in_shared_rows_is_left_out(
    acme: Company, connectors: ConnectorSet, tmp_path: Path
) -> None:
    package = export_access(
        acme.inventory, alice(acme, connectors), connectors, tmp_path, title="Copy"
    )

    text = "\n".join(unpack(package.path).values())
    document = json.loads(unpack(package.path)["data.json"])
    places = {(s["system"], s["dataset"]): s["rows"] for s in document["systems"]}
    assert places[("erp", "companies")] == [{"name": "Acme Corp", "vat_no": "US-1"}]
    assert places[("erp", "addresses")] == [{"street": "1 Elm Street", "city": "Springfield"}]
    assert places[("erp", "employees")] == [  # her own row, and only the link in dave's
        {"id": 1, "work_email": "Alice.Smith@acme.example", "name": "Alice Smith"},
        {"manager_id": 1},
    ]
    for someone_else in (
        "alice.smith2",
        "bob.smith",
        "carol",
        "dave@",
        "billing@acme",
        "415.555.0100",
    ):
        assert someone_else not in text.lower(), someone_else


def test_the_summary_escapes_what_the_data_holds(
    acme: Company, connectors: ConnectorSet, tmp_path: Path
) -> None:
    acme.execute("crm", "UPDATE notes SET body = '<script>alert(1)</script>' WHERE id = 1")

    package = export_access(
        acme.inventory, alice(acme, connectors), connectors, tmp_path, title="<b>Copy</b>"
    )

    summary = unpack(package.path)["summary.html"]
    assert "<script>" not in summary and "&lt;script&gt;alert(1)&lt;/script&gt;" in summary
    assert "<title>&lt;b&gt;Copy&lt;/b&gt;</title>" in summary


def test_the_same_data_gives_the_same_package(
    acme: Company, connectors: ConnectorSet, tmp_path: Path
) -> None:
    footprint = alice(acme, connectors)

    first = export_access(acme.inventory, footprint, connectors, tmp_path / "a", title="Copy")
    second = export_access(acme.inventory, footprint, connectors, tmp_path / "b", title="Copy")

    assert first.sha256 == second.sha256


def test_a_confirmation_names_the_categories_held(acme: Company, connectors: ConnectorSet) -> None:
    categories = confirm_categories(alice(acme, connectors))

    assert {"user.contact.email", "user.device.cookie_id", "user.financial"} <= categories
    assert "user.behavior.browsing_history" in categories
