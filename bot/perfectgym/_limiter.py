"""Client-side sliding window per endpoint, so we wait a little instead of being blocked a minute.

PerfectGym counts requests per endpoint and answers 429 for the rest of the minute once the
quota (1000/min) is exceeded. Staying just under it on our side turns that cliff into a short
wait. The key is "METHOD /path/{template}", the same unit the API counts.
"""

from __future__ import annotations

import asyncio
from collections import deque
from typing import NamedTuple, Protocol

from bot import metrics
from bot.clock import Clock, SystemClock


class Pace(NamedTuple):
    """How fast we go under a key's limit: ``per_minute`` on average, ``burst`` at once."""

    per_minute: int
    burst: int


def pace(limit_per_minute: int = 1000) -> Pace:
    """95% of the vendor's limit on average plus 5% at once: never above it in any minute
    (1000 a minute: 950 plus a burst of 50)."""
    per_minute = limit_per_minute * 95 // 100
    return Pace(per_minute, limit_per_minute - per_minute)


class RequestLimiter(Protocol):
    """Waits until one more request for ``key`` may go out (and counts it)."""

    async def acquire(self, key: str) -> None: ...


class SlidingWindowLimiter:
    """At most ``limit`` requests per key in any rolling ``window`` seconds; the rest wait."""

    def __init__(
        self,
        limit: int,
        *,
        window: float = 60.0,
        clock: Clock | None = None,
    ) -> None:
        if limit < 1:
            raise ValueError("limit must be at least 1 request per window")
        self.limit = limit
        self.window = window
        self._clock: Clock = clock or SystemClock()
        self._sent: dict[str, deque[float]] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def acquire(self, key: str) -> None:
        """Return when a request for ``key`` may go out, and count it."""
        lock = self._locks.setdefault(key, asyncio.Lock())
        waited = 0.0
        async with lock:  # first come, first served within one endpoint
            sent = self._sent.setdefault(key, deque())
            while True:
                now = self._clock.monotonic()
                while sent and sent[0] <= now - self.window:
                    sent.popleft()
                if len(sent) < self.limit:
                    sent.append(now)
                    if waited:
                        metrics.record_limiter_wait(key, waited)
                    return
                pause = sent[0] + self.window - now
                waited += pause
                await self._clock.sleep(pause)

    def in_window(self, key: str) -> int:
        """How many requests for ``key`` the current window holds (for logs and tests)."""
        now = self._clock.monotonic()
        return sum(1 for moment in self._sent.get(key, ()) if moment > now - self.window)
