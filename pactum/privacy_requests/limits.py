"""Rate limits on the public side: per client address and per person, counted in the database."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from pactum.accounts import throttle
from pactum.accounts.throttle import Limit
from pactum.clock import Clock
from pactum.errors import PactumError
from pactum.signing import keyed_hash

SUBMIT_PER_ADDRESS = Limit(hits=10, window=timedelta(hours=1))
SEND_PER_PERSON = Limit(hits=5, window=timedelta(hours=1))
SEND_PER_ADDRESS = Limit(hits=20, window=timedelta(hours=1))
CHECK_PER_PERSON = Limit(hits=15, window=timedelta(hours=1))
CHECK_PER_ADDRESS = Limit(hits=30, window=timedelta(minutes=15))
DOWNLOAD_PER_ADDRESS = Limit(hits=30, window=timedelta(minutes=15))


class TooManyAttempts(PactumError):
    """Too many tries in a short time; the caller must wait."""

    exit_code = 5
    http_status = 429


def address_bucket(key: bytes, action: str, address: str) -> str:
    # Client addresses are personal data too: only a keyed hash is stored.
    return f"privacy-request:{action}:address:{keyed_hash(key, address, purpose='client')[:32]}"


def person_bucket(action: str, subject: str) -> str:
    return f"privacy-request:{action}:person:{subject[:32]}"


def enforce(session: Session, clock: Clock, buckets: list[tuple[str, Limit]]) -> None:
    """Count one hit on each bucket, or refuse (counting nothing) when one is used up."""
    for bucket, limit in buckets:
        if throttle.is_blocked(session, clock, bucket, limit):
            minutes = max(1, int(limit.window.total_seconds() // 60))
            raise TooManyAttempts(
                "too many attempts from here in a short time",
                where="rate limit",
                fix=f"wait up to {minutes} minutes and try again",
            )
    for bucket, limit in buckets:
        throttle.hit(session, clock, bucket, limit)


def client_buckets(
    key: bytes, action: str, address: str | None, limit: Limit
) -> list[tuple[str, Limit]]:
    return [(address_bucket(key, action, address), limit)] if address else []
