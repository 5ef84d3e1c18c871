"""Who is looking at the console: the signed-in staff member, their role, and safe redirects."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, HTTPException, Request
from starlette.responses import Response

from pactum.accounts import sessions
from pactum.accounts.models import Permission, Role, StaffMember, may
from pactum.db import transaction
from pactum.workspace import Workspace

SESSION_COOKIE = "pactum_session"
HOME = "/console"
# A same-site path: one leading slash, no scheme, no host, no backslash, nothing invisible.
_SAFE_PATH = re.compile(r"^/(?![/\\])[A-Za-z0-9\-._~!$&'()*+,;=:@/%?]*$")


@dataclass(frozen=True)
class Viewer:
    """The signed-in staff member as the pages see them (never the password hash)."""

    id: int
    name: str
    email: str
    role: Role
    has_second_factor: bool

    @property
    def actor(self) -> str:
        return f"staff:{self.id}"

    def may(self, permission: Permission | str) -> bool:
        return may(self.role, Permission(permission))

    @classmethod
    def of(cls, member: StaffMember) -> Viewer:
        return cls(
            id=member.id,
            name=member.name,
            email=member.email,
            role=Role(member.role),
            has_second_factor=bool(member.totp_secret),
        )


def safe_next(value: str | None, default: str = HOME) -> str:
    """Where to go after signing in: only a path on this site, never another host."""
    if not value or len(value) > 500 or not _SAFE_PATH.match(value) or "\\" in value:
        return default
    return value if value.startswith(HOME) else default


def set_session_cookie(request: Request, response: Response, token: str) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        token,
        httponly=True,
        samesite="lax",  # "strict" would drop the cookie when a staff member follows a mail link
        secure=request.url.scheme == "https",
        path="/",
    )


def current_viewer(request: Request) -> Viewer:
    """A dependency: the signed-in member, or a redirect to the sign-in page."""
    workspace: Workspace = request.app.state.workspace
    with transaction(workspace.sessions) as session:
        member = sessions.signed_in_member(
            session, workspace.clock, request.cookies.get(SESSION_COOKIE)
        )
        viewer = Viewer.of(member) if member is not None else None
    if viewer is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise HTTPException(
            status_code=303,
            detail="Sign in first.",
            headers={"Location": f"/console/login?next={quote(safe_next(target), safe='')}"},
        )
    request.state.viewer = viewer
    return viewer


SignedIn = Annotated[Viewer, Depends(current_viewer)]


def require(permission: Permission) -> Callable[[Viewer], Viewer]:
    """A dependency: the signed-in member, or 403 when their role does not allow this."""

    def dependency(viewer: SignedIn) -> Viewer:
        if not viewer.may(permission):
            raise HTTPException(
                status_code=403,
                detail=f"Your role ({viewer.role.value.replace('_', ' ')}) does not give access to this page.",
            )
        return viewer

    return dependency
