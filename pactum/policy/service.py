"""Publishing policy versions and reading the one in force."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pactum.audit.service import record
from pactum.clock import Clock
from pactum.db import core
from pactum.errors import NotFound
from pactum.policy.diff import Change, diff_policies
from pactum.policy.document import Policy
from pactum.policy.loading import parse_policy
from pactum.policy.models import PolicyVersion
from pactum.prepared import Prepared
from pactum.signing import sha256_hex


def publish_policy(
    session: Session, clock: Clock, *, text: str, source_name: str, actor: str
) -> tuple[PolicyVersion, bool]:
    """Store a new immutable version; publishing the same text again returns the existing one.

    Returns the version and whether it is new. Invalid text raises before anything is written.
    """
    policy = parse_policy(text, source_name)
    digest = sha256_hex(text.encode("utf-8"))
    existing = session.scalar(select(PolicyVersion).where(PolicyVersion.sha256 == digest))
    if existing is not None:
        return existing, False
    number = (session.scalar(select(func.max(PolicyVersion.id))) or 0) + 1
    version = PolicyVersion(
        id=number,
        sha256=digest,
        source=text,
        source_name=source_name,
        document=policy.model_dump(mode="json"),
        effective_date=policy.effective_date,
        published_at=clock.now(),
        published_by=actor,
    )
    session.add(version)
    previous = get_version(session, number - 1) if number > 1 else None
    changes = diff_policies(as_policy(previous), policy) if previous else []
    record(
        session,
        clock,
        actor=actor,
        action="policy.published",
        target=f"policy:{number}",
        details={
            "sha256": digest,
            "changes": len(changes),
            "reduces_rights": any(c.reduces_rights for c in changes),
        },
    )
    return version, True


def as_policy(version: PolicyVersion) -> Policy:
    return Policy.model_validate(version.document)


def get_version(session: Session, number: int | None = None) -> PolicyVersion:
    """A published version by number, or the newest; NotFound when none is published."""
    if number is None:
        version = session.scalar(select(PolicyVersion).order_by(PolicyVersion.id.desc()).limit(1))
    else:
        version = session.get(PolicyVersion, number)
    if version is None:
        what = "no policy is published yet" if number is None else f"no policy version {number}"
        raise NotFound(what, fix="publish one with `pactum policy publish FILE`")
    return version


_parsed: dict[tuple[int, str], Policy] = {}


def current_policy(session: Session) -> Policy:
    """The newest published version. Versions never change (database triggers refuse it), so
    each is read and validated once per process, found again by its number and digest."""
    newest = _NEWEST_POLICY.execute(core(session), {}).fetchone()
    if newest is None:
        raise NotFound(
            "no policy is published yet", fix="publish one with `pactum policy publish FILE`"
        )
    key = (newest[0], newest[1])
    found = _parsed.get(key)
    if found is None:
        found = _parsed[key] = as_policy(get_version(session, newest[0]))
    return found


# Built once, run on the connection: asked on every privacy request and consent check.
_NEWEST_POLICY = Prepared(
    select(PolicyVersion.id, PolicyVersion.sha256).order_by(PolicyVersion.id.desc()).limit(1)
)


def list_versions(session: Session) -> list[PolicyVersion]:
    return list(session.scalars(select(PolicyVersion).order_by(PolicyVersion.id)))


def compare_versions(session: Session, old: int, new: int) -> list[Change]:
    return diff_policies(as_policy(get_version(session, old)), as_policy(get_version(session, new)))
