"""Trying a call again: one loop, one backoff, the waiting on a ``Clock``; the caller says when.

Each caller keeps its own rule in ``should_retry`` (PerfectGym: reads on transient failures,
writes only when surely not sent; Slack: a 429's ``Retry-After``; Telegram: flood control and
requests that never left). The rule answers ``Again`` (after the backoff, after exactly the
wait the other side asked for, or never sooner than it) or None to raise the error at once.
"""

from __future__ import annotations

import math
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TypeVar

from bot.clock import Clock

T = TypeVar("T")


@dataclass(frozen=True)
class Again:
    """Yes, try again: after ``after`` seconds if the other side said when, else the backoff's
    wait, but never sooner than ``at_least`` (capped by ``Backoff.most``)."""

    after: float | None = None
    at_least: float = 0.0


@dataclass(frozen=True)
class Backoff:
    """Up to ``retries`` more tries (None: until it works), ``first * 2**n`` seconds before
    retry n+1, at most ``most``; ``jitter`` scales each wait by 0.5..1, so clients that failed
    together do not come back together."""

    retries: int | None = 3
    first: float = 0.5
    most: float = math.inf
    jitter: bool = False
    random: Callable[[], float] = field(default=random.random, repr=False, compare=False)

    def exhausted(self, retries_done: int) -> bool:
        return self.retries is not None and retries_done >= self.retries

    def wait(self, retries_done: int, again: Again | None = None) -> float:
        """Seconds before retry ``retries_done + 1``."""
        again = again or Again()
        if again.after is not None:
            return max(0.0, again.after)
        wait = self.first * 2.0**retries_done
        if self.jitter:
            wait *= 0.5 + self.random() / 2
        return min(max(wait, again.at_least), self.most)


ShouldRetry = Callable[[Exception], Again | None]
OnRetry = Callable[[Exception, int, float], None]
"""Told before each wait: the error, the number of the retry to come, the seconds to wait."""


async def retry(
    call: Callable[[], Awaitable[T]],
    *,
    backoff: Backoff,
    clock: Clock,
    should_retry: ShouldRetry,
    on_retry: OnRetry | None = None,
) -> T:
    """Await ``call()`` until it returns; raise its error when the rule or the backoff says no."""
    retries = 0
    while True:
        try:
            return await call()
        except Exception as exc:
            if backoff.exhausted(retries):
                raise
            again = should_retry(exc)
            if again is None:
                raise
            wait = backoff.wait(retries, again)
            retries += 1
            if on_retry is not None:
                on_retry(exc, retries, wait)
            await clock.sleep(wait)
