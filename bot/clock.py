"""Time as a dependency: the wall clock, seconds that only move forward, and waiting.

``SystemClock`` is the real thing. Tests and benchmarks use ``FakeClock`` (moves only when
told to; a sleep is recorded and returns at once) or ``SimulatedClock`` (a ``FakeClock``'s
time, where sleeping moves it: thousands of waits "over minutes" run in milliseconds).
"""

from __future__ import annotations

import asyncio
import bisect
import math
import time
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """The current time as an aware UTC datetime, a monotonic second count, and a wait."""

    def now(self) -> datetime: ...

    def monotonic(self) -> float: ...

    async def sleep(self, seconds: float) -> None: ...


class SystemClock:
    """The real wall clock, ``time.monotonic`` and ``asyncio.sleep``."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def monotonic(self) -> float:
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(max(0.0, seconds))


class FakeClock:
    """A clock that moves only when told to (``advance``, ``set``).

    ``sleep`` records the wait in ``sleeps`` and returns at once (after one turn of the event
    loop) without moving time, so a test sees how long the code wanted to wait. Code that
    waits for time to pass (a limiter, a pause) needs a ``SimulatedClock`` around it.
    """

    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
        if self._now.tzinfo is None:
            raise ValueError("FakeClock needs an aware datetime")
        self._epoch = self._now
        self.sleeps: list[float] = []

    def now(self) -> datetime:
        return self._now

    def monotonic(self) -> float:
        """Seconds since the clock was made (goes back only if ``set`` moves it back)."""
        return (self._now - self._epoch).total_seconds()

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        await asyncio.sleep(0)

    def advance(self, delta: timedelta | None = None, **kwargs: float) -> datetime:
        self._now += delta if delta is not None else timedelta(**kwargs)
        return self._now

    def set(self, moment: datetime) -> None:
        self._now = moment


class SimulatedClock:
    """A ``FakeClock``'s time where waiting moves it forward at once (shared with the rest).

    A discrete-event clock in miniature: before time moves, every task that can still run at
    the current instant gets a few turns of the event loop; then the clock jumps to the
    earliest wake-up time anyone is waiting for, never further. Nothing wakes early, and a
    waiter wakes late only if work at the current instant takes more than ``settle_rounds``
    loop turns (real I/O, such as a sandbox over HTTP). Waits are recorded in ``sleeps``.
    """

    def __init__(self, clock: FakeClock | None = None, *, settle_rounds: int = 4) -> None:
        self.clock = clock if clock is not None else FakeClock()
        self.settle_rounds = settle_rounds
        self.sleeps: list[float] = []
        self._wakeups: list[datetime] = []

    def now(self) -> datetime:
        return self.clock.now()

    def monotonic(self) -> float:
        return self.clock.monotonic()

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        if seconds <= 0:
            await asyncio.sleep(0)
            return
        # Round up to the clock's microsecond so a waiter never wakes just short of its slot.
        target = self.clock.now() + timedelta(microseconds=math.ceil(seconds * 1_000_000))
        bisect.insort(self._wakeups, target)
        try:
            while self.clock.now() < target:
                for _ in range(self.settle_rounds):
                    await asyncio.sleep(0)
                earliest = self._wakeups[0]
                if earliest > self.clock.now():
                    self.clock.set(earliest)
        finally:
            self._wakeups.remove(target)
