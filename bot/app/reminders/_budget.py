"""The share of a studio's PerfectGym budget that background work may spend.

The client already keeps every endpoint under the vendor's 1000 requests/minute; reminders
and refreshes additionally stay under ``reminders.api_calls_per_minute`` per studio and
endpoint (the unit the vendor counts), so a 10,000-member campaign never starves members who
are booking in a chat at the same moment.
"""

from __future__ import annotations

from bot.perfectgym import RequestLimiter, SlidingWindowLimiter


class ApiBudget:
    """Waits before each background API call: at most ``per_minute`` per studio and endpoint."""

    def __init__(self, per_minute: int | None, limiter: RequestLimiter | None = None) -> None:
        if limiter is None and per_minute is not None:
            limiter = SlidingWindowLimiter(per_minute)
        self._limiter = limiter

    def share(self, limiter: RequestLimiter) -> None:
        """Count against a budget every replica shares (the database's) instead."""
        self._limiter = limiter

    async def spend(self, studio: str, endpoint: str) -> None:
        if self._limiter is not None:
            await self._limiter.acquire(f"{studio} {endpoint}")

    @classmethod
    def unlimited(cls) -> ApiBudget:
        return cls(None)
