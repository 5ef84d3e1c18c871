"""Running a request: claim it, plan its steps once, run each step once, resume after a crash."""

from __future__ import annotations

import os
import socket
import time
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from pactum.clock import Clock, as_utc
from pactum.db import transaction
from pactum.errors import Conflict, NotFound, PactumError, Unavailable
from pactum.privacy_requests import actions, planning, service, steps
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

# A worker renews its claim after every step; a claim not renewed for this long is taken over
# (the worker crashed). Steps are short batches, so this is many times a step's length.
LEASE = timedelta(seconds=10)
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
    if not _claim(workspace, request_id, owner):
        return _busy(workspace, request_id)
    run = steps.Execution(workspace, request_id)
    try:
        return _drive(run, owner, progress or (lambda *_: None))
    finally:
        if not run.released:
            _release(workspace, request_id, owner)


def _claim(workspace: Workspace, request_id: str, owner: str) -> bool:
    """A conditional update: exactly one worker holds a request at a time."""
    now = as_utc(workspace.clock.now())
    with transaction(workspace.sessions) as session:
        claimed = session.execute(
            update(PrivacyRequest)
            .where(
                PrivacyRequest.id == request_id,
                PrivacyRequest.status.in_([s.value for s in EXECUTING]),
                or_(PrivacyRequest.lease_until.is_(None), PrivacyRequest.lease_until <= now),
            )
            .values(lease_owner=owner, lease_until=now + LEASE, status=Status.RUNNING.value)
        )
        return bool(getattr(claimed, "rowcount", 0) == 1)


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
    workspace, request_id = run.workspace, run.request_id
    try:
        planning.plan_once(run)
        with workspace.reader()() as session:
            tally = list(steps.count(session, request_id))
        while batch := steps.runnable(workspace, request_id):  # the work, then the finish
            _run_batch(run, batch, owner, progress, tally)
        return _settle(run, owner)
    except Unavailable as error:
        return _block(run, error)
    except steps.StricterVerification as error:
        return _reverify(run, error)
    except steps.LeaseLost:
        return _busy(workspace, request_id)
    except PactumError as error:
        return _fail(run, error)


def _run_batch(
    run: steps.Execution, batch: list[str], owner: str, progress: Progress, tally: list[int]
) -> None:
    """The steps in groups: a group's attempts are counted (committed before any of them runs,
    so a crash shows them), its steps run, and they are marked done in the transaction that
    counts the next group's attempts. A crash runs the cut group again: every step is
    idempotent. Groups keep a request's bookkeeping to a few transactions (decision 0037)."""
    workspace = run.workspace
    groups = [batch[i : i + GROUP] for i in range(0, len(batch), GROUP)]
    with transaction(workspace.sessions) as session:
        started = steps.start(session, run.request_id, groups[0], owner=owner,
                              lease_until=_lease(run))  # fmt: skip
    renewed = time.monotonic()
    for position in range(len(groups)):
        outcomes: list[tuple[str, steps.Outcome]] = []
        try:
            for step in started:
                progress(tally[0], tally[1], step.description[:60])
                run.current = step
                outcomes.append((step.step_id, actions.perform(run, step)))
                run.current = None
                tally[0] += 1
                progress(tally[0], tally[1], "")
                if time.monotonic() - renewed > RENEW_AFTER:  # slow steps: keep the claim
                    with transaction(workspace.sessions) as session:
                        steps.renew(session, run.request_id, owner=owner, lease_until=_lease(run))
                    renewed = time.monotonic()
        finally:
            run.finished = outcomes  # what an error handler records as done
        following = groups[position + 1] if position + 1 < len(groups) else None
        with transaction(workspace.sessions) as session:
            for step_id, outcome in outcomes:
                steps.finish(session, workspace.clock, run.request_id, step_id, outcome)
            if following is not None:
                started = steps.start(session, run.request_id, following, owner=owner,
                                      lease_until=_lease(run))  # fmt: skip
        run.finished = []
        renewed = time.monotonic()


def _lease(run: steps.Execution) -> datetime:
    return as_utc(run.workspace.clock.now()) + LEASE


def _settle(run: steps.Execution, owner: str) -> RunOutcome:
    """After the runnable steps: waiting for staff, or complete."""
    workspace = run.workspace
    with transaction(workspace.sessions) as session:
        request = service.get_request(session, run.request_id)
        done, total = steps.count(session, request.id)
        waiting = steps.waiting(session, request.id)
        if waiting:
            request.status = Status.WAITING_FOR_STAFF
            message = f"waiting for staff to confirm: {', '.join(waiting)}"
        elif done == total:
            request.blocked_by = None
            service.close(session, workspace.clock, request, Status.COMPLETED, actor="system")
            message = "completed"
        else:
            message = "steps remain"
        if request.lease_owner == owner:  # the claim ends with this transaction
            request.lease_owner = request.lease_until = None
            run.released = True
        return RunOutcome(request_id=request.id, status=request.status, steps_done=done,
                          steps_total=total, message=message)  # fmt: skip


def _record_finished(session: Session, run: steps.Execution) -> None:
    """The steps of the cut group that ran before the error: done, not run again."""
    for step_id, outcome in run.finished:
        steps.finish(session, run.workspace.clock, run.request_id, step_id, outcome)
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
