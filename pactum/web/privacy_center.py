"""The public privacy center: the policy page rendered from the published version."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from pactum.errors import NotFound
from pactum.http import ReadSession
from pactum.policy import service
from pactum.policy.document import Policy
from pactum.web.rendering import render

router = APIRouter(prefix="/privacy", include_in_schema=False)


@router.get("")
def home() -> RedirectResponse:
    return RedirectResponse("/privacy/policy", status_code=303)


@router.get("/policy", response_class=HTMLResponse)
def policy_page(request: Request, session: ReadSession) -> HTMLResponse:
    try:
        version = service.get_version(session)
    except NotFound:
        return render(request, "privacy/unpublished.html", status_code=503, policy=None)
    policy = service.as_policy(version)
    return render(request, "privacy/policy.html", policy=policy, version=version)


@router.get("/brand.css")
def brand_css(session: ReadSession) -> Response:
    """The organization's colours as CSS variables (a stylesheet, so no inline style is needed)."""
    try:
        policy: Policy | None = service.current_policy(session)
    except NotFound:
        policy = None
    colors = policy.organization.colors if policy else None
    primary = colors.primary if colors else "#1f4e79"
    accent = colors.accent if colors else "#c8102e"
    css = f":root {{ --brand: {primary}; --accent: {accent}; }}\n"
    return Response(css, media_type="text/css", headers={"Cache-Control": "max-age=300"})
