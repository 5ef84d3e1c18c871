"""`pactum consent set|check|history|filter|import|export|deliveries`."""

from __future__ import annotations

import csv
import getpass
import sys
from pathlib import Path
from typing import Annotated

import typer

from pactum.config import Settings
from pactum.consent import channels, deliveries, service
from pactum.consent.models import Channel, State
from pactum.consent.people import one_identity
from pactum.consent.schemas import ExportRow
from pactum.consent.subscribers import import_subscribers, read_address_list
from pactum.db import transaction
from pactum.errors import Invalid
from pactum.policy.service import current_policy
from pactum.terminal import err, out, print_json, table
from pactum.workspace import open_workspace

app = typer.Typer(help="Consent and preferences: the ledger, the check, lists and deliveries.")
JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
Email = Annotated[str | None, typer.Option(help="The person's e-mail address.")]
Phone = Annotated[str | None, typer.Option(help="The person's phone number.")]
CustomerId = Annotated[str | None, typer.Option(help="The person's customer id.")]
CookieId = Annotated[str | None, typer.Option(help="The banner's cookie id.")]


def _actor() -> str:
    return f"cli:{getpass.getuser()}"


def _enqueue(delivery_ids: list[int]) -> None:
    """Nudge the workers; a lost nudge is re-queued by the periodic job within minutes."""
    if delivery_ids:
        from pactum.tasks import build_queue  # the queue is only needed when something changed

        queue = build_queue(Settings())
        for delivery_id in delivery_ids:
            queue.deliver_consent_change(delivery_id)


@app.command("set")
def set_(
    *,
    purpose: Annotated[str, typer.Argument(help="A purpose of the policy.")],
    state: Annotated[State, typer.Argument(help="granted, denied or withdrawn.")],
    channel: Annotated[Channel, typer.Option(help="How the choice arrived.")] = Channel.STAFF_ENTRY,
    note: Annotated[str, typer.Option(help="How it was received, e.g. 'phone call'.")] = "",
    email: Email = None,
    phone: Phone = None,
    customer_id: CustomerId = None,
    cookie_id: CookieId = None,
    json_: JsonFlag = False,
) -> None:
    """Record a choice (e.g. an opt-out received by e-mail reply or phone: --channel staff_entry)."""
    identity = one_identity(email, phone, customer_id, cookie_id)
    workspace = open_workspace(Settings())
    with transaction(workspace.sessions) as session:
        recorded = channels.record_entry(
            session,
            workspace.clock,
            current_policy(session),
            workspace.key,
            identity,
            purpose=purpose,
            state=state,
            channel=channel,
            actor=_actor(),
            note=note,
        )
    _enqueue(recorded.deliveries)
    if json_:
        print_json({"event_id": recorded.event_id, "changed": recorded.changed})
    else:
        change = "changed" if recorded.changed else "unchanged"
        out.print(f"recorded event {recorded.event_id}: {purpose} {state.value} ({change})")


@app.command()
def check(
    *,
    purpose: Annotated[str, typer.Argument(help="A purpose of the policy.")],
    email: Email = None,
    phone: Phone = None,
    customer_id: CustomerId = None,
    cookie_id: CookieId = None,
    json_: JsonFlag = False,
) -> None:
    """May PURPOSE be applied to the person now? Exit 0 allowed, 1 not, 2 invalid input."""
    identity = one_identity(email, phone, customer_id, cookie_id)
    workspace = open_workspace(Settings())
    with workspace.reader()() as session:
        decision = service.may_process(
            session,
            current_policy(session),
            identity,
            purpose,
            now=workspace.clock.now(),
            key=workspace.key,
        )
    if json_:
        print_json({"purpose": purpose, **decision.model_dump(mode="json")})
    else:
        verdict = "[green]allowed[/green]" if decision.allowed else "[red]not allowed[/red]"
        out.print(f"{verdict} ({decision.rule}): {decision.reason}")
    if not decision.allowed:
        raise typer.Exit(1)


@app.command()
def history(
    email: Email = None,
    phone: Phone = None,
    customer_id: CustomerId = None,
    cookie_id: CookieId = None,
    json_: JsonFlag = False,
) -> None:
    """Every event of the person (all their linked identities), oldest first."""
    identity = one_identity(email, phone, customer_id, cookie_id)
    workspace = open_workspace(Settings())
    with workspace.reader()() as session:
        found = service.history(session, identity, key=workspace.key)
    if json_:
        print_json(found)
        return
    out.print(f"identities: {', '.join(found.identities)}")
    if found.do_not_reask_until:
        out.print(
            f"Global Privacy Control honoured; do not ask again before {found.do_not_reask_until:%Y-%m-%d}"
        )
    table(
        "Consent events (oldest first)",
        ["#", "at", "purpose", "state", "channel", "policy", "by", "evidence"],
        [
            [
                e.id,
                f"{e.at:%Y-%m-%d %H:%M}",
                e.purpose,
                e.state.value,
                e.channel.value,
                e.policy_version,
                e.actor,
                (e.evidence_sha256 or "")[:12],
            ]
            for e in found.events
        ],
    )


