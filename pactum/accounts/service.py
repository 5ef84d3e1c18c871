"""Adding, listing and disabling staff members."""

from __future__ import annotations

from email.utils import parseaddr

from sqlalchemy import select
from sqlalchemy.orm import Session

from pactum.accounts.models import Role, StaffMember
from pactum.accounts.passwords import hash_password
from pactum.audit.service import record
from pactum.clock import Clock
from pactum.errors import Conflict, Invalid, NotFound

MINIMUM_PASSWORD_LENGTH = 12


def add_staff(
    session: Session, clock: Clock, *, email: str, name: str, role: Role, password: str, actor: str
) -> StaffMember:
    address = email.strip().lower()
    if "@" not in parseaddr(address)[1] or " " in address:
        raise Invalid(f"{email!r} is not an e-mail address", where="email", fix="give name@domain")
    if len(password) < MINIMUM_PASSWORD_LENGTH:
        raise Invalid(
            f"the password is shorter than {MINIMUM_PASSWORD_LENGTH} characters",
            where="password",
            fix="choose a longer one, or let Pactum generate it",
        )
    if session.scalar(select(StaffMember.id).where(StaffMember.email == address)) is not None:
        raise Conflict(f"a staff member with e-mail {address} exists", fix="use another address")
    member = StaffMember(
        email=address,
        name=name,
        role=role,
        password_hash=hash_password(password),
        totp_secret=None,
        is_disabled=False,
        failed_logins=0,
        locked_until=None,
        created_at=clock.now(),
    )
    session.add(member)
    session.flush()
    record(
        session,
        clock,
        actor=actor,
        action="staff.added",
        target=f"staff:{member.id}",
        details={"role": role.value},
    )
    return member


def list_staff(session: Session) -> list[StaffMember]:
    return list(session.scalars(select(StaffMember).order_by(StaffMember.id)))


def disable_staff(session: Session, clock: Clock, *, email: str, actor: str) -> StaffMember:
    member = session.scalar(select(StaffMember).where(StaffMember.email == email.strip().lower()))
    if member is None:
        raise NotFound(f"no staff member with e-mail {email}", fix="see `pactum staff list`")
    member.is_disabled = True
    record(session, clock, actor=actor, action="staff.disabled", target=f"staff:{member.id}")
    return member
