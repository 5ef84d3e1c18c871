"""`pactum inventory check|import|show`."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Annotated

import typer

from pactum.config import Settings
from pactum.db import transaction
from pactum.errors import NotFound
from pactum.inventory import service
from pactum.inventory.check import check_inventory
from pactum.inventory.document import Inventory
from pactum.inventory.schemas import CheckReport, Severity
from pactum.policy.document import Policy
from pactum.policy.service import current_policy
from pactum.terminal import out, print_json, table
from pactum.workspace import Workspace, open_workspace

app = typer.Typer(help="The data inventory: where personal data lives and how it is erased.")
JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]


def _published_policy(workspace: Workspace) -> Policy | None:
    with workspace.reader()() as session:
        try:
            return current_policy(session)
        except NotFound:
            return None


@app.command()
def check(
    file: Annotated[
        Path | None, typer.Argument(help="An inventory file; default: the current one.")
    ] = None,
    json_: JsonFlag = False,
) -> None:
    """Connect to each SQL system and report missing tables and columns, unindexed identity and
    reference columns, and categories the policy does not declare. Exit 1 on any error."""
    workspace = open_workspace(Settings())
    policy = _published_policy(workspace)
    inventory: Inventory
    if file is not None:
        with workspace.reader()() as session:
            current = service.find_current_inventory(session)
        inventory, _ = service.read_inventory_source(
            file.read_text(encoding="utf-8"), str(file), policy, current=current
        )
    else:
        with workspace.reader()() as session:
            inventory = service.current_inventory(session)
    report = check_inventory(inventory, policy)
    _print_report(report, json_)
    if not report.ok:
        raise typer.Exit(1)


def _print_report(report: CheckReport, as_json: bool) -> None:
    if as_json:
        print_json({"ok": report.ok, **report.model_dump(mode="json")})
        return
    if not report.findings:
        out.print(f"[green]ok[/green] {report.systems_checked} SQL system(s) match the inventory")
        return
    table(
        f"{len(report.findings)} finding(s) in {report.systems_checked} SQL system(s)",
        ["severity", "where", "what", "fix"],
        [
            [
                ("[red]" if f.severity is Severity.ERROR else "[yellow]") + f.severity.value,
                f.where,
                f.what,
                f.fix,
            ]
            for f in report.findings
        ],
    )


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="A Pactum inventory or a Fides dataset YAML.")],
    url: Annotated[
        str | None, typer.Option(help="Database URL for systems read from Fides.")
    ] = None,
    json_: JsonFlag = False,
) -> None:
    """Store a new current inventory; a Fides dataset is merged into the current one."""
    workspace = open_workspace(Settings())
    policy = _published_policy(workspace)
    with workspace.reader()() as session:
        current = service.find_current_inventory(session)
    text = file.read_text(encoding="utf-8")
    inventory, notes = service.read_inventory_source(
        text, str(file), policy, url=url, current=current
    )
    with transaction(workspace.sessions) as session:
        version = service.store_inventory(
            session,
            workspace.clock,
            inventory,
            text=text,
            source_name=str(file),
            actor=f"cli:{getpass.getuser()}",
        )
        number = version.id
    systems = [s.id for s in inventory.systems]
    if json_:
        print_json({"version": number, "systems": systems, "notes": notes})
        return
    out.print(f"imported inventory version {number}: systems {', '.join(systems)}")
    for note in notes:
        out.print(f"[yellow]note[/yellow] {note}")


@app.command()
def show(json_: JsonFlag = False) -> None:
    """Show the current inventory: systems, datasets and personal-data fields."""
    workspace = open_workspace(Settings())
    with workspace.reader()() as session:
        inventory = service.current_inventory(session)
    if json_:
        print_json(inventory)
        return
    rows = [
        [
            system.id,
            dataset.name,
            field.name,
            field.category or "",
            field.identity or "",
            dataset.erasure_of(field).value,
        ]
        for system in inventory.systems
        for dataset in system.datasets
        for field in dataset.fields
    ]
    table("Inventory", ["system", "dataset", "field", "category", "identity", "erasure"], rows)
