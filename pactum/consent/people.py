"""People and their identities: finding or creating the person, their age, erasing identities."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

from sqlalchemy import Connection, bindparam, delete, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from pactum.audit.service import record
from pactum.clock import Clock, as_utc
from pactum.consent.models import ConsentHead, ConsentIdentity, ConsentPerson
from pactum.db import core
from pactum.errors import Conflict, Invalid, NotFound
from pactum.identities import Identity, normalize
from pactum.prepared import Prepared


@cache
def hasher(key: bytes) -> Callable[[Identity], str]:
    """`Identity.hashed(key)`, with the derived key computed once (the batch check hashes 100k)."""
    derived = hmac.new(key, b"identity", hashlib.sha256).digest()
    base = hmac.new(derived, digestmod=hashlib.sha256)

    def hashed(identity: Identity) -> str:
        mac = base.copy()
        mac.update(f"{identity.kind}:{identity.value}".encode())
        return mac.hexdigest()

    return hashed


@dataclass(frozen=True)
class Subject:
    """An identity as the ledger keys it: kind and keyed hash, with the value when it is known.

    An unsubscribe token carries only the hash, so a withdrawal can be recorded (and honoured
    after the value is erased) without the address ever appearing in a link.
    """

    kind: str
    hash: str
    value: str | None = None

    @classmethod
    def of(cls, identity: Identity, key: bytes) -> Subject:
        return cls(identity.kind, hasher(key)(identity), identity.value)


def one_identity(
    email: str | None, phone: str | None, customer_id: str | None, cookie_id: str | None
) -> Identity:
    """The one identity given (as API query parameters or CLI options), normalized."""
    named = {"email": email, "phone": phone, "customer_id": customer_id, "cookie_id": cookie_id}
    given = [(kind, value) for kind, value in named.items() if value]
    if len(given) != 1:
        raise Invalid(
            "give exactly one identity",
            where="identity",
            fix="give one of email, phone, customer_id, cookie_id",
        )
    return normalize(*given[0])


def bump_revision(session: Session) -> None:
    """Count a change that is not an event, so caches in other processes see it."""
    session.execute(
        update(ConsentHead).where(ConsentHead.id == 1).values(revision=ConsentHead.revision + 1)
    )


def find_person(session: Session, digest: str) -> int | None:
    return session.scalar(select(ConsentIdentity.person_id).where(ConsentIdentity.hash == digest))


def resolve(
    session: Session, subject: Subject, *, at: datetime, lock: bool = True
) -> tuple[int, int]:
    """The identity's row and its person (created when new), the person locked for this write."""
    for _ in range(5):
        row = session.execute(
            select(ConsentIdentity.id, ConsentIdentity.person_id, ConsentIdentity.value).where(
                ConsentIdentity.hash == subject.hash
            )
        ).first()
        if row is None:
            _create(session, subject, at)
            continue
        if row.value is None and subject.value is not None:
            session.execute(
                update(ConsentIdentity)
                .where(ConsentIdentity.id == row.id)
                .values(value=subject.value)
            )
        if not lock:
            return row.id, row.person_id
        person = session.execute(
            select(ConsentPerson).where(ConsentPerson.id == row.person_id).with_for_update()
        ).scalar_one()
        if person.merged_into is not None:
            continue  # merged while we looked: read the identity's new person
        if at < as_utc(person.first_seen_at):
            person.first_seen_at = at
        return row.id, person.id
    raise Conflict("the person changed too often while recording", fix="try again")


def _create(session: Session, subject: Subject, at: datetime) -> None:
    create_person(core(session), subject, at)


def create_person(connection: Connection, subject: Subject, at: datetime) -> tuple[int, int] | None:
    """A new person known by this identity: (identity id, person id). None when another
    transaction created the identity first; its person is then the one to use. Two prepared
    statements: every new visitor's first choice in the cookie banner comes this way."""
    person_id = _NEW_PERSON.execute(connection, {"at": at}).fetchone()[0]
    created = (
        _NEW_IDENTITY[connection.dialect.name]
        .execute(
            connection,
            {
                "person_id": person_id,
                "kind": subject.kind,
                "value": subject.value,
                "hash": subject.hash,
                "at": at,
            },
        )
        .fetchone()
    )
    if created is None:
        _DROP_PERSON.execute(connection, {"id": person_id})
        return None
    return created[0], person_id


_AT = bindparam("at", type_=ConsentPerson.first_seen_at.type)
_NEW_PERSON = Prepared(insert(ConsentPerson).values(first_seen_at=_AT).returning(ConsentPerson.id))
_DROP_PERSON = Prepared(delete(ConsentPerson).where(ConsentPerson.id == bindparam("id")))


def _new_identity(dialect: Any) -> Prepared:
    return Prepared(
        dialect.insert(ConsentIdentity)
        .values(
            person_id=bindparam("person_id"),
            kind=bindparam("kind"),
            value=bindparam("value"),
            hash=bindparam("hash"),
            first_seen_at=_AT,
        )
        .on_conflict_do_nothing(index_elements=["hash"])
        .returning(ConsentIdentity.id)
    )


_NEW_IDENTITY = {"sqlite": _new_identity(sqlite), "postgresql": _new_identity(postgresql)}


def record_birth_date(
    session: Session, clock: Clock, subject: Subject, birth_date: date, *, actor: str
) -> None:
    """Record a person's birth date (from a form or staff), so the minimum-age rule applies."""
    _, person_id = resolve(session, subject, at=as_utc(clock.now()))
    session.execute(
        update(ConsentPerson).where(ConsentPerson.id == person_id).values(birth_date=birth_date)
    )
    bump_revision(session)
    record(
        session,
        clock,
        actor=actor,
        action="consent.birth_date_recorded",
        target=f"consent-person:{person_id}",
        subject=subject.hash,
    )


def erase_values(session: Session, clock: Clock, subject: Subject, *, actor: str) -> int:
    """Forget the person's identities in clear; hashes, events and states stay (suppression)."""
    person_id = find_person(session, subject.hash)
    if person_id is None:
        raise NotFound("no consent is recorded for this identity")
    erased = session.execute(
        update(ConsentIdentity).where(ConsentIdentity.person_id == person_id).values(value=None)
    ).rowcount  # type: ignore[attr-defined]  # CursorResult of an UPDATE
    bump_revision(session)
    record(
        session,
        clock,
        actor=actor,
        action="consent.identities_erased",
        target=f"consent-person:{person_id}",
        subject=subject.hash,
        details={"identities": erased},
    )
    return int(erased)
