"""A rate limit every replica shares, through the database: ``SharedBudget.acquire(key)``.

What a vendor limits (PerfectGym: 1000 requests a minute per endpoint and API key;
Telegram: about 30 messages a second per bot) is a budget of the key, not of a process. Each
``acquire`` takes the next slot of the budget in one upsert (``reserve_rate``, GCRA) and
sleeps until it; so three replicas together keep the pace one process would. It is an
``acquire(key)`` limiter like the client's own sliding window, used instead of it when the
database is shared (PostgreSQL). Time is the wall clock: replicas on several hosts share it.
"""

from __future__ import annotations

import hashlib
import time

from bot.clock import Clock, SystemClock
from bot.store.protocols import RateBudgetStore


def budget_scope(kind: str, secret: str) -> str:
    """A scope naming the budget's owner without storing the secret (a key or a token)."""
    return f"{kind}:{hashlib.sha256(secret.encode()).hexdigest()[:16]}"


class SharedBudget:
    """``per_second`` requests per key on average, ``burst`` at once, over all replicas."""

    def __init__(
        self,
        store: RateBudgetStore,
        scope: str,
        *,
        per_second: float,
        burst: int = 1,
        clock: Clock | None = None,
    ) -> None:
        if per_second <= 0 or burst < 1:
            raise ValueError("per_second > 0 and burst >= 1")
        self.store = store
        self.scope = scope
        self.interval = 1.0 / per_second
        self.burst = burst
        self.clock: Clock = clock or SystemClock()
        self.waited = 0.0
        """Seconds spent waiting for slots (benchmarks, logs)."""

    async def acquire(self, key: str) -> None:
        """Return when one more request for ``key`` may go out (its slot is taken)."""
        delay = await self.store.reserve_rate(
            f"{self.scope}:{key}", self.interval, self.burst, time.time()
        )
        if delay > 0:
            self.waited += delay
            await self.clock.sleep(delay)

    async def pause(self, key: str, seconds: float) -> None:
        """Push every replica's next slot for ``key`` ``seconds`` later (a vendor said
        "retry after"): one reservation ``seconds`` long."""
        await self.store.reserve_rate(f"{self.scope}:{key}", seconds, 1, time.time())
