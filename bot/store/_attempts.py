"""Attempt counters for throttling (link tries per chat, per customer number...), shared by
every process on the file. Key a chat's counters with ``chat_key`` so "forget me" finds them.
"""

from __future__ import annotations

from datetime import datetime

from bot.store._codec import time_text
from bot.store._connection import Connection


class Attempts:
    _conn: Connection

    def record_attempt(self, scope: str, key: str, now: datetime) -> None:
        with self._conn.write():
            self._conn.execute(
                "INSERT INTO attempts (scope, key, at) VALUES (?, ?, ?)",
                (scope, key, time_text(now)),
            )

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
