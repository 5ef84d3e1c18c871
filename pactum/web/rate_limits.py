"""Rate limits on public pages and forms, per client address, counted in the database."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from fastapi import HTTPException, Request

from pactum.accounts import throttle
from pactum.accounts.throttle import Limit
from pactum.db import transaction
from pactum.workspace import Workspace

PAGE_LIMIT = Limit(hits=600, window=timedelta(minutes=10))
FORM_LIMIT = Limit(hits=30, window=timedelta(minutes=10))
CODE_LIMIT = Limit(hits=10, window=timedelta(minutes=15))  # verification codes typed


def client_address(request: Request) -> str:
    """The peer address (uvicorn replaces it from X-Forwarded-For only for trusted proxies)."""
    return request.client.host if request.client else "unknown"


def count_hit(request: Request, bucket: str, limit: Limit) -> None:
    """Count one hit; 429 with Retry-After once the window is full."""
    workspace: Workspace = request.app.state.workspace
    with transaction(workspace.sessions) as session:
        verdict = throttle.hit(session, workspace.clock, bucket, limit)
    if not verdict.allowed:
        seconds = max(1, int(verdict.retry_after.total_seconds()))
        raise HTTPException(
            status_code=429,
            detail=f"Too many attempts from your network. Try again in {seconds // 60 + 1} minutes.",
            headers={"Retry-After": str(seconds)},
        )


def per_address(name: str, limit: Limit) -> Callable[[Request], None]:
    """A dependency limiting one endpoint (or a router, for `name` '*') per client address."""

    def dependency(request: Request) -> None:
        count_hit(request, f"{name}:{client_address(request)}", limit)

    return dependency


def public_limits(request: Request) -> None:
    """Every public page: a generous cap on reads, a tight one on form posts."""
    if request.method in {"GET", "HEAD"}:
        count_hit(request, f"page:{client_address(request)}", PAGE_LIMIT)
    else:
        count_hit(request, f"form:{request.url.path}:{client_address(request)}", FORM_LIMIT)
