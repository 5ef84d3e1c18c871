"""The public privacy center: home, the policy page, recipients and transfers, what changed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from pactum.errors import NotFound
from pactum.http import ReadSession
from pactum.policy import service
from pactum.policy.diff import Change
from pactum.policy.document import Policy
from pactum.web.rate_limits import public_limits
from pactum.web.rendering import render

router = APIRouter(
    prefix="/privacy", include_in_schema=False, dependencies=[Depends(public_limits)]
)

_SECTIONS = {
    "categories": "What we collect",
    "purposes": "Why we use it",
    "recipients": "Who receives it",
    "transfers": "Where it goes",
    "retention": "How long we keep it",
    "jurisdictions": "Your rights and our deadlines",
    "organization": "Who we are and how to reach us",
    "cookies": "Cookies",
    "decline_grounds": "When we may decline a request",
    "dispute_resolution": "Complaints",
    "intake": "What our forms refuse",
    "choices": "Your choices",
}


@dataclass(frozen=True)
class ChangeLine:
    """One change, in words a reader of the policy understands."""

    section: str
    action: str
    item: str
    detail: str
    significant: str | None


def _policy_or_none(session: ReadSession) -> Policy | None:
    try:
        return service.current_policy(session)
    except NotFound:
        return None


def _unpublished(request: Request) -> HTMLResponse:
    return render(request, "privacy/unpublished.html", status_code=503, policy=None)


@router.get("", response_class=HTMLResponse)
def home(request: Request, session: ReadSession) -> HTMLResponse:
    policy = _policy_or_none(session)
    if policy is None:
        return _unpublished(request)
    return render(request, "privacy/home.html", policy=policy, active="home")


@router.get("/policy", response_class=HTMLResponse)
def policy_page(request: Request, session: ReadSession) -> HTMLResponse:
    try:
        version = service.get_version(session)
    except NotFound:
        return _unpublished(request)
    policy = service.as_policy(version)
    return render(request, "privacy/policy.html", policy=policy, version=version, active="policy")


@router.get("/recipients", response_class=HTMLResponse)
def recipients_page(request: Request, session: ReadSession) -> HTMLResponse:
    policy = _policy_or_none(session)
    if policy is None:
        return _unpublished(request)
    listed = [r for r in policy.recipients if r.listed_publicly]
    transfers = {t.id: t for t in policy.transfers}
    return render(
        request,
        "privacy/recipients.html",
        policy=policy,
        recipients=listed,
        transfers=list(transfers.values()),
        active="recipients",
    )


def _item_name(value: Any) -> str:
    if isinstance(value, dict):
        return str(value.get("name") or value.get("id") or "")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def explain(change: Change) -> ChangeLine:
    head = change.path.split("[")[0].split(".")[0]
    section = _SECTIONS.get(head, head.replace("_", " ").capitalize())
    inner = change.path[len(head) :].lstrip(".")
    item = _item_name(change.after if change.action == "added" else change.before)
    detail = ""
    if change.action == "changed":
        detail = f"{_item_name(change.before)} → {_item_name(change.after)}"
    elif not item:
        item = inner
    label = inner.split("]")[0].lstrip("[") if inner.startswith("[") else inner
    item = item if change.action != "changed" else label.replace("_", " ").replace(".", " › ")
    kind = change.kind.value.replace("_", " ") if change.kind else None
    return ChangeLine(section, change.action, item, detail, kind)


@router.get("/changes", response_class=HTMLResponse)
def changes_page(
    request: Request, session: ReadSession, old: int | None = None, new: int | None = None
) -> HTMLResponse:
    versions = service.list_versions(session)
    if not versions:
        return _unpublished(request)
    newest = versions[-1].id
    new = new if new in {v.id for v in versions} else newest
    old = old if old in {v.id for v in versions} and old != new else max(1, new - 1)
    lines = [explain(c) for c in service.compare_versions(session, old, new)] if old != new else []
    return render(
        request,
        "privacy/changes.html",
        policy=service.as_policy(versions[-1]),
        versions=versions,
        old=old,
        new=new,
        lines=lines,
        active="changes",
    )


@router.get("/brand.css")
def brand_css(session: ReadSession) -> Response:
    """The organization's colours as CSS variables (a stylesheet, so no inline style is needed)."""
    policy = _policy_or_none(session)
    colors = policy.organization.colors if policy else None
    primary = colors.primary if colors else "#1f4e79"
    accent = colors.accent if colors else "#c8102e"
    css = f":root {{ --brand: {primary}; --accent: {accent}; }}\n"
    return Response(css, media_type="text/css", headers={"Cache-Control": "max-age=300"})
