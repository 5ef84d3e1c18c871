"""How `pactum request` shows things: a request's page in the terminal, a run's progress bar."""

from __future__ import annotations

import time

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from pactum.privacy_requests import fulfilment
from pactum.privacy_requests.schemas import RequestDetail, RunOutcome
from pactum.terminal import err, out, table
from pactum.workspace import Workspace


def print_detail(detail: RequestDetail) -> None:
    r = detail.request
    out.print(f"[bold]{r.id}[/bold] {r.type} request, {r.status} ({r.jurisdiction})")
    out.print(f"person: {r.identity or '(forgotten: keyed hash ' + r.subject[:16] + '…)'}")
    out.print(f"due: {r.due_explanation}" + (" (extended)" if r.extended else ""))
    if r.repeat_proposed:
        out.print(f"[yellow]proposed:[/yellow] decline as repetitive ({r.proposed_ground})")
    if r.blocked_by:
        out.print(f"[red]blocked by:[/red] {r.blocked_by}")
    if detail.steps:
        table("Steps", ["step", "kind", "system", "status", "tries", "rows", "error"],
              [[s.step_id, s.kind, s.system, s.status, s.attempts, s.rows, s.last_error or ""]
               for s in detail.steps])  # fmt: skip
    for step in detail.steps:
        if step.status == "waiting" and step.instructions:
            out.print(f"[bold]{step.step_id}[/bold] (confirm when done):\n{step.instructions}")
    table("Timeline", ["at", "who", "what", "note"],
          [[f"{e.at:%Y-%m-%d %H:%M}", e.actor, e.action, e.note] for e in detail.timeline])  # fmt: skip
    for name, value in r.result.items():
        if name != "proof":
            out.print(f"{name}: {value}")
    if detail.proof:
        out.print(f"proof: {detail.proof}")


def run_here(workspace: Workspace, request_id: str, timeout: float, *, quiet: bool) -> RunOutcome:
    deadline = time.monotonic() + timeout
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
        console=err, disable=quiet, transient=False,
    ) as bar:  # fmt: skip
        task = bar.add_task(request_id, total=None)

        def progress(done: int, total: int, label: str) -> None:
            bar.update(task, completed=done, total=total, description=f"{request_id} {label}")

        while True:
            outcome = fulfilment.execute(workspace, request_id, progress=progress)
            if outcome.retry_in is None or time.monotonic() + outcome.retry_in > deadline:
                return outcome
            err.print(
                f"{outcome.blocked_by} is unavailable; trying again in {outcome.retry_in:.0f}s"
            )
            time.sleep(outcome.retry_in)
