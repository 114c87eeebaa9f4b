"""When to try a call again: reads on transient failures, writes only if nothing was sent.

A purchase has no idempotency key, so a POST whose outcome is unclear is never repeated here;
the caller reconciles (validate says already purchased, or ``moduleContracts`` shows it). The
loop, backoff and waiting are ``bot.retry``'s; this module is the PerfectGym rule.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.retry import Again, Backoff

from ._errors import ApiError, PerfectGymError, RateLimited, TransportError

_SAFE_METHODS = frozenset({"GET", "HEAD"})


@dataclass(frozen=True)
class RetryPolicy:
    """Bounded exponential backoff with jitter: ``backoff * 2**n``, scaled by 0.5..1."""

    max_retries: int = 3
    backoff: float = 0.5
    max_retry_wait: float = 10.0
    random: Callable[[], float] = field(default=random.random, repr=False)

    @property
    def schedule(self) -> Backoff:
        return Backoff(
            self.max_retries, self.backoff, self.max_retry_wait, jitter=True, random=self.random
        )

    def should_retry(self, method: str, error: Exception) -> Again | None:
        """The PerfectGym rule: method, whether the request was sent, and ``retry_after``."""
        if not isinstance(error, PerfectGymError) or not error.retryable:
            return None
        if method.upper() not in _SAFE_METHODS and not _surely_not_sent(error):
            return None
        if isinstance(error, RateLimited) and error.retry_after > self.max_retry_wait:
            return None  # blocked for the rest of the minute: let the member try later
        if isinstance(error, ApiError) and error.retry_after is not None:
            return Again(at_least=error.retry_after)
        return Again()

    def delay(self, method: str, error: PerfectGymError, retries_done: int) -> float | None:
        """Seconds to wait before the next attempt, or None to raise ``error`` now."""
        schedule = self.schedule
        again = None if schedule.exhausted(retries_done) else self.should_retry(method, error)
        return None if again is None else schedule.wait(retries_done, again)


def _surely_not_sent(error: PerfectGymError) -> bool:
    return isinstance(error, TransportError) and not error.request_sent
