"""`pactum policy check|publish|diff|list|show|schema`."""

from __future__ import annotations

import getpass
import json
from pathlib import Path
from typing import Annotated

import typer

from pactum.config import Settings
from pactum.db import transaction
from pactum.policy import service
from pactum.policy.diff import diff_policies
from pactum.policy.document import Policy
from pactum.policy.loading import json_schema, read_policy_file
from pactum.policy.schemas import ChangeOut, VersionOut
from pactum.terminal import out, print_json, table
from pactum.workspace import open_workspace

app = typer.Typer(help="Policy as code: validate, publish and compare policy versions.")
JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]


@app.command()
def check(
    file: Annotated[Path, typer.Argument(help="The policy YAML file.")], json_: JsonFlag = False
) -> None:
    """Validate a policy file; report every problem with file:line:column. Writes nothing."""
    policy, _ = read_policy_file(file)
    summary = {
        "ok": True,
        "file": str(file),
        "categories": len(policy.categories),
        "purposes": len(policy.purposes),
        "jurisdictions": [j.id for j in policy.jurisdictions],
    }
    if json_:
        print_json(summary)
    else:
        out.print(
            f"[green]ok[/green] {file}: {len(policy.categories)} categories, "
            f"{len(policy.purposes)} purposes, {len(policy.jurisdictions)} jurisdictions"
        )


@app.command()
def publish(file: Path, json_: JsonFlag = False) -> None:
    """Record a new immutable version of the policy, with its SHA-256."""
    _, text = read_policy_file(file)
    workspace = open_workspace(Settings())
    with transaction(workspace.sessions) as session:
        version, is_new = service.publish_policy(
            session,
            workspace.clock,
            text=text,
            source_name=str(file),
            actor=f"cli:{getpass.getuser()}",
        )
        shown = VersionOut.of(version)
    if json_:
        print_json({**shown.model_dump(mode="json"), "new": is_new})
    elif is_new:
        out.print(f"published version {shown.version} (sha256 {shown.sha256})")
    else:
        out.print(
            f"unchanged: this text is already version {shown.version} (sha256 {shown.sha256})"
        )


@app.command()
def diff(
    old: Annotated[str, typer.Argument(help="A version number or a policy file.")],
    new: Annotated[str, typer.Argument(help="A version number or a policy file.")],
    json_: JsonFlag = False,
) -> None:
    """List what changed between two versions (or files), and which changes reduce rights."""
    changes = diff_policies(_load(old), _load(new))
    rows = [ChangeOut.of(c) for c in changes]
    if json_:
        print_json(rows)
        return
    table(
        f"{len(rows)} change(s) from {old} to {new}",
        ["change", "kind", "reduces rights"],
        [[r.description, r.kind or "", "yes" if r.reduces_rights else ""] for r in rows],
    )


@app.command("list")
def list_versions(json_: JsonFlag = False) -> None:
    """List the published versions."""
    workspace = open_workspace(Settings())
    with workspace.reader()() as session:
        rows = [VersionOut.of(v) for v in service.list_versions(session)]
    if json_:
        print_json(rows)
        return
    table(
        "Published policy versions",
        ["version", "effective", "published", "by", "sha256"],
        [
            [r.version, r.effective_date, r.published_at, r.published_by, r.sha256[:16]]
            for r in rows
        ],
    )


@app.command()
def show(version: Annotated[int | None, typer.Argument()] = None, json_: JsonFlag = False) -> None:
    """Print a published version (the newest by default) as it was published."""
    workspace = open_workspace(Settings())
    with workspace.reader()() as session:
        found = service.get_version(session, version)
    if json_:
        print_json({**VersionOut.of(found).model_dump(mode="json"), "document": found.document})
    else:
        typer.echo(found.source, nl=False)


@app.command()
def schema(output: Annotated[Path | None, typer.Option(help="Write to this file.")] = None) -> None:
    """Print the policy format's JSON Schema (generated from the models)."""
    text = json.dumps(json_schema(), indent=2) + "\n"
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        typer.echo(text, nl=False)


def _load(reference: str) -> Policy:
    if reference.isdigit():
        workspace = open_workspace(Settings())
        with workspace.reader()() as session:
            return service.as_policy(service.get_version(session, int(reference)))
    policy, _ = read_policy_file(Path(reference))
    return policy
