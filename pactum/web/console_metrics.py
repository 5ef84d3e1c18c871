"""The console's metrics: requests per week by type, days to close, overdue, opt-out rate."""

from __future__ import annotations

import math
import statistics
from collections import Counter
from datetime import datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pactum.accounts.models import Permission
from pactum.clock import as_utc
from pactum.consent.models import ConsentStateRow, State
from pactum.errors import NotFound
from pactum.http import ReadSession
from pactum.policy.service import current_policy
from pactum.privacy_requests import timeline
from pactum.privacy_requests.models import OPEN, PrivacyRequest
from pactum.web.charts import bars, stacked_bars
from pactum.web.console_access import Viewer, require
from pactum.web.rendering import render
from pactum.workspace import Workspace

router = APIRouter(prefix="/console", include_in_schema=False)
MayReadMetrics = Annotated[Viewer, Depends(require(Permission.METRICS))]
WEEKS = 12
CLOSE_BUCKETS = [
    (0, 1, "< 1"),
    (1, 3, "1–3"),
    (3, 7, "3–7"),
    (7, 14, "7–14"),
    (14, 30, "14–30"),
    (30, 45, "30–45"),
    (45, 10_000, "45+"),
]


def percentile(values: list[float], share: float) -> float | None:
    """Nearest-rank percentile: the smallest value with at least `share` of values at or below."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def week_start(moment: datetime) -> datetime:
    day = as_utc(moment).replace(hour=0, minute=0, second=0, microsecond=0)
    return day - timedelta(days=day.weekday())


def per_week(
    requests: list[PrivacyRequest], now: datetime
) -> tuple[list[str], dict[str, list[int]]]:
    first = week_start(now) - timedelta(weeks=WEEKS - 1)
    weeks = [first + timedelta(weeks=i) for i in range(WEEKS)]
    series: dict[str, list[int]] = {}
    for found in requests:
        index = (week_start(found.received_at) - first).days // 7
        if 0 <= index < WEEKS:
            series.setdefault(found.type, [0] * WEEKS)[index] += 1
    return [f"{w:%-d %b}" for w in weeks], dict(sorted(series.items()))


def opt_out_rate(session: Session, marketing: list[str]) -> tuple[float | None, int]:
    """Share of people whose current marketing choice is no (withdrawn or denied)."""
    if not marketing:
        return None, 0
    rows = session.execute(
        select(ConsentStateRow.state, func.count())
        .where(ConsentStateRow.purpose.in_(marketing))
        .group_by(ConsentStateRow.state)
    ).all()
    counts = {str(state): int(n) for state, n in rows}
    total = sum(counts.values())
    refused = total - counts.get(State.GRANTED.value, 0)
    return (refused / total if total else None), total


@router.get("/metrics", response_class=HTMLResponse)
def metrics(request: Request, session: ReadSession, viewer: MayReadMetrics) -> HTMLResponse:
    workspace: Workspace = request.app.state.workspace
    now = as_utc(workspace.clock.now())
    found = timeline.list_requests(session, limit=100_000)
    closed = [r for r in found if r.closed_at is not None]
    days = [
        (as_utc(r.closed_at) - as_utc(r.received_at)).total_seconds() / 86400
        for r in closed
        if r.closed_at
    ]
    open_ = [r for r in found if r.status in {s.value for s in OPEN}]
    overdue = sum(as_utc(r.due_at) < now for r in open_)
    on_time = sum(as_utc(r.closed_at) <= as_utc(r.due_at) for r in closed if r.closed_at)
    try:
        marketing = [p.id for p in current_policy(session).purposes if p.marketing]
    except NotFound:
        marketing = []
    rate, people = opt_out_rate(session, marketing)
    labels, series = per_week(found, now)
    buckets = Counter(
        next(label for low, high, label in CLOSE_BUCKETS if low <= d < high) for d in days
    )
    return render(
        request,
        "console/metrics.html",
        active="metrics",
        weekly=stacked_bars(labels, series),
        closing=bars([b[2] for b in CLOSE_BUCKETS], [buckets[b[2]] for b in CLOSE_BUCKETS]),
        median=statistics.median(days) if days else None,
        p95=percentile(days, 0.95),
        overdue=overdue,
        open_count=len(open_),
        closed_count=len(closed),
        on_time=on_time,
        rate=rate,
        people=people,
        by_type=Counter(r.type for r in found).most_common(),
    )
