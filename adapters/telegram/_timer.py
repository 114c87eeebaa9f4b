"""Time for the outbound limiter: the real monotonic clock, or a simulated one.

The limiter waits for its slots through a ``Timer`` so that a test or a benchmark can send
thousands of messages "over minutes" in milliseconds: ``SimulatedTimer`` jumps a ``FakeClock``
forward instead of sleeping, and the fake Bot API judges the limits on the same clock.
"""

from __future__ import annotations

import asyncio
import math
import time
from datetime import timedelta
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

    Concurrent sleepers each move the clock to their own wake-up time, never back; one that
    wakes a little late (because another jumped further) only sends later, never too early.
    """

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self._epoch = clock.now()

    def monotonic(self) -> float:
        return (self.clock.now() - self._epoch).total_seconds()

    async def sleep(self, seconds: float) -> None:
        if seconds > 0:
            # Round up to the clock's microsecond so a waiter never wakes just short of its slot.
            target = self.clock.now() + timedelta(microseconds=math.ceil(seconds * 1_000_000))
            if target > self.clock.now():
                self.clock.set(target)
        await asyncio.sleep(0)
