"""Working on the company's data through the execution engine: find, copy, erase, correct, prove."""

from __future__ import annotations

from dataclasses import asdict, replace
from typing import Any

from pactum.audit.service import record
from pactum.db import transaction
from pactum.errors import Invalid
from pactum.execution.access import confirm_categories, export_access
from pactum.execution.correction import plan_correction
from pactum.execution.plan import ErasurePlan, plan_erasure
from pactum.execution.proof import verify_erasure
from pactum.execution.steps import Action, Step, run_step
from pactum.identities import Identity
from pactum.policy.document import Sensitivity, VerificationLevel
from pactum.privacy_requests import service
from pactum.privacy_requests.matching import POINTS_NEEDED, match_points
from pactum.privacy_requests.models import StepKind
from pactum.privacy_requests.steps import (
    Execution,
    Outcome,
    StepRecord,
    StepSpec,
    StricterVerification,
)
from pactum.privacy_requests.verification import satisfies, sensitive_level


def located(run: Execution) -> dict[str, int] | None:
    """What the walk read to find the person (counts only), if this pass walked."""
    found = run.walked
    if found is None:
        return None
    return {"rows": found.rows, "rows_read": found.rows_read, "lookups": found.lookups,
            "withheld": sum(w.rows for w in found.withheld)}  # fmt: skip


def withheld_review(run: Execution) -> list[StepSpec]:
    """Rows the walk reached but did not take as the person's (another person's identity on
    them, or reached only through a value several people share): a staff member looks at them,
    acts by hand if they are the person's after all, and confirms. Counts and places only."""
    withheld = run.footprint.withheld
    if not withheld:
        return []
    places = "; ".join(f"{w.system}.{w.dataset}: {w.rows} ({w.reason})" for w in withheld)
    rows = sum(w.rows for w in withheld)
    title = f"Review {rows} row(s) withheld as possibly someone else's: {places}"
    payload = {"withheld": [asdict(w) for w in withheld]}
    return [StepSpec("review:withheld", StepKind.MANUAL, "pactum", title[:500], payload)]


def categories_held(run: Execution) -> set[str]:
    return confirm_categories(run.footprint)


def manual_searches(run: Execution) -> list[StepSpec]:
    """Systems without an API: a staff member searches them by hand and confirms."""
    specs = []
    for task in run.footprint.manual:
        payload = {"task": task.to_json()}
        specs.append(
            StepSpec(f"search:{task.system}", StepKind.MANUAL, task.system, task.title, payload)
        )
    return specs


def confirm(run: Execution, step: StepRecord) -> Outcome:
    """Whether data is held, its categories, and the countries of the systems that hold it (the
    DPF policies promise to say whether it is held in the United States)."""
    categories = sorted(categories_held(run))
    countries = sorted(
        {
            country
            for holding in run.footprint.holdings
            if holding.rows
            and (system := run.inventory.system(holding.system)) is not None
            and (country := system.country)
        }
    )
    result = {"holds": bool(categories), "categories": categories, "countries": countries}
    return Outcome(rows=run.footprint.rows, result=result)


def export(run: Execution, step: StepRecord) -> Outcome:
    """The person's copy, written under the workspace's `packages/` folder."""
    require_level(run, categories_held(run))
    title = f"{run.policy.organization.name}: your personal information"
    folder = run.workspace.path / "packages" / run.request_id
    package = export_access(run.inventory, run.footprint, run.connectors, folder, title=title)
    result = {
        "package": str(package.path),
        "package_sha256": package.sha256,
        "rows": package.rows,
        "categories": list(package.categories),
        "systems": list(package.systems),
    }
    return Outcome(rows=package.rows, result=result)


def require_level(run: Execution, categories: set[str] | frozenset[str] = frozenset()) -> None:
    """The request's verification level, and for sensitive categories among `categories` the
    jurisdiction's `sensitive_access` level. Data points the person gave can lift a contact
    verification to `matched`; otherwise a staff member must verify."""
    request = run.view
    policy, jurisdiction = run.policy, service.jurisdiction_of(run.policy, request.jurisdiction)
    achieved = VerificationLevel(request.verified_level) if request.verified_level else None
    required = VerificationLevel(request.required_level)
    points = dict(request.details.get("data_points") or {})
    sensitive = sorted(
        c.name for c in policy.categories
        if c.id in categories and c.sensitivity is not Sensitivity.STANDARD
    )  # fmt: skip
    needed = sensitive_level(jurisdiction, required) if sensitive else required
    if satisfies(achieved, needed):
        return
    if needed is VerificationLevel.MATCHED and achieved is VerificationLevel.CONTACT and points:
        if _matched_by_points(run, points):
            return
        why = f"the data points given did not match our records ({POINTS_NEEDED} must)"
    elif sensitive:
        why = f"the data includes sensitive categories ({', '.join(sensitive)})"
    else:
        why = f"a {request.type} request"
    raise StricterVerification(
        f"{why}: {jurisdiction.name} requires {needed.value} verification", level=needed.value
    )


