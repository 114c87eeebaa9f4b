"""Per-endpoint request limit like the vendor's: N per minute, then 429 until the minute ends."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.clock import Clock

_WINDOW = timedelta(minutes=1)


class RateLimit:
    """Counts requests per (studio, operation) in one-minute windows; off while None."""

    def __init__(self, clock: Clock, requests_per_minute: int | None = None) -> None:
        self.clock = clock
        self.requests_per_minute = requests_per_minute
        self._windows: dict[tuple[int, str], tuple[datetime, int]] = {}

    def admit(self, studio_id: int, operation_id: str) -> bool:
        """Count one request; False when it is over the limit for this minute."""
        if self.requests_per_minute is None:
            return True
        now = self.clock.now()
        key = (studio_id, operation_id)
        started, count = self._windows.get(key, (now, 0))
        if now - started >= _WINDOW:
            started, count = now, 0
        count += 1
        self._windows[key] = (started, count)
        return count <= self.requests_per_minute

    def reset(self) -> None:
        self._windows.clear()
