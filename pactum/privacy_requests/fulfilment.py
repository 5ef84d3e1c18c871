"""Running a request: claim it, plan its steps once, run each step once, resume after a crash."""

from __future__ import annotations

import os
import socket
import time
import uuid
from collections.abc import Callable
from contextlib import nullcontext
from datetime import datetime, timedelta

from sqlalchemy import bindparam, delete, func, or_, select, update
from sqlalchemy.orm import Session

from pactum.clock import Clock, as_utc
from pactum.db import core, transaction
from pactum.errors import Conflict, NotFound, PactumError, Unavailable
from pactum.privacy_requests import actions, company_data, planning, service, steps
from pactum.privacy_requests.models import (
    EXECUTING,
    PrivacyRequest,
    RequestStep,
    Status,
    StepKind,
    StepStatus,
)
from pactum.privacy_requests.schemas import RunOutcome
from pactum.workspace import Workspace

LEASE = steps.LEASE
GROUP = 8  # steps started and finished together
RENEW_AFTER = LEASE.total_seconds() / 4  # a group that runs this long renews its claim
Progress = Callable[[int, int, str], None]


def backoff(attempts: int) -> float:
    """Seconds before retrying a step that found its system down: 5, 10, 20, ... up to 5 min."""
    return float(min(300, 5 * 2 ** max(0, attempts - 1)))


def prepare_run(session: Session, clock: Clock, request_id: str, *, actor: str) -> PrivacyRequest:
    """Make a request runnable: running a verified one approves it; a failed one is retried."""
    request = service.get_request(session, request_id, for_update=True)
    request.lease_until = None if request.lease_owner is None else request.lease_until
    if request.status == Status.VERIFIED:
        request.status = Status.APPROVED
        service.log_event(session, clock, request, actor=actor, action="approved",
                          note="approved by running it")  # fmt: skip
    elif request.status == Status.FAILED:
        _forget_untouched_plan(session, request)
        request.status = Status.APPROVED
        service.log_event(session, clock, request, actor=actor, action="retried")
    elif request.status not in (*EXECUTING, Status.WAITING_FOR_STAFF):
        fix = "verify it first" if request.status == Status.AWAITING_VERIFICATION else ""
        raise Conflict(f"privacy request {request.id} is {request.status}; it cannot run", fix=fix)
    return request


def _forget_untouched_plan(session: Session, request: PrivacyRequest) -> None:
    """A plan none of whose steps ran is made again: the inventory may have been corrected."""
    started = session.scalar(
        select(func.count())
        .select_from(RequestStep)
        .where(RequestStep.request_id == request.id, RequestStep.attempts > 0)
    )
    if not started:
        session.execute(delete(RequestStep).where(RequestStep.request_id == request.id))


def confirm_step(
    session: Session, clock: Clock, request_id: str, step_id: str, *, actor: str, note: str = ""
) -> PrivacyRequest:
    """A staff member confirms a manual step or a recipient told; the request can then finish."""
    request = service.get_request(session, request_id, for_update=True)
    step = session.get(RequestStep, (request.id, step_id))
    if step is None:
        raise NotFound(f"privacy request {request.id} has no step {step_id!r}",
                       fix="see the steps in `pactum request show ID`")  # fmt: skip
    if step.kind == StepKind.SYSTEM:
        raise Conflict(f"step {step_id!r} is run by Pactum, not confirmed by staff")
    if step.status != StepStatus.WAITING:
        raise Conflict(f"step {step_id!r} is {step.status}, not waiting for a confirmation")
    step.status = StepStatus.DONE
    step.confirmed_by = actor
    step.finished_at = clock.now()
    if request.status == Status.WAITING_FOR_STAFF:
        request.status = Status.APPROVED
    service.log_event(session, clock, request, actor=actor, action="step_confirmed",
                      note=f"{step_id}" + (f": {note}" if note else ""))  # fmt: skip
    return request


def execute(
    workspace: Workspace, request_id: str, *, progress: Progress | None = None
) -> RunOutcome:
    """Run what is left of a request. Safe to call twice at once, and after a crash."""
    owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    run = steps.Execution(workspace, request_id)
    if not _claim(run, owner):
        return _busy(workspace, request_id)
    try:
        return _drive(run, owner, progress or (lambda *_: None))
    finally:
        if not run.released:
            _release(workspace, request_id, owner)


_CLAIM = (
    update(PrivacyRequest)
    .where(
        PrivacyRequest.id == bindparam("b_request"),
        PrivacyRequest.status.in_([s.value for s in EXECUTING]),
        or_(PrivacyRequest.lease_until.is_(None), PrivacyRequest.lease_until <= bindparam("b_now")),
    )
    .values(lease_owner=bindparam("b_owner"), lease_until=bindparam("b_until"),
            status=Status.RUNNING.value)
)  # fmt: skip