def _matched_by_points(run: Execution, points: dict[str, str]) -> bool:
    """Compare, record which kinds matched (never the values), and drop the values given."""
    changes = set(run.view.details.get("changes") or {})
    match = match_points(points, run.footprint, run.connectors, excluded=frozenset(changes))
    with transaction(run.workspace.sessions) as session:
        request = run.request(session)
        request.details = {**request.details, "data_points": {},
                           "data_points_matched": list(match.matched)}  # fmt: skip
        note = f"matched {len(match.matched)} of {len(match.compared)}: "
        note += ", ".join(match.matched) or "none"
        if match.is_enough:
            request.verified_level = VerificationLevel.MATCHED.value
        service.log_event(
            session, run.workspace.clock, request, actor="system", note=note,
            action="verified_by_data_points" if match.is_enough else "data_points_not_matched",
        )  # fmt: skip
        run.claimed = replace(run.view, details=request.details,
                              verified_level=request.verified_level)  # fmt: skip
    return match.is_enough


def erasure_plan(run: Execution) -> tuple[list[StepSpec], StepSpec]:
    """The engine's ordered steps, and the proof step that will check them afterwards."""
    plan = plan_erasure(run.inventory, run.footprint)
    footprint = run.footprint
    proof = StepSpec(
        "finish:proof", StepKind.SYSTEM, "pactum",
        "Search every system again: only legally kept data may remain",
        {"action": "proof", "identities": _listed(footprint.identities),
         "discovered": _listed(footprint.discovered), "kept": [asdict(k) for k in plan.kept]},
    )  # fmt: skip
    return [_spec(step) for step in plan.steps], proof


def _listed(identities: frozenset[Identity]) -> list[list[str]]:
    return [[i.kind, i.value] for i in sorted(identities)]


def correction_steps(run: Execution, changes: dict[str, Any]) -> list[StepSpec]:
    if not changes:
        raise Invalid(
            "a correction names no change",
            where="changes",
            fix="give CATEGORY=VALUE pairs (`--change user.name='Ada Lovelace'`)",
        )
    steps = plan_correction(run.inventory, run.footprint, {k: str(v) for k, v in changes.items()})
    return [_spec(step) for step in steps]


def _spec(step: Step) -> StepSpec:
    kind = StepKind.MANUAL if step.action is Action.MANUAL else StepKind.SYSTEM
    payload = {"action": "engine", "step": step.to_json()}
    return StepSpec(step.id, kind, step.system, step.description, payload)


def run_engine_step(run: Execution, step: StepRecord) -> Outcome:
    """One transaction on one dataset; running it again changes nothing."""
    outcome = run_step(Step.from_json(step.payload["step"]), run.connectors, key=run.workspace.key)
    return Outcome(rows=outcome.rows_written)


def prove(run: Execution, step: StepRecord) -> Outcome:
    """A fresh search from every identity the person had; the proof goes into the audit log."""
    identities = [Identity(kind, value) for kind, value in step.payload.get("identities", [])]
    discovered = [Identity(kind, value) for kind, value in step.payload.get("discovered", [])]
    plan = ErasurePlan(steps=tuple(_engine_steps(run)), kept=())
    proof = verify_erasure(
        run.inventory, identities, run.connectors, discovered=discovered, plan=plan
    )
    if not proof.is_complete:
        places = ", ".join(f"{r.system}.{r.dataset}.{r.field} ({r.rows})" for r in proof.remaining)
        raise Invalid(
            f"the erasure is not complete: personal data remains in {places}",
            where="proof",
            fix="check the inventory's erasure strategies, then `pactum request run ID` again",
        )
    kept = [
        {"field": f"{k['system']}.{k['dataset']}.{k['field']}", "obligation": k["obligation"],
         "keep_for": k["keep_for"] or "as long as the row is kept"}
        for k in step.payload.get("kept", [])
    ]  # fmt: skip
    details = {
        "removed_digest": proof.removed_digest, "steps": proof.steps,
        "rows_planned": proof.rows_planned, "identities_checked": proof.identities_checked,
        "rows_read": proof.rows_read, "withheld": proof.withheld, "kept": kept, "found_again": [asdict(k) for k in proof.kept],
        "remaining": 0, "systems": len({s.system for s in plan.steps}),
    }  # fmt: skip
    with transaction(run.workspace.sessions) as session:
        entry = record(
            session, run.workspace.clock, actor="system", action="privacy_request.erasure_proved",
            target=f"privacy_request:{run.request_id}", subject=run.view.subject, details=details,
        )  # fmt: skip
        proof_out = {**details, "audit_id": entry.id, "audit_hash": entry.hash}
    return Outcome(rows=proof.rows_read, result={"proof": proof_out})


def is_engine_step(step: StepRecord) -> bool:
    """A step the engine runs on a company system (a delete, an erasure, an unlink, a change)."""
    return step.kind == StepKind.SYSTEM and step.payload.get("action") == "engine"


def _engine_steps(run: Execution) -> list[Step]:
    return [Step.from_json(r.payload["step"]) for r in run.steps if is_engine_step(r)]
