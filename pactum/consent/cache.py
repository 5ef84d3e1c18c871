"""A read-through cache of decisions per person and purpose, validated against the ledger's watermark.

The watermark is (newest event id, revision of other changes, newest policy version). A cache
validates it at most every `max_staleness` seconds: 0 (the default) validates on every check, one
cheap indexed query, and is exact across processes; a bulk sender may accept a bounded staleness
and then checks a warm person without touching the database. New events evict only the people
they touched; links, restrictions, ages, erasures or a new policy clear everything. See
docs/decisions/0011-consent-check-cache.md.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import datetime
from functools import cache
from typing import NamedTuple

from sqlalchemy import Dialect, func, select
from sqlalchemy.orm import Session

from pactum.clock import as_utc
from pactum.consent.facts import as_facts, facts_query, load_timeline
from pactum.consent.models import ConsentEvent, ConsentHead, ConsentIdentity, ConsentPerson
from pactum.consent.people import hasher
from pactum.consent.rules import UNKNOWN_PERSON, PolicyTimeline, PurposeRule, decide, purpose_rule
from pactum.consent.schemas import Decision
from pactum.identities import Identity
from pactum.policy.document import Policy
from pactum.policy.models import PolicyVersion
from pactum.policy.service import current_policy

_TOUCHED_LIMIT = 5000  # more new events than this since the last look: start afresh


class Watermark(NamedTuple):
    event: int
    revision: int
    policy: int


_WATERMARK = select(
    select(func.max(ConsentEvent.id)).scalar_subquery(),
    select(ConsentHead.revision).where(ConsentHead.id == 1).scalar_subquery(),
    select(func.max(PolicyVersion.id)).scalar_subquery(),
)


def watermark(session: Session) -> Watermark:
    """Three index look-ups in one statement, on a pooled DB-API connection of its own.

    Not through the session: a session's connection and transaction cost about ten times the
    statement (150 µs against 15 µs on the benchmark machine), and a warm check needs nothing
    else, so its session never connects. One statement reads one consistent snapshot; facts
    read afterwards can only be newer, and the next watermark then evicts what they touched.
    """
    engine = session.get_bind().engine
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        cursor.execute(_watermark_sql(engine.dialect))
        row = cursor.fetchone()
        cursor.close()
    finally:
        connection.close()  # back to the pool, rolled back
    assert row is not None  # three scalar subqueries: always one row
    return Watermark(row[0] or 0, row[1] or 0, row[2] or 0)


@cache
def _watermark_sql(dialect: Dialect) -> str:
    return str(_WATERMARK.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))


Entry = tuple[Decision, datetime | None]  # the decision, and when it stops being valid


class ConsentCache:
    """Decisions for warm people; thread-safe, one per process (the app keeps one)."""

    def __init__(
        self,
        key: bytes,
        *,
        max_staleness: float = 0.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._hash = hasher(key)
        self._max_staleness = max_staleness
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._mark: Watermark | None = None
        self._checked = float("-inf")
        self._generation = 0
        self._policy: Policy | None = None
        self._rules: dict[str, PurposeRule] = {}
        self._timeline = PolicyTimeline((), ())
        self._people: dict[Identity, int | None] = {}
        self._unknown: set[Identity] = set()
        self._decisions: dict[int | None, dict[str, Entry]] = {}

    def may_process(
        self, session: Session, identity: Identity, purpose: str, *, now: datetime
    ) -> Decision:
        if self._monotonic() - self._checked > self._max_staleness:
            self._refresh(session)
        generation = self._generation
        person = self._people.get(identity, -1)
        if person == -1:
            person = session.scalar(
                select(ConsentIdentity.person_id).where(
                    ConsentIdentity.hash == self._hash(identity)
                )
            )
            self._store(generation, lambda: self._remember(identity, person))
        cached = self._decisions.get(person, {}).get(purpose)
        if cached is not None and (cached[1] is None or now < cached[1]):
            return cached[0]
        entry = self._decide(session, person, purpose, now)
        self._store(
            generation, lambda: self._decisions.setdefault(person, {}).__setitem__(purpose, entry)
        )
        return entry[0]

    def _remember(self, identity: Identity, person: int | None) -> None:
        self._people[identity] = person
        if person is None:
            self._unknown.add(identity)

    def _decide(self, session: Session, person: int | None, purpose: str, now: datetime) -> Entry:
        rule = self._rule(purpose)
        moment = as_utc(now)
        if person is None:
            return decide(rule, UNKNOWN_PERSON, declared=None, now=moment), None
        row = session.execute(facts_query(purpose).where(ConsentPerson.id == person)).one()
        facts = as_facts(row)
        declared = self._timeline.declared_at(facts.first_seen_at, purpose)
        decision = decide(rule, facts, declared=declared, now=moment)
        expires = None
        if decision.rule == "minimum_age" and facts.birth_date is not None and rule.minimum_age:
            # Refused for age: valid until the birthday that ends it, not forever.
            born = facts.birth_date
            birthday = born.replace(year=born.year + rule.minimum_age, day=min(born.day, 28))
            expires = datetime.combine(birthday, datetime.min.time(), tzinfo=moment.tzinfo)
        return decision, expires

    def _rule(self, purpose: str) -> PurposeRule:
        found = self._rules.get(purpose)
        if found is None:
            assert self._policy is not None  # may_process refreshed first
            found = purpose_rule(self._policy, purpose)
            self._rules[purpose] = found
        return found

    def _store(self, generation: int, put: Callable[[], object]) -> None:
        # Whatever was computed from facts read before an eviction is not kept.
        with self._lock:
            if generation == self._generation:
                put()

    def _refresh(self, session: Session) -> None:
        mark = watermark(session)
        with self._lock:
            previous = self._mark
            if mark != previous:
                self._generation += 1
                if previous is None or mark[1:] != previous[1:]:
                    self._reload(session)
                elif mark.event > previous.event:
                    self._evict_touched(session, previous.event, mark.event)
                self._mark = mark
            self._checked = self._monotonic()

    def _reload(self, session: Session) -> None:
        self._people.clear()
        self._unknown.clear()
        self._decisions.clear()
        self._rules.clear()
        self._policy = current_policy(session)  # NotFound, with its fix, if none
        self._timeline = load_timeline(session)

    def _evict_touched(self, session: Session, after: int, upto: int) -> None:
        if upto - after > _TOUCHED_LIMIT:
            self._people.clear()
            self._unknown.clear()
            self._decisions.clear()
            return
        touched = session.scalars(
            select(ConsentIdentity.person_id)
            .join(ConsentEvent, ConsentEvent.identity_id == ConsentIdentity.id)
            .where(ConsentEvent.id > after, ConsentEvent.id <= upto)
        )
        for person in set(touched):
            self._decisions.pop(person, None)
        # An event may have created the person behind an identity we knew as unknown.
        for identity in self._unknown:
            self._people.pop(identity, None)
        self._unknown.clear()