def _claim(run: steps.Execution, owner: str) -> bool:
    """A conditional update: exactly one worker holds a request at a time. The same
    transaction reads the request and its plan, and starts the plan's first group."""
    now = as_utc(run.workspace.clock.now())
    with transaction(run.workspace.sessions) as session:
        claimed = core(session).execute(
            _CLAIM,
            {"b_request": run.request_id, "b_now": now, "b_owner": owner, "b_until": now + LEASE},
        )
        if claimed.rowcount != 1:
            return False
        run.claimed = steps.claimed(session, run.request_id)
        run.steps = steps.load(session, run.request_id)
        run.started = steps.next_group(run.steps, GROUP)
        steps.start(session, run.request_id, run.started)
    return True


def _busy(workspace: Workspace, request_id: str) -> RunOutcome:
    with workspace.reader()() as session:
        request = service.get_request(session, request_id)
        done, total = steps.count(session, request.id)
        lease = as_utc(request.lease_until) if request.lease_until else None
    retry = (lease - as_utc(workspace.clock.now())).total_seconds() + 1 if lease else None
    waiting = retry is not None and request.status in EXECUTING
    return RunOutcome(
        request_id=request.id, status=request.status, steps_done=done, steps_total=total,
        blocked_by=request.blocked_by, retry_in=max(1.0, retry) if waiting and retry else None,
        message="not yet: another worker holds it, or its back-off runs"
        if waiting else f"nothing to run: {request.status}",
    )  # fmt: skip


def _release(workspace: Workspace, request_id: str, owner: str) -> None:
    with transaction(workspace.sessions) as session:
        session.execute(
            update(PrivacyRequest)
            .where(PrivacyRequest.id == request_id, PrivacyRequest.lease_owner == owner)
            .values(lease_owner=None, lease_until=None)
        )


def _drive(run: steps.Execution, owner: str, progress: Progress) -> RunOutcome:
    """The plan (made once), then its steps in groups. A group's attempts are counted in a
    transaction committed before any of its steps runs, so a crash shows them; the steps are
    recorded done by the transaction that starts the next group, or that settles the request
    when none is left. A crash runs the cut group again: every step is idempotent. A pass is
    thus a few transactions however many steps it runs (decisions 0037, 0039)."""
    try:
        if not run.steps:
            planning.plan(run, owner, GROUP)
        group = run.started
        while True:
            outcomes = _run_group(run, group, owner, progress) if group else []
            group, outcome = _advance(run, owner, outcomes)
            if outcome is not None:
                return outcome
    except Unavailable as error:
        return _block(run, error)
    except steps.StricterVerification as error:
        return _reverify(run, error)
    except steps.LeaseLost:
        return _busy(run.workspace, run.request_id)
    except PactumError as error:
        return _fail(run, error)


def _run_group(
    run: steps.Execution, group: list[steps.StepRecord], owner: str, progress: Progress
) -> list[tuple[steps.StepRecord, steps.Outcome]]:
    workspace = run.workspace
    done = sum(1 for r in run.steps if r.status == StepStatus.DONE)
    renewed = time.monotonic()
    run.finished = []  # what an error handler records as done
    for system, block in _blocks(group):
        # Consecutive engine steps on one system run in one transaction there: they count as
        # done only once it commits; if one fails, the block rolls back and runs again whole.
        # Any other step counts as done as soon as it ran (its mail is not sent twice).
        held: list[tuple[steps.StepRecord, steps.Outcome]] = []
        with run.connectors.writing(system) if system else nullcontext():
            for step in block:
                progress(done, len(run.steps), step.description[:60])
                run.current = step
                (held if system else run.finished).append((step, actions.perform(run, step)))
                run.current = None
                done += 1
                progress(done, len(run.steps), "")
                if time.monotonic() - renewed > RENEW_AFTER:  # slow steps: keep the claim
                    with transaction(workspace.sessions) as session:
                        steps.renew(session, run.request_id, owner=owner, lease_until=_lease(run))
                    renewed = time.monotonic()
        run.finished += held
    return run.finished


def _blocks(group: list[steps.StepRecord]) -> list[tuple[str | None, list[steps.StepRecord]]]:
    """The group cut into runs of engine steps on one system (named), and single other steps."""
    blocks: list[tuple[str | None, list[steps.StepRecord]]] = []
    for step in group:
        system = step.system if company_data.is_engine_step(step) else None
        if system is not None and blocks and blocks[-1][0] == system:
            blocks[-1][1].append(step)
        else:
            blocks.append((system, [step]))
    return blocks


def _advance(
    run: steps.Execution, owner: str, outcomes: list[tuple[steps.StepRecord, steps.Outcome]]
) -> tuple[list[steps.StepRecord], RunOutcome | None]:
    """Record a group done; start the next one, or settle the request if none can run."""
    workspace = run.workspace
    with transaction(workspace.sessions) as session:
        steps.renew(session, run.request_id, owner=owner, lease_until=_lease(run))
        request = run.request(session)
        steps.finish(session, workspace.clock, request, outcomes)
        steps.refresh(session, run.request_id, run.steps)
        group = steps.next_group(run.steps, GROUP)
        steps.start(session, run.request_id, group)
        settled = None if group else _settle(session, run, request, owner)
    run.finished = []
    return group, settled


