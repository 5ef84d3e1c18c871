"""The consent API's callers: valid API keys remembered for a few seconds, looked up once at a time."""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import Awaitable, Callable

from pactum.accounts.api_keys import Caller

LookUp = Callable[[str], Awaitable[Caller | None]]


class KnownKeys:
    """Valid keys seen in the last `seconds`, by the SHA-256 of the token; one per process.

    Looking a key up writes (it records when the key was last used), so it happens once per key
    per `seconds`, not on every check, and a revoked key stops working within that time. When an
    entry runs out under load, the first request looks the key up and the others await that same
    answer, instead of each queueing for SQLite's write lock (a stall that showed as the p99).
    """

    def __init__(
        self,
        look_up: LookUp,
        *,
        seconds: float = 10.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._look_up = look_up
        self._seconds = seconds
        self._monotonic = monotonic
        self._known: dict[str, tuple[Caller, float]] = {}
        self._pending: dict[str, asyncio.Future[Caller | None]] = {}

    async def caller(self, token: str) -> Caller | None:
        digest = hashlib.sha256(token.encode()).hexdigest()
        known = self._known.get(digest)
        if known is not None and known[1] > self._monotonic():
            return known[0]
        pending = self._pending.get(digest)
        if pending is None:
            pending = asyncio.ensure_future(self._look_up(token))
            self._pending[digest] = pending
            pending.add_done_callback(lambda _: self._pending.pop(digest, None))
        # Shielded: a client that hangs up must not cancel the look-up the others await.
        found = await asyncio.shield(pending)
        if found is not None:
            self._known[digest] = (found, self._monotonic() + self._seconds)
        return found
