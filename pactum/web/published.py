"""The policy a public page is built from, or the page every form shows while none is published."""

from __future__ import annotations

from fastapi import HTTPException
from sqlalchemy.orm import Session

from pactum.errors import NotFound
from pactum.policy.document import Policy
from pactum.policy.service import current_policy


def published_policy(session: Session) -> Policy:
    """The newest published policy; a 503 error page (HTML, like every page error) without one."""
    try:
        return current_policy(session)
    except NotFound as exc:
        raise HTTPException(503, "No privacy policy is published yet.") from exc
