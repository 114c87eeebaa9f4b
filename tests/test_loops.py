"""The background loop: rounds at start, on time and when woken; a bad round is not the end."""

from __future__ import annotations

import asyncio
import logging

import pytest

from bot.clock import SimulatedClock
from bot.loops import BackgroundLoop

HOUR = 3600.0


class Rounds:
    """A round that counts itself, can be held mid-way, and fails when told."""

    def __init__(self, *, fail: int = 0, pause: float | None = None) -> None:
        self.started = 0
        self.finished = 0
        self.fail = fail
        self.pause = pause
        self.release = asyncio.Event()
        self.release.set()
        self.changed = asyncio.Event()

    async def __call__(self) -> float | None:
        self.started += 1
        self.changed.set()
        await self.release.wait()
        if self.fail:
            self.fail -= 1
            raise RuntimeError("round failed")
        self.finished += 1
        self.changed.set()
        return self.pause

    async def until(self, started: int) -> None:
        async with asyncio.timeout(3):
            while self.started < started:
                self.changed.clear()
                await self.changed.wait()


async def test_the_first_round_runs_at_start_then_waits_the_interval() -> None:
    rounds = Rounds()
    loop = BackgroundLoop("test", rounds, interval=HOUR)
    await loop.start()
    await rounds.until(1)
    await asyncio.sleep(0.05)
    await loop.stop()
    assert (rounds.started, rounds.finished, loop.running) == (1, 1, False)


async def test_wake_runs_a_round_early() -> None:
    rounds = Rounds()
    loop = BackgroundLoop("test", rounds, interval=HOUR)
    await loop.start()
    await rounds.until(1)
    loop.wake()
    await rounds.until(2)
    await loop.stop()


async def test_a_wake_during_a_round_brings_the_next_one_at_once() -> None:
    rounds = Rounds()
    rounds.release.clear()
    loop = BackgroundLoop("test", rounds, interval=HOUR)
    await loop.start()
    await rounds.until(1)
    loop.wake()
    rounds.release.set()
    await rounds.until(2)
    await loop.stop()


async def test_stop_lets_the_round_in_flight_finish() -> None:
    rounds = Rounds()
    rounds.release.clear()
    loop = BackgroundLoop("test", rounds, interval=HOUR)
    await loop.start()
    await rounds.until(1)
    stopping = asyncio.create_task(loop.stop())
    await asyncio.sleep(0.05)
    assert not stopping.done()
    rounds.release.set()
    await asyncio.wait_for(stopping, 3)
    assert (rounds.started, rounds.finished) == (1, 1)


async def test_stop_cancels_a_round_that_outlasts_the_stop_timeout(
    caplog: pytest.LogCaptureFixture,
) -> None:
    rounds = Rounds()
    rounds.release.clear()
    loop = BackgroundLoop("test", rounds, interval=HOUR, stop_timeout=0.05)
    await loop.start()
    await rounds.until(1)
    await loop.stop()
    assert (rounds.finished, loop.running) == (0, False)
    assert "test did not stop within" in caplog.text


async def test_a_failed_round_is_logged_and_the_loop_goes_on(
    caplog: pytest.LogCaptureFixture,
) -> None:
    rounds = Rounds(fail=1)
    loop = BackgroundLoop(
        "test", rounds, interval=HOUR, pause_after_error=0.01, failure="the test round failed"
    )
    with caplog.at_level(logging.ERROR, logger="bot.loops"):
        await loop.start()
        await rounds.until(2)
        await loop.stop()
    assert (rounds.started, rounds.finished) == (2, 1)
    assert "the test round failed" in caplog.text and "RuntimeError" in caplog.text


async def test_the_pause_a_round_returns_is_timed_on_the_clock() -> None:
    clock = SimulatedClock()
    times: list[float] = []
    three = asyncio.Event()

    async def work() -> float:
        times.append(clock.monotonic())
        if len(times) == 3:
            three.set()
        return 90.0

    loop = BackgroundLoop("test", work, interval=HOUR, clock=clock)
    await loop.start()
    await asyncio.wait_for(three.wait(), 3)
    await loop.stop()
    assert times[:3] == [0.0, 90.0, 180.0]


async def test_without_an_interval_only_a_wake_brings_a_round() -> None:
    rounds = Rounds()
    loop = BackgroundLoop("test", rounds, interval=None)
    await loop.start()
    await rounds.until(1)
    await asyncio.sleep(0.05)
    assert rounds.started == 1
    loop.wake()
    await rounds.until(2)
    await loop.stop()


async def test_a_final_round_after_stop_drains_what_came_in() -> None:
    rounds = Rounds()
    loop = BackgroundLoop("test", rounds, interval=None, final_round=True)
    await loop.start()
    await rounds.until(1)
    await loop.stop()
    assert rounds.finished == 2


async def test_stop_before_start_does_nothing_and_start_twice_is_refused() -> None:
    loop = BackgroundLoop("test", Rounds(), interval=HOUR)
    await loop.stop()
    await loop.start()
    with pytest.raises(RuntimeError):
        await loop.start()
    await loop.stop()
