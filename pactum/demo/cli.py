"""`pactum demo`: build the demo company in the workspace, publish its policy, and serve it."""

from __future__ import annotations

from importlib import resources
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from pactum.accounts.service import ensure_first_administrator
from pactum.config import Settings
from pactum.consent.service import import_subscribers
from pactum.db import transaction
from pactum.demo.annotations import demo_inventory_text
from pactum.demo.generate import DemoStats, build_demo_database
from pactum.demo.newsletter import newsletter_list
from pactum.inventory.loading import parse_inventory
from pactum.inventory.service import store_inventory
from pactum.policy.service import current_policy, publish_policy
from pactum.terminal import err, out, print_json
from pactum.workspace import Workspace, open_workspace

ADMIN_EMAIL = "admin@northwind-ledger.example"


def demo(
    scale: Annotated[int, typer.Option(min=1, help="ERP contacts to generate (people).")] = 10_000,
    seed: Annotated[int, typer.Option(help="The same seed builds the same company.")] = 7,
    no_serve: Annotated[bool, typer.Option("--no-serve", help="Build only, do not serve.")] = False,
    json_: Annotated[
        bool, typer.Option("--json", help="Print where everything went as JSON.")
    ] = False,
    host: Annotated[str, typer.Option(help="Address to serve on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to serve on.")] = 8000,
) -> None:
    """Build the demo company (data, inventory, policy, first administrator), then serve it."""
    settings = Settings()
    workspace = open_workspace(settings)
    summary = build_demo(workspace, scale=scale, seed=seed, show_progress=not json_)
    if json_:
        print_json(summary)
    else:
        _print_summary(summary)
    if not no_serve:
        from pactum.serving import serve_app  # the web stack only when serving

        serve_app(settings, host=host, port=port)


def build_demo(
    workspace: Workspace, *, scale: int, seed: int, show_progress: bool
) -> dict[str, Any]:
    folder = workspace.path / "demo"
    folder.mkdir(exist_ok=True)
    url = f"sqlite:///{folder / 'company.db'}"
    stats = _generate(url, scale=scale, seed=seed, show_progress=show_progress)
    policy_text = resources.files("pactum.demo").joinpath("policy.yaml").read_text(encoding="utf-8")
    inventory_text = demo_inventory_text(url)
    inventory_file = folder / "inventory.yaml"
    inventory_file.write_text(inventory_text, encoding="utf-8")
    with transaction(workspace.sessions) as session:
        version, _ = publish_policy(
            session,
            workspace.clock,
            text=policy_text,
            source_name="examples/us-vendor/policy.yaml",
            actor="system:demo",
        )
        inventory = parse_inventory(inventory_text, str(inventory_file), current_policy(session))
        store_inventory(
            session,
            workspace.clock,
            inventory,
            text=inventory_text,
            source_name=str(inventory_file),
            actor="system:demo",
        )
        # The company's newsletter list goes into the consent ledger through the import any
        # company would use; building the demo again imports the same file, which changes nothing.
        newsletter, _ = import_subscribers(
            session,
            workspace.clock,
            current_policy(session),
            workspace.key,
            newsletter_list(url),
            source="newsletter_subscriptions.csv",
            purpose=None,
            all_or_nothing=False,
            encoding="utf-8",
            actor="system:demo",
        )
        admin, password = ensure_first_administrator(session, workspace.clock, ADMIN_EMAIL)
        admin_email = admin.email
        policy_version = version.id
    return {
        "workspace": str(workspace.path),
        "database_url": workspace.engine.url.render_as_string(hide_password=True),
        "demo_database_url": url,
        "inventory_file": str(inventory_file),
        "policy_version": policy_version,
        "newsletter_listed": newsletter.rows,
        "newsletter_imported": newsletter.imported,
        "rows": stats.row_counts,
        "seconds": round(stats.elapsed_seconds, 2),
        "look_alike_emails": stats.look_alike_emails,
        "staff": {"email": admin_email, "password": password, "login": "/console/login"},
        "privacy_center": f"{workspace.settings.base_url}/privacy",
    }


def _generate(url: str, *, scale: int, seed: int, show_progress: bool) -> DemoStats:
    if not show_progress:
        return build_demo_database(url, scale=scale, seed=seed)
    columns = (
        TextColumn("{task.description:<24}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=err, transient=False) as bar:
        tasks: dict[str, Any] = {}

        def progress(table: str, done: int, total: int) -> None:
            if table not in tasks:
                tasks[table] = bar.add_task(table, total=total)
            bar.update(tasks[table], completed=done, total=max(total, done))

        return build_demo_database(url, scale=scale, seed=seed, progress=progress)


def _print_summary(summary: dict[str, Any]) -> None:
    out.print(
        f"[bold]Demo company built[/bold] in {summary['seconds']} s: {sum(summary['rows'].values()):,} rows"
    )
    out.print(f"  workspace        {summary['workspace']}")
    out.print(f"  demo database    {summary['demo_database_url']}")
    out.print(f"  inventory        {summary['inventory_file']}")
    out.print(f"  policy version   {summary['policy_version']}")
    listed, imported = summary["newsletter_listed"], summary["newsletter_imported"]
    already = f", {listed - imported:,} already on record" if imported < listed else ""
    out.print(
        f"  consent ledger   {listed:,} newsletter subscribers, {imported:,} imported{already}"
    )
    staff = summary["staff"]
    if staff["password"]:
        out.print(
            f"  administrator    {staff['email']}  password (shown once): [bold]{staff['password']}[/bold]"
        )
    else:
        out.print(f"  administrator    {staff['email']} (exists already; password unchanged)")
    out.print(f"  privacy center   {summary['privacy_center']}")
