"""Comparing the inventory with the real databases: missing tables and columns, unindexed look-ups."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from pactum.connectors.sql_shape import TableShape, describe_database
from pactum.errors import PactumError
from pactum.inventory.consistency import find_inconsistencies
from pactum.inventory.document import Dataset, Inventory, System, SystemKind
from pactum.inventory.loading import expand_url
from pactum.inventory.schemas import CheckFinding, CheckReport, Severity
from pactum.policy.document import Policy

Describe = Callable[[str], dict[str, TableShape]]


def check_inventory(
    inventory: Inventory, policy: Policy | None, describe: Describe = describe_database
) -> CheckReport:
    findings = [
        CheckFinding(
            severity=Severity.ERROR,
            system=str(item.path[1]) if len(item.path) > 1 else "",
            where=".".join(str(p) for p in item.path),
            what=item.what,
            fix=item.fix,
        )
        for item in find_inconsistencies(inventory, policy)
    ]
    checked = 0
    for system in inventory.systems:
        if system.kind is not SystemKind.SQL or not system.url:
            continue
        checked += 1
        try:
            shapes = describe(expand_url(system.url))
        except PactumError as exc:
            findings.append(_error(system, system.id, exc.what, exc.fix or "check the url"))
            continue
        for dataset in system.datasets:
            findings.extend(_dataset_findings(system, dataset, shapes))
    return CheckReport(findings=findings, systems_checked=checked)


def _error(system: System, where: str, what: str, fix: str) -> CheckFinding:
    return CheckFinding(severity=Severity.ERROR, system=system.id, where=where, what=what, fix=fix)


def _dataset_findings(
    system: System, dataset: Dataset, shapes: dict[str, TableShape]
) -> Iterator[CheckFinding]:
    where = f"{system.id}.{dataset.name}"
    shape = shapes.get(dataset.name)
    if shape is None:
        yield _error(
            system, where, f"table {dataset.name!r} does not exist", "correct the name or remove it"
        )
        return
    for field in dataset.fields:
        if field.name not in shape.columns:
            yield _error(
                system,
                f"{where}.{field.name}",
                f"column {field.name!r} does not exist",
                "correct the column name or remove the field",
            )
    lookups: list[tuple[str, ...]] = [
        (f.name,) for f in dataset.fields if f.identity and f.name in shape.columns
    ]
    lookups += [tuple(r.fields) for r in dataset.references]
    for columns in lookups:
        if set(columns) <= shape.columns and not shape.has_index_on(columns):
            yield CheckFinding(
                severity=Severity.WARNING,
                system=system.id,
                where=f"{where}({', '.join(columns)})",
                what="identity or reference column without an index: privacy requests would scan the table",
                fix=f"CREATE INDEX ON {dataset.name} ({', '.join(columns)})",
            )
