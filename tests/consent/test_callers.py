"""The consent API's known keys: one look-up per key at a time, remembered for a few seconds."""

from __future__ import annotations

import asyncio

from pactum.accounts.api_keys import Caller
from pactum.consent.callers import KnownKeys

ALICE = Caller(staff_id=1, key_id=7, scopes=frozenset({"consent:read"}))


class Directory:
    """Answers look-ups like the database would, counting them; valid only for `good`, until revoked."""

    def __init__(self) -> None:
        self.look_ups = 0
        self.release = asyncio.Event()
        self.revoked = False

    async def look_up(self, token: str) -> Caller | None:
        self.look_ups += 1
        await self.release.wait()
        return ALICE if token == "good" and not self.revoked else None


async def background_work() -> None:
    """Let a task started in the background run, and its done-callbacks after it."""
    for _ in range(3):
        await asyncio.sleep(0)


def test_concurrent_checks_with_an_unknown_key_look_it_up_once() -> None:
    async def scenario() -> tuple[list[Caller | None], int]:
        directory = Directory()
        keys = KnownKeys(directory.look_up)
        waiting = [asyncio.ensure_future(keys.caller("good")) for _ in range(32)]
        await asyncio.sleep(0)
        directory.release.set()
        return list(await asyncio.gather(*waiting)), directory.look_ups

    callers, look_ups = asyncio.run(scenario())
    assert callers == [ALICE] * 32
    assert look_ups == 1


def test_a_known_key_is_looked_up_again_once_its_seconds_are_over() -> None:
    async def scenario() -> list[int]:
        directory = Directory()
        directory.release.set()
        now = [0.0]
        keys = KnownKeys(directory.look_up, seconds=10, monotonic=lambda: now[0])
        counts = []
        for moment in (0.0, 5.0, 10.1):
            now[0] = moment
            assert await keys.caller("good") == ALICE
            counts.append(directory.look_ups)
        return counts

    assert asyncio.run(scenario()) == [1, 1, 2]


def test_a_key_in_use_is_looked_up_again_in_the_background_before_its_time_runs_out() -> None:
    async def scenario() -> int:
        directory = Directory()
        directory.release.set()
        now = [0.0]
        keys = KnownKeys(directory.look_up, seconds=10, monotonic=lambda: now[0])
        await keys.caller("good")
        now[0] = 9.0
        assert await keys.caller("good") == ALICE  # answered at once, from memory
        await background_work()
        now[0] = 15.0  # past the first ten seconds, within those of the second look-up
        assert await keys.caller("good") == ALICE
        return directory.look_ups

    assert asyncio.run(scenario()) == 2  # the first, and the one in the background


def test_a_key_revoked_meanwhile_is_refused_after_the_background_look_up() -> None:
    async def scenario() -> Caller | None:
        directory = Directory()
        directory.release.set()
        now = [0.0]
        keys = KnownKeys(directory.look_up, seconds=10, monotonic=lambda: now[0])
        assert await keys.caller("good") == ALICE
        directory.revoked = True
        now[0] = 9.0
        await keys.caller("good")  # still answered from memory; the look-up starts
        await background_work()
        return await keys.caller("good")

    assert asyncio.run(scenario()) is None


def test_an_invalid_key_is_never_remembered() -> None:
    async def scenario() -> int:
        directory = Directory()
        directory.release.set()
        keys = KnownKeys(directory.look_up)
        for _ in range(3):
            assert await keys.caller("forged") is None
        return directory.look_ups

    assert asyncio.run(scenario()) == 3
