"""Fixed-window rate limits kept in the database, so several processes count the same hits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pactum.accounts.models import RateBucket
from pactum.clock import Clock, as_utc


@dataclass(frozen=True)
class Limit:
    """At most `hits` in each window of `window`; the bucket key names what is counted."""

    hits: int
    window: timedelta


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    hits: int
    retry_after: timedelta


def hit(session: Session, clock: Clock, key: str, limit: Limit) -> Verdict:
    """Count one hit on `key`; refused once the window already holds `limit.hits`.

    A window opens at the first hit and lasts `limit.window`. Runs in the caller's transaction,
    which must write: the conditional UPDATE takes the row lock (PostgreSQL) or the write lock
    (SQLite), so concurrent hits are counted one by one.
    """
    now = as_utc(clock.now())
    counted = session.execute(
        update(RateBucket)
        .where(RateBucket.key == key, RateBucket.window_start > now - limit.window)
        .values(hits=RateBucket.hits + 1)
        .returning(RateBucket.hits, RateBucket.window_start)
    ).one_or_none()
    if counted is None:
        try:
            with session.begin_nested():
                session.execute(delete(RateBucket).where(RateBucket.key == key))
                session.add(RateBucket(key=key, window_start=now, hits=1))
        except IntegrityError:  # another process opened the window first: count on it
            return hit(session, clock, key, limit)
        return Verdict(allowed=limit.hits >= 1, hits=1, retry_after=limit.window)
    hits, start = counted
    return Verdict(
        allowed=hits <= limit.hits, hits=hits, retry_after=as_utc(start) + limit.window - now
    )


def is_blocked(session: Session, clock: Clock, key: str, limit: Limit) -> bool:
    """Whether `key` has used up its window, without counting a hit."""
    now = as_utc(clock.now())
    bucket = session.scalar(select(RateBucket).where(RateBucket.key == key))
    if bucket is None or as_utc(bucket.window_start) <= now - limit.window:
        return False
    return bucket.hits >= limit.hits


def clear(session: Session, key: str) -> None:
    session.execute(delete(RateBucket).where(RateBucket.key == key))


def forget_old_buckets(session: Session, clock: Clock, older_than: timedelta) -> int:
    cutoff = as_utc(clock.now()) - older_than
    result = session.execute(delete(RateBucket).where(RateBucket.window_start < cutoff))
    return int(getattr(result, "rowcount", 0) or 0)
