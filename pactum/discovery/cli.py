"""`pactum inventory discover URL` and `pactum scan db URL`: personal data in a SQL database."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from pactum.config import Settings
from pactum.discovery import service
from pactum.discovery.schemas import ColumnReport, DiscoveryReport
from pactum.errors import Invalid, NotFound, PactumError
from pactum.inventory.document import Inventory
from pactum.inventory.service import find_current_inventory
from pactum.policy.document import Policy
from pactum.policy.service import current_policy
from pactum.terminal import err, out, print_json, report_error
from pactum.workspace import open_workspace

Url = Annotated[str, typer.Argument(help="SQLAlchemy URL: sqlite:///file.db, postgresql://...")]
SampleOption = Annotated[
    int, typer.Option("--sample", min=1, max=service.MOST_SAMPLE, help="Rows read per table.")
]
JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]


def discover(
    url: Url,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the draft inventory here.")
    ] = None,
    sample: SampleOption = service.DEFAULT_SAMPLE,
    system: Annotated[
        str | None, typer.Option(help="The system id in the draft (default: the database name).")
    ] = None,
    json_: JsonFlag = False,
) -> None:
    """Sample a database's tables and draft an inventory, with the changes from the current one."""
    policy, current = _workspace_documents()
    found = service.discover(url, policy=policy, current=current, sample=sample, system=system)
    if output is not None:
        try:
            output.write_text(found.draft, encoding="utf-8")
        except OSError as error:
            raise Invalid(f"cannot write the draft: {error.strerror}", where=str(output)) from error
    if json_:
        document = found.report.model_dump(mode="json")
        print_json({**document, "output": str(output) if output else None, "draft": found.draft})
        return
    if output is None:
        sys.stdout.write(found.draft)  # the draft on stdout, to redirect; the summary on stderr
    _print_columns(found.report, to_stderr=output is None)
    _print_diff(found.report, to_stderr=output is None)
    if output is not None:
        out.print(f"draft inventory written to {output}; review it, then `pactum inventory import`")


def scan_db(
    url: Url, sample: SampleOption = service.DEFAULT_SAMPLE, json_: JsonFlag = False
) -> None:
    """Report which columns of a database hold personal data; writes nothing."""
    try:
        report = service.scan_database(url, sample=sample)
    except PactumError as error:
        # Mapped here too, so the scan app behaves the same alone and under `pactum`.
        report_error(error, as_json=json_)
        raise typer.Exit(error.exit_code) from error
    if json_:
        print_json(report)
        return
    _print_columns(report, to_stderr=False)


def _workspace_documents() -> tuple[Policy | None, Inventory | None]:
    workspace = open_workspace(Settings())
    try:
        with workspace.reader()() as session:
            try:
                policy: Policy | None = current_policy(session)
            except NotFound:
                policy = None
            return policy, find_current_inventory(session)
    finally:
        workspace.engine.dispose()


def _print_columns(report: DiscoveryReport, *, to_stderr: bool) -> None:
    console = err if to_stderr else out
    personal = report.personal_columns
    people = sum(1 for t in report.tables if t.about_people)
    rows = [
        [
            c.table,
            c.column,
            c.category or (f"({c.suggested})" if c.suggested else ""),
            c.identity or "",
            f"{c.confidence:.2f}",
            _found(c),
            ("[red]" + ", ".join(c.special) + "[/red]") if c.special else "",
        ]
        for c in personal
    ]
    headers = ["table", "column", "category", "identity", "confidence", "found", "special"]
    grid_title = (
        f"{report.database}: personal data in {len(personal)} of {len(report.columns)} columns, "
        f"{people} of {len(report.tables)} tables about people ({report.seconds:.1f} s)"
    )
    grid = Table(title=grid_title, title_justify="left")
    for header in headers:
        grid.add_column(header)
    for row in rows:
        grid.add_row(*row)
    console.print(grid)
    for note in (t for t in report.tables if t.note):
        console.print(f"[yellow]note[/yellow] {note.table}: {note.note}")
    for column in (c for c in report.columns if c.special):
        console.print(
            f"[red]special category data[/red] {column.table}.{column.column}: "
            f"{', '.join(column.special)} (GDPR Art. 9; check the lawful basis and the policy)"
        )


def _found(column: ColumnReport) -> str:
    return ", ".join(f"{kind} {share:.0%}" for kind, share in list(column.found.items())[:3])


def _print_diff(report: DiscoveryReport, *, to_stderr: bool) -> None:
    console = err if to_stderr else out
    if not report.compared_with:
        console.print("no system of the current inventory is on this database: nothing to compare")
        return
    systems = ", ".join(report.compared_with)
    if not report.diff:
        console.print(f"[green]no changes[/green] from the inventory's systems {systems}")
        return
    console.print(f"{len(report.diff)} change(s) from the inventory's systems {systems}:")
    for entry in report.diff:
        where = entry.table + (f".{entry.column}" if entry.column else "")
        change = entry.change.value.replace("_", " ")
        detail = f": {entry.before or '-'} -> {entry.after or '-'}" if entry.column else ""
        console.print(f"  {change} {where}{detail}")
