"""Time for the outbound limiter: the real monotonic clock, or a simulated one.

The limiter waits for its slots through a ``Timer`` so that a test or a benchmark can send
thousands of messages "over minutes" in milliseconds: ``SimulatedTimer`` jumps a ``FakeClock``
forward instead of sleeping, and the fake Bot API judges the limits on the same clock.
"""

from __future__ import annotations

import asyncio
import bisect
import math
import time
from datetime import datetime, timedelta
from typing import Protocol

from bot.clock import FakeClock


class Timer(Protocol):
    """Seconds that only move forward, and a way to wait for them."""

    def monotonic(self) -> float: ...

    async def sleep(self, seconds: float) -> None: ...


class SystemTimer:
    """The real thing: ``time.monotonic`` and ``asyncio.sleep``."""

    def monotonic(self) -> float:
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(max(0.0, seconds))


class SimulatedTimer:
    """Waiting moves a ``FakeClock`` forward at once (shared with the engine and the sandbox).

    A discrete-event clock in miniature: before time moves, every task that can still run at
    the current instant gets a few turns of the event loop; then the clock jumps to the
    earliest wake-up time anyone is waiting for, never further. Nothing wakes early, and a
    waiter wakes late only if work at the current instant takes more than ``settle_rounds``
    loop turns (real I/O, such as a sandbox over HTTP).
    """

    def __init__(self, clock: FakeClock, *, settle_rounds: int = 4) -> None:
        self.clock = clock
        self.settle_rounds = settle_rounds
        self._epoch = clock.now()
        self._wakeups: list[datetime] = []

    def monotonic(self) -> float:
        return (self.clock.now() - self._epoch).total_seconds()

    async def sleep(self, seconds: float) -> None:
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