def _read(file: Path) -> bytes:
    if str(file) == "-":
        return sys.stdin.buffer.read()
    try:
        return file.read_bytes()
    except OSError as exc:
        raise Invalid(
            f"cannot read {file} ({exc.strerror})", where=str(file), fix="check the path"
        ) from exc


@app.command("filter")
def filter_(
    file: Annotated[Path, typer.Argument(help="One address per line ('-' for stdin).")],
    purpose: Annotated[str, typer.Argument(help="A purpose of the policy.")],
    kind: Annotated[
        str, typer.Option(help="What the lines are: email, phone, customer_id.")
    ] = "email",
    json_: JsonFlag = False,
) -> None:
    """Print the addresses of a list that PURPOSE may be applied to (e.g. a mailing list)."""
    identities, invalid = read_address_list(_read(file), str(file), kind)
    workspace = open_workspace(Settings())
    with workspace.reader()() as session:
        allowed = service.filter_allowed(
            session,
            current_policy(session),
            identities,
            purpose,
            now=workspace.clock.now(),
            key=workspace.key,
        )
    if json_:
        print_json(
            {
                "purpose": purpose,
                "allowed": [i.value for i in allowed],
                "refused": len(identities) - len(allowed),
                "invalid": [p.model_dump() for p in invalid],
            }
        )
        return
    for problem in invalid:
        err.print(f"[yellow]skipped[/yellow] line {problem.line}: {problem.reason}")
    sys.stdout.write("".join(f"{i.value}\n" for i in allowed))


@app.command("import")
def import_(
    file: Annotated[
        Path, typer.Argument(help="A CSV with email (or phone), opted_in_at, purpose.")
    ],
    purpose: Annotated[str | None, typer.Option(help="The purpose of every row.")] = None,
    all_or_nothing: Annotated[bool, typer.Option(help="Import nothing if any row is bad.")] = False,
    encoding: Annotated[
        str | None, typer.Option(help="The file's encoding (default UTF-8).")
    ] = None,
    json_: JsonFlag = False,
) -> None:
    """Import a subscriber list with its opt-in dates; bad rows are reported by line (exit 1)."""
    data = _read(file)
    workspace = open_workspace(Settings())
    with transaction(workspace.sessions) as session:
        report, queued = import_subscribers(
            session,
            workspace.clock,
            current_policy(session),
            workspace.key,
            data,
            source=str(file),
            purpose=purpose,
            all_or_nothing=all_or_nothing,
            encoding=encoding,
            actor=_actor(),
        )
    _enqueue(queued)
    if json_:
        print_json(report)
    else:
        for problem in report.rejected:
            err.print(f"[red]rejected[/red] {file}:{problem.line}: {problem.reason}")
        out.print(
            f"{report.imported} imported, {report.skipped} skipped (already imported or newer "
            f"choice on record), {len(report.rejected)} rejected, of {report.rows} rows"
        )
    if report.rejected:
        raise typer.Exit(1)


@app.command()
def export(
    json_: JsonFlag = False,
    csv_: Annotated[bool, typer.Option("--csv", help="CSV (the default).")] = False,
    purpose: Annotated[str | None, typer.Option(help="Only this purpose.")] = None,
) -> None:
    """Print every current state with the person's identities, as CSV (default) or JSON."""
    workspace = open_workspace(Settings())
    with workspace.reader()() as session:
        rows = service.export_states(session, purpose=purpose)
        if json_:
            print_json(list(rows))
            return
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(ExportRow.model_fields)
        writer.writerows(row.model_dump(mode="json").values() for row in rows)


@app.command("deliveries")
def list_deliveries(
    failing: Annotated[bool, typer.Option(help="Only deliveries that keep failing.")] = False,
    json_: JsonFlag = False,
) -> None:
    """The webhook delivery log: status, attempts, age, and the legal window (exit 1 if failing)."""
    workspace = open_workspace(Settings())
    with workspace.reader()() as session:
        rows = deliveries.list_deliveries(session, workspace.clock.now(), failing_only=failing)
    if json_:
        print_json(rows)
    else:
        table(
            "Consent deliveries (newest first)",
            ["#", "system", "purpose", "state", "status", "tries", "age", "due by", "last error"],
            [
                [
                    d.id,
                    d.system,
                    d.purpose,
                    d.state.value,
                    d.status.value,
                    d.attempts,
                    _age(d.age_seconds),
                    f"{d.due_by:%Y-%m-%d} ({d.window})" if d.due_by else "",
                    ("OVERDUE " if d.overdue else "") + (d.last_error or ""),
                ]
                for d in rows
            ],
        )
    if failing and rows:
        raise typer.Exit(1)


def _age(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"
