"""`pactum audit verify|log`."""

from __future__ import annotations

from typing import Annotated

import typer

from pactum.audit import service
from pactum.audit.schemas import EntryOut
from pactum.config import Settings
from pactum.terminal import err, out, print_json, table
from pactum.workspace import open_workspace

app = typer.Typer(help="The tamper-evident audit log.")
JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]


@app.command()
def verify(json_: JsonFlag = False) -> None:
    """Check the whole hash chain; name the first broken entry and exit 1 on tampering."""
    workspace = open_workspace(Settings())
    with workspace.reader()() as session:
        report = service.verify_chain(session)
    if json_:
        print_json(report)
    elif report.ok:
        out.print(f"[green]ok[/green] the audit chain holds: {report.checked} entries verified")
    else:
        err.print(
            f"[red]TAMPERED[/red] entry {report.first_broken}: {report.reason} "
            f"({report.checked} entries before it verified)"
        )
    if not report.ok:
        raise typer.Exit(1)


@app.command()
def log(
    limit: Annotated[int, typer.Option(min=1, max=10_000)] = 50,
    action: Annotated[str | None, typer.Option(help="Actions starting with this text.")] = None,
    json_: JsonFlag = False,
) -> None:
    """Show the newest audit entries."""
    workspace = open_workspace(Settings())
    with workspace.reader()() as session:
        entries = [
            EntryOut.model_validate(e, from_attributes=True)
            for e in service.recent_entries(session, limit=limit, action=action)
        ]
    if json_:
        print_json(entries)
        return
    table(
        "Audit log (newest first)",
        ["#", "at", "actor", "action", "target"],
        [[e.id, e.at, e.actor, e.action, e.target] for e in entries],
    )
