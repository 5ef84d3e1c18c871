"""The consent API's callers: valid API keys remembered for a few seconds, looked up once at a time."""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import Awaitable, Callable
from functools import partial

from pactum.accounts.api_keys import Caller

LookUp = Callable[[str], Awaitable[Caller | None]]
_AHEAD = 0.2  # in the last fifth of its time, a known key is looked up again in the background


class KnownKeys:
    """Valid keys seen in the last `seconds`, by the SHA-256 of the token; one per process.

    Looking a key up writes (it records when the key was last used), so it happens once per key
    per `seconds`, not on every check, and a revoked key stops working within that time. A key in
    use is looked up again shortly before its time runs out, in the background, so requests under
    steady load never wait for it; when they do wait (a new key, or one idle for a while), the
    first request looks it up and the others await that same answer, instead of each queueing for
    SQLite's write lock (a stall of up to ~50 ms that showed as the p99).
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
        now = self._monotonic()
        if known is not None and known[1] > now:
            if known[1] - now < self._seconds * _AHEAD:
                self._look_up_once(digest, token)
            return known[0]
        # Shielded: a client that hangs up must not cancel the look-up the others await.
        return await asyncio.shield(self._look_up_once(digest, token))

    def _look_up_once(self, digest: str, token: str) -> asyncio.Future[Caller | None]:
        pending = self._pending.get(digest)
        if pending is None:
            pending = asyncio.ensure_future(self._look_up(token))
            self._pending[digest] = pending
            pending.add_done_callback(partial(self._remember, digest))
        return pending

    def _remember(self, digest: str, done: asyncio.Future[Caller | None]) -> None:
        self._pending.pop(digest, None)
        if done.cancelled() or done.exception() is not None:
            return  # the requests that awaited it have the error; the next one looks again
        found = done.result()
        if found is None:
            self._known.pop(digest, None)  # revoked, or never valid
        else:
            self._known[digest] = (found, self._monotonic() + self._seconds)
