"""What each of Pactum's own steps does: the report, the consent ledger, the answer, forgetting."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import bindparam, update

from pactum.consent import service as consent_service
from pactum.consent.models import Channel, State
from pactum.db import core, transaction
from pactum.errors import Invalid
from pactum.identities import Identity
from pactum.policy.document import Policy, RightType
from pactum.policy.service import current_policy
from pactum.privacy_requests import company_data, downloads, forgetting, service
from pactum.privacy_requests.answers import answer_text
from pactum.privacy_requests.disclosure import disclosure_report
from pactum.privacy_requests.messages import completion_message, send
from pactum.privacy_requests.models import PrivacyRequest, StepKind, StepStatus
from pactum.privacy_requests.steps import Execution, Outcome, StepRecord

Action = Callable[[Execution, StepRecord], Outcome]


def perform(run: Execution, step: StepRecord) -> Outcome:
    """Run one step. Every action is idempotent: a step cut short by a crash runs again."""
    action = _ACTIONS.get(str(step.payload.get("action", "")))
    if action is None:
        raise Invalid(f"step {step.step_id!r} names no action Pactum knows", where=step.step_id)
    return action(run, step)


def _report(run: Execution, step: StepRecord) -> Outcome:
    report = disclosure_report(run.policy, run.view.received_at)
    return Outcome(rows=len(report.recipients), result={"report": report.model_dump(mode="json")})


def consent_purposes(policy: Policy, right: RightType, named: list[str]) -> list[str]:
    """The purposes named, or by default those the right is about."""
    if named:
        return named
    defaults = {
        RightType.OBJECT: [p.id for p in policy.purposes if p.marketing],
        RightType.OPT_OUT: [p.id for p in policy.purposes if p.sale_or_share],
        RightType.WITHDRAW_CONSENT: [
            p.id for p in policy.purposes if p.legal_basis.value == "consent"
        ],
    }
    return defaults.get(right, [])


def _consent(run: Execution, step: StepRecord) -> Outcome:
    workspace = run.workspace
    with transaction(workspace.sessions) as session:
        request = run.request(session)
        policy = current_policy(session)
        right = RightType(request.type)
        identity = _identity(request)
        purposes = consent_purposes(policy, right, list(request.details.get("purposes", [])))
        actor = f"privacy_request:{request.id}"
        if right is RightType.RESTRICT:
            consent_service.restrict_processing(
                session, workspace.clock, identity, purposes, request.id,
                key=workspace.key, policy=policy, actor=actor,
            )  # fmt: skip
        else:
            channel = Channel.API if request.channel == "api" else Channel.STAFF_ENTRY
            for purpose in purposes:
                consent_service.record_entry(
                    session, workspace.clock, policy, workspace.key, identity, purpose=purpose,
                    state=State.WITHDRAWN, actor=actor, channel=channel,
                    note=f"{right.value} request {request.id}",
                )  # fmt: skip
    return Outcome(rows=len(purposes), result={"purposes": purposes})


def _identity(request: PrivacyRequest) -> Identity:
    if request.identity_value is None:
        raise Invalid(f"privacy request {request.id} no longer holds the person's identity")
    return Identity(request.identity_kind, request.identity_value)


def _tell(run: Execution, step: StepRecord) -> Outcome:
    """Mail the answer (for access, the download link); then the person has been told."""
    workspace = run.workspace
    # Only an access answer writes (its download link); the others are read, and compose.
    granting = run.view.type == RightType.ACCESS.value
    with transaction(workspace.sessions) if granting else workspace.reader()() as session:
        request = run.request(session)
        policy = run.policy
        told = _recipients_told(run, policy)
        corrected = sorted(request.details.get("changes", {}))
        result = {**request.result, "recipients_told": told, "corrected": corrected}
        if request.type == RightType.ACCESS.value:
            mail = downloads.grant(
                session, workspace.clock, workspace.key, request, workspace.settings.base_url
            )
        else:
            answer = answer_text(policy, RightType(request.type), result)
            mail = completion_message(service.addressee(policy, request), answer=answer)
    send(workspace.mailer, [mail])  # an SMTP failure blocks the step: it is tried again
    with transaction(workspace.sessions) as session:
        # A Core update, not the request loaded again through the ORM (about 0.2 ms).
        core(session).execute(_TOLD, {"b_request": run.request_id, "b_at": workspace.clock.now()})
        service.log_event(session, workspace.clock, run.view, actor="system", action="told")
    return Outcome(rows=1, result={"recipients_told": told})


_TOLD = (
    update(PrivacyRequest)
    .where(PrivacyRequest.id == bindparam("b_request"))
    .values(told_at=bindparam("b_at", type_=PrivacyRequest.told_at.type))
)


def _recipients_told(run: Execution, policy: Policy) -> list[str]:
    """The recipients staff confirmed telling (the steps as this pass read them)."""
    names = {r.id: r.name for r in policy.recipients}
    return [
        names.get(r.system, r.system)
        for r in run.steps
        if r.kind == StepKind.RECIPIENT and r.status == StepStatus.DONE
    ]


def _forget(run: Execution, step: StepRecord) -> Outcome:
    forgotten = forgetting.forget_person(run.workspace, run.request_id)
    return Outcome(rows=forgotten, result={"forgotten": True})


_ACTIONS: dict[str, Action] = {
    "report": _report,
    "consent": _consent,
    "tell": _tell,
    "forget": _forget,
    "export": company_data.export,
    "confirm": company_data.confirm,
    "proof": company_data.prove,
    "engine": company_data.run_engine_step,
}
