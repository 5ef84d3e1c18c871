"""Policy over HTTP: the published policy, its versions and the changes between them."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from pactum.http import ReadSession
from pactum.policy import service
from pactum.policy.schemas import ChangeOut, VersionOut

router = APIRouter(prefix="/api/v1/policy", tags=["policy"])


@router.get("")
def published_policy(session: ReadSession) -> dict[str, Any]:
    """The policy in force, as data."""
    version = service.get_version(session)
    return {"version": version.id, "sha256": version.sha256, "policy": version.document}


@router.get("/versions")
def versions(session: ReadSession) -> list[VersionOut]:
    return [VersionOut.of(v) for v in service.list_versions(session)]


@router.get("/changes")
def changes(session: ReadSession, old: int, new: int) -> list[ChangeOut]:
    """What changed from version `old` to version `new`."""
    return [ChangeOut.of(c) for c in service.compare_versions(session, old, new)]
