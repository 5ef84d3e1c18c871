"""A person's copy of their data: a zip with one JSON file, one CSV per dataset, an HTML summary.

Only the person's own fields are in it: in a shared row (a household's address, a company
account), another person's identity or link is left out.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
import zipfile
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from pactum.connectors.base import key_text, plain
from pactum.connectors.systems import ConnectorSet
from pactum.execution.footprint import Footprint, Holding
from pactum.inventory.document import Inventory
from pactum.signing import sha256_hex

PACKAGE_NAME = "access-package.zip"
_EPOCH = (1980, 1, 1, 0, 0, 0)  # fixed times in the zip: the same data gives the same file


@dataclass(frozen=True)
class AccessPackage:
    path: Path
    sha256: str
    size: int
    rows: int
    categories: tuple[str, ...]
    systems: tuple[str, ...]


@dataclass(frozen=True)
class _Section:
    system: str
    system_name: str
    source: str  # who runs the system, and where
    dataset: str
    description: str
    fields: list[tuple[str, str | None]]  # name, category
    rows: list[dict[str, Any]]


def confirm_categories(footprint: Footprint) -> set[str]:
    """The categories of data held about the person: the answer to a confirmation request."""
    return footprint.categories()


def export_access(
    inventory: Inventory,
    footprint: Footprint,
    connectors: ConnectorSet,
    destination_dir: Path,
    *,
    title: str,
) -> AccessPackage:
    """Read the person's rows again (the footprint holds keys, not values) and package them."""
    sections = [_section(inventory, holding, connectors) for holding in footprint.holdings]
    sections = [s for s in sections if s.rows]
    categories = sorted({c for s in sections for _, c in s.fields if c})
    document = _document(title, footprint, sections, categories)
    files = {
        "data.json": json.dumps(document, indent=2, ensure_ascii=False),
        "summary.html": _summary(title, footprint, sections, categories),
        **{f"csv/{s.system}.{s.dataset}.csv": _csv(s) for s in sections},
    }
    path = _write_zip(Path(destination_dir), files)
    data = path.read_bytes()
    return AccessPackage(
        path=path,
        sha256=sha256_hex(data),
        size=len(data),
        rows=sum(len(s.rows) for s in sections),
        categories=tuple(categories),
        systems=tuple(dict.fromkeys(s.system for s in sections)),
    )


def _section(inventory: Inventory, holding: Holding, connectors: ConnectorSet) -> _Section:
    system = inventory.system(holding.system)
    dataset = system.dataset(holding.dataset) if system else None
    assert system is not None and dataset is not None  # the footprint came from this inventory
    shown = {key_text(r.key): r.shown for r in holding.rows}
    fetched = connectors[holding.system].fetch(holding.dataset, [r.key for r in holding.rows])
    rows = [
        {name: plain(row.values.get(name)) for name in shown[key_text(row.key)]}
        for row in fetched
        if key_text(row.key) in shown
    ]
    used = {name for r in holding.rows for name in r.shown}
    fields = [(f.name, f.category) for f in dataset.fields if f.name in used]
    source = ", ".join(part for part in (system.owner, system.country) if part)
    return _Section(
        system.id,
        system.name,
        source,
        dataset.name,
        dataset.description,
        fields,
        sorted(rows, key=repr),
    )


def _document(
    title: str, footprint: Footprint, sections: list[_Section], categories: list[str]
) -> dict[str, Any]:
    return {
        "title": title,
        "identities": [f"{i.kind}: {i.value}" for i in sorted(footprint.all_identities)],
        "categories": categories,
        "systems": [
            {
                "system": s.system,
                "name": s.system_name,
                "dataset": s.dataset,
                "description": s.description,
                "fields": [{"name": n, "category": c} for n, c in s.fields],
                "rows": s.rows,
            }
            for s in sections
        ],
        "searched_by_staff": [task.system for task in footprint.manual],
    }


def _csv(section: _Section) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    names = [name for name, _ in section.fields]
    writer.writerow(names)
    for row in section.rows:
        writer.writerow(["" if row.get(n) is None else row.get(n) for n in names])
    return out.getvalue()


def _summary(
    title: str, footprint: Footprint, sections: list[_Section], categories: list[str]
) -> str:
    def cell(value: Any) -> str:
        return f"<td>{escape('' if value is None else str(value))}</td>"

    lines = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(title)}</title></head><body>",
        f"<h1>{escape(title)}</h1>",
        f"<p>We hold {sum(len(s.rows) for s in sections)} records about you "
        f"in {len({s.system for s in sections})} systems.</p>",
        "<h2>Kinds of data</h2><ul>",
        *(f"<li>{escape(c)}</li>" for c in categories),
        "</ul><h2>Where it is kept</h2>",
        "<table><tr><th>System</th><th>Run by</th><th>Dataset</th><th>Records</th>"
        "<th>Kinds of data</th></tr>",
        *(
            f"<tr>{cell(s.system_name)}{cell(s.source)}{cell(s.dataset)}{cell(len(s.rows))}"
            f"{cell(', '.join(sorted({c for _, c in s.fields if c})))}</tr>"
            for s in sections
        ),
        "</table>",
    ]
    if footprint.manual:
        by_hand = ", ".join(escape(t.system) for t in footprint.manual)
        lines.append(f"<p>Our staff search by hand in: {by_hand}; their answer follows.</p>")
    for s in sections:
        names = [name for name, _ in s.fields]
        lines += [
            f"<h2>{escape(s.system_name)}: {escape(s.dataset)}</h2>",
            "<table><tr>" + "".join(f"<th>{escape(n)}</th>" for n in names) + "</tr>",
            *("<tr>" + "".join(cell(row.get(n)) for n in names) + "</tr>" for row in s.rows),
            "</table>",
        ]
    lines.append("</body></html>")
    return "\n".join(lines)


def _write_zip(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, suffix=".part")
    with os.fdopen(handle, "wb") as raw, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as pack:
        for name, content in sorted(files.items()):
            info = zipfile.ZipInfo(name, date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            pack.writestr(info, content.encode("utf-8"))
    path = folder / PACKAGE_NAME
    os.replace(temporary, path)  # never a half-written package under the final name
    return path
