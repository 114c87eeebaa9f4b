"""Clocks: the fake records waits without moving; the simulated one moves, in order, never early."""

from __future__ import annotations

import asyncio
from datetime import UTC, timedelta

import pytest

from bot.clock import FakeClock, SimulatedClock, SystemClock


async def test_system_clock_is_aware_and_monotonic() -> None:
    clock = SystemClock()
    before = clock.monotonic()
    await clock.sleep(0.01)
    assert clock.monotonic() - before >= 0.01
    assert clock.now().tzinfo is UTC


async def test_fake_clock_records_a_sleep_without_moving() -> None:
    clock = FakeClock()
    start = clock.now()
    await clock.sleep(30.0)
    assert (clock.now(), clock.monotonic(), clock.sleeps) == (start, 0.0, [30.0])


def test_fake_clock_monotonic_follows_advance() -> None:
    clock = FakeClock()
    clock.advance(minutes=2)
    assert clock.monotonic() == 120.0


def test_fake_clock_refuses_a_naive_start() -> None:
    with pytest.raises(ValueError):
        FakeClock(FakeClock().now().replace(tzinfo=None))


async def test_simulated_sleep_moves_the_shared_fake_clock() -> None:
    fake = FakeClock()
    start = fake.now()
    clock = SimulatedClock(fake)
    await clock.sleep(90.0)
    assert fake.now() - start == timedelta(seconds=90)
    assert (clock.monotonic(), clock.sleeps) == (90.0, [90.0])


async def test_simulated_sleepers_wake_in_order_at_their_own_time() -> None:
    clock = SimulatedClock()
    woke: list[tuple[str, float]] = []

    async def sleeper(name: str, seconds: float) -> None:
        await clock.sleep(seconds)
        woke.append((name, clock.monotonic()))

    await asyncio.gather(sleeper("c", 3.0), sleeper("a", 1.0), sleeper("b", 2.0))
    assert woke == [("a", 1.0), ("b", 2.0), ("c", 3.0)]


@pytest.mark.parametrize("seconds", [0.25, 1 / 3, 1e-7, 59.9999995])
async def test_simulated_sleep_never_wakes_early(seconds: float) -> None:
    clock = SimulatedClock()
    others = [asyncio.create_task(clock.sleep(seconds / 2)), asyncio.create_task(clock.sleep(7))]
    await clock.sleep(seconds)
    assert clock.monotonic() >= seconds
    assert clock.monotonic() < seconds + 1e-6  # and not later than its microsecond
    others[1].cancel()
    await asyncio.gather(*others, return_exceptions=True)


async def test_work_at_the_current_instant_runs_before_time_moves() -> None:
    clock = SimulatedClock()
    seen: list[float] = []

    async def busy() -> None:
        for _ in range(3):
            await asyncio.sleep(0)
            seen.append(clock.monotonic())

    await asyncio.gather(clock.sleep(5.0), busy())
    assert seen == [0.0, 0.0, 0.0]


async def test_a_zero_sleep_only_yields() -> None:
    clock = SimulatedClock()
    await clock.sleep(0)
    assert (clock.monotonic(), clock.sleeps) == (0.0, [0])
