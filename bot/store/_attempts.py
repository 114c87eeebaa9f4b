"""Attempt counters for throttling (link tries per chat, per customer number...), shared by
every process on the file. Key a chat's counters with ``chat_key`` so "forget me" finds them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.store._codec import time_text
from bot.store._connection import Connection
from bot.store._models import AttemptBudget


class Attempts:
    _conn: Connection

    def record_attempt(self, scope: str, key: str, now: datetime) -> None:
        with self._conn.write():
            self._conn.execute(
                "INSERT INTO attempts (scope, key, at) VALUES (?, ?, ?)",
                (scope, key, time_text(now)),
            )

    def reserve_attempt(
        self, budgets: Sequence[AttemptBudget], now: datetime
    ) -> AttemptBudget | None:
        """Take one attempt from every budget at once, or from none.

        Check and record happen in one write transaction, so rivals racing for the last try
        of a budget cannot both get it (the writer lock on SQLite; on PostgreSQL the
        transaction is serializable and retried). Returns the first exhausted budget, or
        None when the attempt was recorded under every budget.
        """
        with self._conn.write():
            for budget in budgets:
                row = self._conn.query_one(
                    "SELECT count(*) AS n FROM attempts WHERE scope = ? AND key = ? AND at >= ?",
                    (budget.scope, budget.key, time_text(budget.since)),
                )
                if row is not None and int(row["n"]) >= budget.limit:
                    return budget
            for budget in budgets:
                self._conn.execute(
                    "INSERT INTO attempts (scope, key, at) VALUES (?, ?, ?)",
                    (budget.scope, budget.key, time_text(now)),
                )
        return None

    def count_attempts(self, scope: str, key: str, since: datetime) -> int:
        """Attempts at or after ``since``."""
        row = self._conn.query_one(
            "SELECT count(*) AS n FROM attempts WHERE scope = ? AND key = ? AND at >= ?",
            (scope, key, time_text(since)),
        )
        return 0 if row is None else int(row["n"])

    def clear_attempts(self, scope: str, key: str) -> int:
        """Forget the counter (e.g. after a successful link)."""
        with self._conn.write():
            cursor = self._conn.execute(
                "DELETE FROM attempts WHERE scope = ? AND key = ?", (scope, key)
            )
        return cursor.rowcount

    def prune_attempts(self, before: datetime) -> int:
        """Drop attempts older than any throttling window still needs."""
        with self._conn.write():
            cursor = self._conn.execute("DELETE FROM attempts WHERE at < ?", (time_text(before),))
        return cursor.rowcount