def _lease(run: steps.Execution) -> datetime:
    return steps.lease_end(run.workspace.clock)


def _settle(
    session: Session, run: steps.Execution, request: PrivacyRequest, owner: str
) -> RunOutcome:
    """Nothing Pactum can run is left: waiting for staff, or complete."""
    done = sum(1 for r in run.steps if r.status == StepStatus.DONE)
    total = len(run.steps)
    waiting = [r.step_id for r in run.steps if r.status == StepStatus.WAITING]
    held = request.lease_owner == owner  # (closing the request clears the claim)
    if waiting:
        request.status = Status.WAITING_FOR_STAFF
        message = f"waiting for staff to confirm: {', '.join(waiting)}"
    elif done == total:
        request.blocked_by = None
        service.close(session, run.workspace.clock, request, Status.COMPLETED, actor="system")
        message = "completed"
    else:
        message = "steps remain"
    if held:  # the claim ends with this transaction
        request.lease_owner = request.lease_until = None
        run.released = True
    return RunOutcome(request_id=request.id, status=request.status, steps_done=done,
                      steps_total=total, message=message)  # fmt: skip


def _record_finished(session: Session, run: steps.Execution) -> None:
    """The steps of the cut group that ran before the error: done, not run again."""
    steps.finish(session, run.workspace.clock, run.request(session), run.finished)
    run.finished = []


def _block(run: steps.Execution, error: Unavailable) -> RunOutcome:
    """A system is down: the step goes back to pending, the request names what blocks it."""
    workspace = run.workspace
    with transaction(workspace.sessions) as session:
        _record_finished(session, run)
        request = service.get_request(session, run.request_id)
        step = run.current
        system = step.system if step is not None else error.where or "a connected system"
        attempts = steps.fail(session, request.id, step.step_id, str(error)) if step else 1
        if request.status != Status.BLOCKED:
            service.log_event(session, workspace.clock, request, actor="system",
                              action="blocked", note=f"{system}: {error.what}")  # fmt: skip
        request.status = Status.BLOCKED
        request.blocked_by = system
        # Not before the back-off: the lease now says when the next attempt may claim it.
        request.lease_owner = None
        request.lease_until = as_utc(workspace.clock.now()) + timedelta(seconds=backoff(attempts))
        done, total = steps.count(session, request.id)
        return RunOutcome(
            request_id=request.id, status=request.status, steps_done=done, steps_total=total,
            blocked_by=system, retry_in=backoff(attempts), message=f"{system} is unavailable",
        )  # fmt: skip


def _reverify(run: steps.Execution, error: steps.StricterVerification) -> RunOutcome:
    workspace = run.workspace
    with transaction(workspace.sessions) as session:
        _record_finished(session, run)
        request = service.get_request(session, run.request_id)
        if run.current is not None:
            steps.fail(session, request.id, run.current.step_id, error.what)
        request.status = Status.AWAITING_VERIFICATION
        request.required_level = error.level
        service.log_event(session, workspace.clock, request, actor="system",
                          action="needs_verification", note=error.what)  # fmt: skip
        done, total = steps.count(session, request.id)
        return RunOutcome(request_id=request.id, status=request.status, steps_done=done,
                          steps_total=total, message=error.what)  # fmt: skip


def _fail(run: steps.Execution, error: PactumError) -> RunOutcome:
    """An error a person must fix (a stale inventory): stop, keep what was done, say what."""
    workspace = run.workspace
    with transaction(workspace.sessions) as session:
        _record_finished(session, run)
        request = service.get_request(session, run.request_id)
        if run.current is not None:
            steps.fail(session, request.id, run.current.step_id, str(error))
        request.status = Status.FAILED
        request.blocked_by = None
        service.log_event(session, workspace.clock, request, actor="system", action="failed",
                          note=str(error))  # fmt: skip
        done, total = steps.count(session, request.id)
        return RunOutcome(request_id=request.id, status=request.status, steps_done=done,
                          steps_total=total, message=str(error))  # fmt: skip


def stalled_requests(workspace: Workspace, *, held_too: bool = False) -> list[str]:
    """Requests a worker should pick up: approved, or held by a claim that ran out (with
    `held_too`, also those still held: a starting worker queues them, and its job waits)."""
    now = as_utc(workspace.clock.now())
    query = select(PrivacyRequest.id).where(PrivacyRequest.status.in_([s.value for s in EXECUTING]))
    if not held_too:
        query = query.where(
            or_(PrivacyRequest.lease_until.is_(None), PrivacyRequest.lease_until < now)
        )
    with workspace.reader()() as session:
        return list(session.scalars(query.order_by(PrivacyRequest.due_at)))
