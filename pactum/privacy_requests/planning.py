"""Planning a request once: the steps each type needs, in order, with stable ids."""

from __future__ import annotations

from pactum.db import transaction
from pactum.errors import Invalid
from pactum.policy.document import Policy, RightType
from pactum.privacy_requests import company_data, service
from pactum.privacy_requests.models import StepKind
from pactum.privacy_requests.steps import (
    FINISHING,
    Claimed,
    Execution,
    StepSpec,
    lease_end,
    next_group,
    renew,
    start,
    store,
)

CONSENT_TYPES = (
    RightType.RESTRICT,
    RightType.OBJECT,
    RightType.WITHDRAW_CONSENT,
    RightType.OPT_OUT,
)
# Requests that act on the rows the walk found: rows it withheld go to a staff member.
REVIEWED_WHEN_WITHHELD = (RightType.ACCESS, RightType.CONFIRM, RightType.CORRECT, RightType.DELETE)
# GDPR art. 19: rectification, erasure and restriction are passed on to every recipient.
TOLD_TO_RECIPIENTS = {
    RightType.CORRECT: "correct",
    RightType.DELETE: "erase",
    RightType.RESTRICT: "restrict the use of",
}


def plan(run: Execution, owner: str, group_size: int) -> None:
    """Make and store the request's plan, and start its first group of steps. Runs only under
    the claim on a request without a plan: a resumed run keeps the plan it started."""
    specs = _specs(run)  # may read the company's systems: outside any transaction of ours
    workspace = run.workspace
    with transaction(workspace.sessions) as session:
        # Only the claim's holder may store a plan; a worker that lost it stops here.
        renew(session, run.request_id, owner=owner, lease_until=lease_end(workspace.clock))
        request = run.request(session)
        run.steps = store(session, request.id, specs)
        located = company_data.located(run)
        if located:
            request.result = {**request.result, "located": located}
        counts = {kind.value: sum(1 for s in specs if s.kind is kind) for kind in StepKind}
        service.log_event(
            session, workspace.clock, request, actor="system", action="planned",
            note=f"{len(specs)} steps", details={"steps": counts},
        )  # fmt: skip
        run.started = next_group(run.steps, group_size)
        start(session, request.id, run.started)


def _specs(run: Execution) -> list[StepSpec]:
    request = run.view
    right = RightType(request.type)
    policy = run.policy
    if request.identity_value is None:
        raise Invalid(
            f"privacy request {request.id} no longer holds the person's identity",
            where="identity",
            fix="Pactum forgot this person after a completed deletion; decline this request",
        )
    company_data.require_level(run)  # before anything of the person's is read out or changed
    finish: list[StepSpec] = []
    if right is RightType.DELETE:
        specs, proof = company_data.erasure_plan(run)
        finish.append(proof)
    else:
        specs = _work(run, right, request)
    if right in REVIEWED_WHEN_WITHHELD:
        specs += company_data.withheld_review(run)
    if right in TOLD_TO_RECIPIENTS:
        categories = company_data.categories_held(run)
        specs += recipient_steps(policy, categories, TOLD_TO_RECIPIENTS[right])
    finish.append(_own("tell", "Tell the person the answer", system="mail"))
    if right is RightType.DELETE:
        finish.append(_own("forget", "Keep the person only as keyed hashes in Pactum's records"))
    return specs + finish


def _work(run: Execution, right: RightType, request: Claimed) -> list[StepSpec]:
    if right is RightType.ACCESS:
        export = _own("export", "Collect the person's data into a package", early=True)
        return [export, *company_data.manual_searches(run)]
    if right is RightType.CONFIRM:
        confirm = _own("confirm", "Find which categories of data are held", early=True)
        return [confirm, *company_data.manual_searches(run)]
    if right is RightType.DISCLOSURE_REPORT:
        return [_own("report", "Write the disclosure report for the prior year", early=True)]
    if right in CONSENT_TYPES:
        return [_own("consent", f"Record the {right.value} in the consent ledger", early=True)]
    return company_data.correction_steps(run, dict(request.details.get("changes", {})))


def _own(action: str, description: str, *, early: bool = False, system: str = "pactum") -> StepSpec:
    step_id = f"pactum:{action}" if early else f"{FINISHING}{action}"
    return StepSpec(step_id, StepKind.SYSTEM, system, description, {"action": action})


def recipient_steps(policy: Policy, categories: set[str], verb: str) -> list[StepSpec]:
    """One task per recipient that received any category the person's data falls in."""
    held = _Held(categories)
    specs = []
    for recipient in policy.recipients:
        shared = sorted(c for c in recipient.categories if held.overlaps(c))
        if not shared:
            continue
        names = [c.name for c in policy.categories if c.id in shared]
        where = ", ".join(recipient.address) or recipient.country
        specs.append(
            StepSpec(
                step_id=f"recipient:{recipient.id}",
                kind=StepKind.RECIPIENT,
                system=recipient.id,
                description=f"Tell {recipient.name} ({recipient.role.value}, {where}) to {verb} "
                f"the person's {', '.join(names)}, then confirm",
                payload={"recipient": recipient.id, "categories": shared},
            )
        )
    return specs


class _Held:
    """Fideslang keys nest: `user.contact` covers `user.contact.email`, and the other way round.
    A category overlaps the held ones if it is one of them or an ancestor of one (it is among
    their prefixes), or a descendant of one (one of them is among its own prefixes)."""

    def __init__(self, held: set[str]) -> None:
        self.held = frozenset(held)
        self.prefixes = frozenset(p for h in held for p in _prefixes(h))

    def overlaps(self, category: str) -> bool:
        return category in self.prefixes or not self.held.isdisjoint(_prefixes(category))


def _prefixes(key: str) -> list[str]:
    """`a.b.c` -> `a`, `a.b`, `a.b.c`."""
    parts = key.split(".")
    return [".".join(parts[: i + 1]) for i in range(len(parts))]
