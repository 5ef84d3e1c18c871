"""Adding, listing and disabling staff members."""

from __future__ import annotations

from email.utils import parseaddr

from sqlalchemy import select
from sqlalchemy.orm import Session

from pactum.accounts.models import Role, StaffAssignment, StaffMember
from pactum.accounts.passwords import generate_password, hash_password
from pactum.accounts.sessions import end_all_sessions
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
    end_all_sessions(session, member.id)
    record(session, clock, actor=actor, action="staff.disabled", target=f"staff:{member.id}")
    return member


def find_staff(session: Session, email: str) -> StaffMember | None:
    return session.scalar(select(StaffMember).where(StaffMember.email == email.strip().lower()))


def ensure_first_administrator(
    session: Session, clock: Clock, email: str
) -> tuple[StaffMember, str | None]:
    """The first administrator, created with a generated password when there is none yet.

    Returns the password only when the account was created now: it is shown once, then only
    its hash exists. Calling it again is safe and changes nothing.
    """
    existing = session.scalar(
        select(StaffMember)
        .where(StaffMember.role == Role.ADMINISTRATOR, StaffMember.is_disabled.is_(False))
        .order_by(StaffMember.id)
        .limit(1)
    )
    if existing is not None:
        return existing, None
    password = generate_password()
    member = add_staff(
        session,
        clock,
        email=email,
        name="Administrator",
        role=Role.ADMINISTRATOR,
        password=password,
        actor="system:first-administrator",
    )
    return member, password


def assign(session: Session, clock: Clock, *, target: str, staff_id: int, actor: str) -> None:
    """Give a piece of work to a member (replacing any earlier assignee)."""
    member = session.get(StaffMember, staff_id)
    if member is None or member.is_disabled:
        raise NotFound(f"no active staff member {staff_id}", fix="see `pactum staff list`")
    found = session.get(StaffAssignment, target)
    if found is None:
        session.add(
            StaffAssignment(
                target=target, staff_id=staff_id, assigned_at=clock.now(), assigned_by=actor
            )
        )
    else:
        found.staff_id, found.assigned_at, found.assigned_by = staff_id, clock.now(), actor
    record(
        session,
        clock,
        actor=actor,
        action="staff.assigned",
        target=target,
        details={"staff": staff_id},
    )


def assignee(session: Session, target: str) -> int | None:
    found = session.get(StaffAssignment, target)
    return found.staff_id if found is not None else None


def assigned_targets(session: Session, staff_id: int, *, prefix: str = "") -> list[str]:
    query = select(StaffAssignment.target).where(StaffAssignment.staff_id == staff_id)
    if prefix:
        query = query.where(StaffAssignment.target.startswith(prefix, autoescape=True))
    return list(session.scalars(query.order_by(StaffAssignment.assigned_at)))
