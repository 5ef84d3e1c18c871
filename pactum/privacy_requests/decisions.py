"""Decision rules: the grounds a jurisdiction allows for declining, and spotting repeated requests."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from pactum.errors import Invalid
from pactum.policy.document import DeclineGround, Jurisdiction, Policy, RightType
from pactum.policy.duration import Duration, Unit
from pactum.privacy_requests.deadlines import add_months


def decline_ground(
    policy: Policy, jurisdiction: Jurisdiction, ground_id: str, right: RightType
) -> DeclineGround:
    """The ground, if the jurisdiction lists it and it applies to this type; else a clear refusal."""
    allowed = [g for g in policy.decline_grounds if g.id in jurisdiction.decline_grounds]
    usable = [g for g in allowed if not g.applies_to or right in g.applies_to]
    ground = next((g for g in usable if g.id == ground_id), None)
    if ground is None:
        names = ", ".join(g.id for g in usable) or "none"
        raise Invalid(
            f"{ground_id!r} is not a ground {jurisdiction.name} allows for declining a "
            f"{right.value} request",
            where="ground",
            fix=f"use one of: {names}",
        )
    return ground


def require_reason(reason: str, what: str) -> str:
    cleaned = reason.strip()
    if len(cleaned) < 10:
        raise Invalid(
            f"{what} needs a reason the person can understand",
            where="reason",
            fix="write at least a sentence; it is sent to the person",
        )
    return cleaned


@dataclass(frozen=True)
class RepeatProposal:
    """A suggestion for a staff member, never a decision: decline this one as repetitive?"""

    earlier: int
    window: Duration
    ground: str | None


def propose_repeat(
    policy: Policy, jurisdiction: Jurisdiction, received: datetime, earlier: Iterable[datetime]
) -> RepeatProposal | None:
    """When the same person already made `repeat_limit` requests of this type in the window."""
    window = jurisdiction.repeat_window
    if window is None:
        return None
    start = window_start(received, window)
    count = sum(1 for moment in earlier if start <= moment <= received)
    if count < jurisdiction.repeat_limit:
        return None
    return RepeatProposal(
        earlier=count, window=window, ground=_repetition_ground(policy, jurisdiction)
    )


def window_start(end: datetime, window: Duration) -> datetime:
    """The start of a look-back window ending at `end`."""
    if window.unit in (Unit.MONTHS, Unit.YEARS):
        months = window.amount * (12 if window.unit is Unit.YEARS else 1)
        day, _ = add_months(end.date(), -months)
        return end.replace(year=day.year, month=day.month, day=day.day)
    per_unit = {
        Unit.HOURS: timedelta(hours=1),
        Unit.DAYS: timedelta(days=1),
        Unit.BUSINESS_DAYS: timedelta(days=7 / 5),  # a window, not a deadline: close enough
        Unit.WEEKS: timedelta(weeks=1),
    }
    return end - per_unit[window.unit] * window.amount


def _repetition_ground(policy: Policy, jurisdiction: Jurisdiction) -> str | None:
    for ground in policy.decline_grounds:
        words = f"{ground.id} {ground.description}".lower()
        if ground.id in jurisdiction.decline_grounds and ("repet" in words or "excessive" in words):
            return ground.id
    return None
