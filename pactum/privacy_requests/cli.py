"""`pactum request submit|list|show|verify|approve|decline|extend|run|confirm-step|purge`."""

from __future__ import annotations

import getpass
from datetime import datetime
from typing import Annotated

import typer

from pactum.config import Settings
from pactum.db import transaction
from pactum.errors import Invalid
from pactum.privacy_requests import codes, forgetting, fulfilment, review, timeline
from pactum.privacy_requests.cli_output import print_detail, run_here
from pactum.privacy_requests.messages import send
from pactum.privacy_requests.models import Status
from pactum.privacy_requests.schemas import (
    Channel,
    Requester,
    RequesterKind,
    RequestOut,
    StaffEntryIn,
)
from pactum.tasks import build_queue
from pactum.terminal import out, print_json, table
from pactum.workspace import Workspace, open_workspace

app = typer.Typer(help="Privacy requests: access, correction, deletion, opt-out and more.")
JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
RequestId = Annotated[str, typer.Argument(help="The request's id, e.g. R7K2M9QX4T3A.")]
Reason = Annotated[str, typer.Option("--reason", help="Why; recorded, and sent to the person.")]


def _actor() -> str:
    return f"cli:{getpass.getuser()}"


def _open() -> Workspace:
    return open_workspace(Settings())


@app.command()
def submit(
    type_: Annotated[str, typer.Argument(metavar="TYPE", help="access, confirm, correct, ...")],
    email: Annotated[str | None, typer.Option(help="The person's e-mail address.")] = None,
    phone: Annotated[str | None, typer.Option(help="The person's phone number.")] = None,
    jurisdiction: Annotated[
        str | None, typer.Option(help="A jurisdiction id of the policy.")
    ] = None,
    region: Annotated[str | None, typer.Option(help="Where the person lives, e.g. US-CA.")] = None,
    channel: Annotated[Channel, typer.Option(help="How the request reached us.")] = Channel.CLI,
    received_at: Annotated[
        datetime | None, typer.Option(help="When it arrived (by e-mail, phone or post).")
    ] = None,
    agent: Annotated[str | None, typer.Option(help="An authorized agent made it.")] = None,
    organization: Annotated[str | None, typer.Option(help="An organization made it.")] = None,
    change: Annotated[list[str], typer.Option(help="CATEGORY=VALUE for a correction.")] = [],  # noqa: B006
    purpose: Annotated[list[str], typer.Option(help="A purpose to restrict or object to.")] = [],  # noqa: B006
    point: Annotated[
        list[str], typer.Option(help="KIND=VALUE the person gave to be matched (name=...).")
    ] = [],  # noqa: B006
    json_: JsonFlag = False,
) -> None:
    """Record a request; a code goes to the person when their identity must be verified."""
    form = StaffEntryIn(
        type=type_, email=email, phone=phone, jurisdiction=jurisdiction, region=region,
        requester=_requester(agent, organization), changes=_pairs(change, "--change"),
        purposes=purpose, data_points=_pairs(point, "--point"), channel=channel,
        received_at=received_at,
    )  # fmt: skip
    workspace = _open()
    with transaction(workspace.sessions) as session:
        submission = codes.submit_with_code(
            session, workspace.clock, workspace.key, form, channel=channel, actor=_actor(),
            base_url=workspace.settings.base_url, client=None,
        )  # fmt: skip
        shown = RequestOut.model_validate(submission.request)
    send(workspace.mailer, submission.mails)
    if json_:
        print_json(shown)
    else:
        out.print(f"{shown.id} {shown.type} request, {shown.status}; due {_due(shown)}")


def _requester(agent: str | None, organization: str | None) -> Requester:
    if agent and organization:
        raise Invalid("give --agent or --organization, not both", where="requester")
    if agent:
        return Requester(kind=RequesterKind.AGENT, name=agent)
    if organization:
        return Requester(kind=RequesterKind.ORGANIZATION, name=organization)
    return Requester()


