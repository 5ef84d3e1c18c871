"""Consent tables: people and their identities, the append-only ledger, current states, deliveries."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from pactum.db import Base


class State(StrEnum):
    GRANTED = "granted"
    DENIED = "denied"  # asked, and the person said no
    WITHDRAWN = "withdrawn"  # said yes before, or opted out of a use that needs no consent

    @property
    def is_opt_out(self) -> bool:
        return self is not State.GRANTED


class Channel(StrEnum):
    WEB_FORM = "web_form"
    COOKIE_BANNER = "cookie_banner"
    UNSUBSCRIBE_LINK = "unsubscribe_link"
    STAFF_ENTRY = "staff_entry"  # an e-mail reply or a phone call, entered by staff
    API = "api"
    GPC = "gpc"  # the Global Privacy Control browser signal
    IMPORT = "import"


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    FAILING = "failing"  # still retried, and reported: the change is never dropped


class ConsentPerson(Base):
    """One person, as far as consent knows them: the identities they linked point here."""

    __tablename__ = "consent_people"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # When their data was first collected (first event or link): decides which policy version
    # was in force, and so which purposes they were told about.
    first_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    birth_date: Mapped[date | None] = mapped_column(Date, default=None)
    # Global Privacy Control was honoured: do not ask again for consent to sell or share before.
    do_not_reask_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    merged_into: Mapped[int | None] = mapped_column(ForeignKey("consent_people.id"), default=None)


class ConsentIdentity(Base):
    """An identity (e-mail, phone, customer id, cookie id) of a person; the value can be erased."""

    __tablename__ = "consent_identities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("consent_people.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    value: Mapped[str | None] = mapped_column(String(320))  # None once erased; the hash stays
    hash: Mapped[str] = mapped_column(String(64), unique=True)
    first_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ConsentEvent(Base):
    """One choice a person made. Never updated, never deleted (database triggers refuse it)."""

    __tablename__ = "consent_events"
    # Only events with a reference (a token, an import line) are looked up by it: the others
    # stay out of the index, one page less to write per event (docs/decisions/0082).
    __table_args__ = (
        Index(
            "ix_consent_events_reference",
            "reference",
            sqlite_where=text("reference IS NOT NULL"),
            postgresql_where=text("reference IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    identity_id: Mapped[int] = mapped_column(ForeignKey("consent_identities.id"), index=True)
    identity_kind: Mapped[str] = mapped_column(String(40))
    # Evidence of who, after erasure too; look-ups go through consent_identities.hash, so this
    # column has no index (an index on random hashes halves the ledger's write rate on SQLite).
    identity_hash: Mapped[str] = mapped_column(String(64))
    purpose: Mapped[str] = mapped_column(String(120))
    state: Mapped[State] = mapped_column(String(20))
    channel: Mapped[Channel] = mapped_column(String(30))
    policy_version: Mapped[int | None] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))  # when the person chose
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    evidence_sha256: Mapped[str | None] = mapped_column(String(64))  # the text or form shown
    client_network: Mapped[str | None] = mapped_column(String(64))  # IPv4 /24, IPv6 /48
    user_agent: Mapped[str | None] = mapped_column(String(300))
    reference: Mapped[str | None] = mapped_column(String(120))
    actor: Mapped[str] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(String(500), default="")


class ConsentStateRow(Base):
    """The current state per person and purpose: the latest event by id, kept in its transaction."""

    __tablename__ = "consent_states"

    person_id: Mapped[int] = mapped_column(ForeignKey("consent_people.id"), primary_key=True)
    purpose: Mapped[str] = mapped_column(String(120), primary_key=True)
    state: Mapped[State] = mapped_column(String(20))
    event_id: Mapped[int] = mapped_column(ForeignKey("consent_events.id"))
    channel: Mapped[Channel] = mapped_column(String(30))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ConsentRestriction(Base):
    """A purpose a privacy request (restriction of processing) excludes, until it is lifted."""

    __tablename__ = "consent_restrictions"
    __table_args__ = (UniqueConstraint("person_id", "purpose", "request_ref"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("consent_people.id"))
    purpose: Mapped[str] = mapped_column(String(120))
    request_ref: Mapped[str] = mapped_column(String(120))
    placed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    lifted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ConsentHead(Base):
    """One row counting changes other than events (links, restrictions, ages, erasure).

    With the newest event id and the newest policy version it forms the watermark a cache
    validates against; events do not touch it, so writers of events never queue on it.
    """

    __tablename__ = "consent_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    revision: Mapped[int] = mapped_column(Integer)


class ConsentDelivery(Base):
    """A state to deliver to one downstream system; written before it is enqueued, never dropped."""

    __tablename__ = "consent_deliveries"
    __table_args__ = (
        Index("ix_consent_deliveries_status_next_attempt_at", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Not unique with the system: linking identities re-delivers a state under the new identities.
    event_id: Mapped[int] = mapped_column(ForeignKey("consent_events.id"), index=True)
    system_id: Mapped[str] = mapped_column(String(120))
    url: Mapped[str] = mapped_column(String(2000))
    secret_env: Mapped[str] = mapped_column(String(200))
    purpose: Mapped[str] = mapped_column(String(120))
    state: Mapped[State] = mapped_column(String(20))
    status: Mapped[DeliveryStatus] = mapped_column(String(20))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    claimed_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    due_by: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # the legal window
    window: Mapped[str | None] = mapped_column(String(120))
