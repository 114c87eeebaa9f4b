"""Rate budgets shared by every replica on one database (GCRA, one row per budget).

A limit such as "1000 requests a minute per endpoint and API key" belongs to the vendor's
key, not to a process: with three replicas each keeping its own count, together they would
send three times as much. Each row holds the budget's theoretical arrival time (``tat``, in
seconds since the epoch); a reservation moves it on by one interval in one upsert and says
how long the caller waits before its slot. Waiting callers have already taken their slot, so
nobody retries and nobody jumps the queue.
"""

from __future__ import annotations

from bot.store._connection import Connection


class RateBudgets:
    _conn: Connection

    def reserve_rate(self, key: str, interval: float, burst: int, now: float) -> float:
        """Take the next slot of budget ``key`` (one per ``interval`` seconds, ``burst`` at
        once); returns the seconds to wait before using it (0: go)."""
        with self._conn.write(isolation="read committed"):
            row = self._conn.query_one(
                """INSERT INTO rate_budgets (key, tat) VALUES (?, ?)
                ON CONFLICT (key) DO UPDATE SET tat =
                    CASE WHEN rate_budgets.tat > ? THEN rate_budgets.tat ELSE ? END + ?
                RETURNING tat""",
                (key, now + interval, now, now, interval),
            )
        assert row is not None
        slot = float(row["tat"]) - interval
        return max(0.0, slot - (burst - 1) * interval - now)