def _pairs(pairs: list[str], option: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise Invalid(f"{pair!r} is not NAME=VALUE", where=option,
                          fix=f"write {option} name=value, once per value")  # fmt: skip
        found[name.strip()] = value
    return found


def _due(shown: RequestOut) -> str:
    return f"{shown.due_at:%a %-d %b %Y}"


@app.command("list")
def list_(
    status: Annotated[str | None, typer.Option(help="Only this status.")] = None,
    type_: Annotated[str | None, typer.Option("--type", help="Only this type.")] = None,
    jurisdiction: Annotated[str | None, typer.Option(help="Only this jurisdiction.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=10_000)] = 100,
    json_: JsonFlag = False,
) -> None:
    """List requests: open ones first, the nearest (or most overdue) due date on top."""
    workspace = _open()
    with workspace.reader()() as session:
        found = timeline.list_requests(
            session, status=status, type_=type_, jurisdiction=jurisdiction, limit=limit
        )
        shown = [RequestOut.model_validate(r) for r in found]
    if json_:
        print_json(shown)
        return
    now = workspace.clock.now()
    rows = [
        [r.id, r.type, r.status, r.jurisdiction, _due(r), "OVERDUE" if r.due_at < now else ""]
        for r in shown
    ]
    table("Privacy requests", ["id", "type", "status", "jurisdiction", "due", ""], rows)


@app.command()
def show(request_id: RequestId, json_: JsonFlag = False) -> None:
    """A request: its due dates, its steps, its timeline, its result and its proof."""
    workspace = _open()
    with workspace.reader()() as session:
        detail = timeline.request_detail(session, request_id)
    if json_:
        print_json(detail)
    else:
        print_detail(detail)


@app.command()
def verify(
    request_id: RequestId,
    manual: Annotated[bool, typer.Option("--manual", help="A staff member vouches.")] = False,
    reason: Annotated[str, typer.Option(help="How the identity was checked.")] = "",
    code: Annotated[str | None, typer.Option(help="The code the person read out.")] = None,
    json_: JsonFlag = False,
) -> None:
    """Record a verification: `--manual --reason TEXT`, or the person's `--code`."""
    workspace = _open()
    if manual == (code is not None):
        raise Invalid("give either --manual --reason TEXT or --code CODE", where="verify")
    with transaction(workspace.sessions) as session:
        if manual:
            found = codes.verify_manually(
                session, workspace.clock, request_id, reason=reason, actor=_actor()
            )
            problem, mails = None, []
        else:
            check = codes.check_code(
                session, workspace.clock, workspace.key, request_id, code or "",
                base_url=workspace.settings.base_url, client=None,
            )  # fmt: skip
            found, problem, mails = check.request, check.problem, check.mails
        shown = RequestOut.model_validate(found)
    if problem is not None:
        raise problem
    send(workspace.mailer, mails)
    _print_request(shown, json_, "verified")


def _print_request(shown: RequestOut, as_json: bool, done: str) -> None:
    if as_json:
        print_json(shown)
    else:
        out.print(f"{shown.id} {done}: now {shown.status}; due {_due(shown)}")


@app.command()
def approve(request_id: RequestId, json_: JsonFlag = False) -> None:
    """Approve a verified request and queue its execution for `pactum worker`."""
    workspace = _open()
    with transaction(workspace.sessions) as session:
        shown = RequestOut.model_validate(
            review.approve(session, workspace.clock, request_id, actor=_actor())
        )
    build_queue(workspace.settings).run_privacy_request(shown.id)
    _print_request(shown, json_, "approved and queued")


@app.command()
def decline(
    request_id: RequestId,
    ground: Annotated[str, typer.Option(help="A decline ground the jurisdiction lists.")],
    reason: Reason,
    narrow: Annotated[bool, typer.Option(help="Act on part of the request only.")] = False,
    json_: JsonFlag = False,
) -> None:
    """Decline (or `--narrow`) on a named ground; the person is told why."""
    workspace = _open()
    with transaction(workspace.sessions) as session:
        found, mail = review.decline(
            session, workspace.clock, request_id, ground=ground, reason=reason,
            actor=_actor(), narrowed=narrow,
        )  # fmt: skip
        shown = RequestOut.model_validate(found)
    send(workspace.mailer, [mail])
    _print_request(shown, json_, "narrowed" if narrow else "declined")


@app.command()
def extend(
    request_id: RequestId,
    reason: Reason,
    by: Annotated[str | None, typer.Option(help="Shorter than the policy's extension.")] = None,
    json_: JsonFlag = False,
) -> None:
    """Extend the due date once, before it passes; the person is told why."""
    workspace = _open()
    with transaction(workspace.sessions) as session:
        found, mail = review.extend(
            session, workspace.clock, request_id, reason=reason, actor=_actor(), by=by
        )
        shown = RequestOut.model_validate(found)
    send(workspace.mailer, [mail])
    _print_request(shown, json_, "extended")


@app.command()
def lift(request_id: RequestId, reason: Reason, json_: JsonFlag = False) -> None:
    """Lift a completed restriction; the person is told first, with the reason."""
    workspace = _open()
    with transaction(workspace.sessions) as session:
        found, mail = review.lift_restriction(
            session, workspace.clock, workspace.key, request_id, reason=reason, actor=_actor()
        )
        shown = RequestOut.model_validate(found)
        send(workspace.mailer, [mail])  # before the commit: told before it ends (art. 18(3))
    _print_request(shown, json_, "restriction lifted")


@app.command()
def run(
    request_id: RequestId,
    wait: Annotated[bool, typer.Option(help="Run here, in the foreground, until done.")] = False,
    timeout: Annotated[float, typer.Option(help="With --wait: give up after seconds.")] = 600,
    json_: JsonFlag = False,
) -> None:
    """Execute a verified or approved request: queued for the worker, or here with `--wait`.

    With `--wait` the exit code is 0 only when the request completed.
    """
    workspace = _open()
    with transaction(workspace.sessions) as session:
        prepared = fulfilment.prepare_run(session, workspace.clock, request_id, actor=_actor())
        shown = RequestOut.model_validate(prepared)
    if not wait:
        build_queue(workspace.settings).run_privacy_request(shown.id)
        _print_request(shown, json_, "queued")
        return
    outcome = run_here(workspace, shown.id, timeout, quiet=json_)
    if json_:
        print_json(outcome)
    else:
        out.print(f"{outcome.request_id}: {outcome.status}. {outcome.message}")
    if outcome.status != Status.COMPLETED:
        raise typer.Exit(6 if outcome.status == Status.BLOCKED else 1)


@app.command("confirm-step")
def confirm_step(
    request_id: RequestId,
    step: Annotated[str, typer.Argument(help="The step id, as `pactum request show` lists it.")],
    note: Annotated[str, typer.Option(help="What was done.")] = "",
    json_: JsonFlag = False,
) -> None:
    """Confirm a manual step (a system without an API, or a recipient told)."""
    workspace = _open()
    with transaction(workspace.sessions) as session:
        found = fulfilment.confirm_step(
            session, workspace.clock, request_id, step, actor=_actor(), note=note
        )
        shown = RequestOut.model_validate(found)
    build_queue(workspace.settings).run_privacy_request(shown.id)
    _print_request(shown, json_, f"step {step} confirmed")


@app.command()
def purge(json_: JsonFlag = False) -> None:
    """Reduce request records past their retention to keyed hashes (the daily job does it too)."""
    count = forgetting.purge_expired(_open())
    if json_:
        print_json({"purged": count})
    else:
        out.print(f"{count} request record(s) reduced to keyed hashes")
