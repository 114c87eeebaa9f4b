"""How much work waits in the webhook inbox, the stored chat updates and the reminder outbox
(read-only, for metrics)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.store._codec import optional_time, time_text
from bot.store._connection import Connection


@dataclass(frozen=True)
class QueueDepth:
    """Rows waiting in one queue and when the oldest of them started waiting (None: empty)."""

    queue: str
    depth: int
    oldest: datetime | None


class QueueDepths:
    _conn: Connection

    def queue_depths(self, now: datetime) -> list[QueueDepth]:
        """``inbox``: deliveries received or being processed (oldest: received at);
        ``outbox``: reminders due now, pending or sending (oldest: due at);
        ``outbox_scheduled``: reminders due later; ``chat_updates``: chat updates stored and
        not run yet (oldest: received at)."""
        now_text = time_text(now)
        inbox = self._conn.query(
            """SELECT count(*) AS n, min(received_at) AS oldest FROM webhook_inbox
            WHERE status IN ('received', 'processing')"""
        )
        due = self._conn.query(
            """SELECT count(*) AS n, min(due_at) AS oldest FROM reminder_outbox
            WHERE status IN ('pending', 'sending') AND due_at <= ?""",
            (now_text,),
        )
        later = self._conn.query(
            """SELECT count(*) AS n, min(due_at) AS oldest FROM reminder_outbox
            WHERE status = 'pending' AND due_at > ?""",
            (now_text,),
        )
        updates = self._conn.query(
            """SELECT count(*) AS n, min(received_at) AS oldest FROM chat_updates
            WHERE status = 'received'"""
        )
        queues = (
            ("inbox", inbox),
            ("outbox", due),
            ("outbox_scheduled", later),
            ("chat_updates", updates),
        )
        return [
            QueueDepth(name, int(row["n"]), optional_time(row["oldest"]))
            for name, rows in queues
            for row in rows
        ]
