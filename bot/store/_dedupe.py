"""Processed platform deliveries (Telegram update_id, Slack retries...), so each is handled once."""

from __future__ import annotations

from datetime import datetime

from bot.store._codec import time_text
from bot.store._connection import Connection


class ProcessedDeliveries:
    _conn: Connection

    def was_processed(self, source: str, key: str) -> bool:
        """True once (source, key) was handled (by this or another process): a chat update
        whose turn ended, or a delivery marked processed."""
        row = self._conn.query_one(
            """SELECT 1 AS seen FROM chat_updates
            WHERE platform = ? AND key = ? AND status <> 'received'
            UNION ALL
            SELECT 1 AS seen FROM processed_deliveries WHERE source = ? AND key = ?""",
            (source, key, source, key),
        )
        return row is not None

    def mark_processed(self, source: str, key: str, now: datetime) -> bool:
        """True the first time (source, key) is seen, False for every repeat, across processes."""
        with self._conn.write():
            cursor = self._conn.execute(
                "INSERT INTO processed_deliveries (source, key, processed_at) "
                "VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                (source, key, time_text(now)),
            )
        return cursor.rowcount == 1

    def forget_processed(self, source: str, key: str) -> bool:
        """Let a delivery be handled again (its handling failed before doing anything)."""
        with self._conn.write():
            cursor = self._conn.execute(
                "DELETE FROM processed_deliveries WHERE source = ? AND key = ?", (source, key)
            )
        return cursor.rowcount == 1
