"""The reminder outbox: each reminder is a row with a unique key, so nobody gets it twice.

Delivery is at-most-once: rows are claimed (pending -> sending) before sending; a row a crash
left in ``sending`` is reported by ``stale_sending`` for the caller to abandon, never resent.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from bot.store._codec import (
    json_text,
    optional_time,
    parse_json,
    parse_time,
    positive_duration,
    time_text,
)
from bot.store._connection import Connection
from bot.store._models import Reminder, ReminderStatus

FINAL_REMINDER_STATUSES = frozenset(
    {ReminderStatus.SENT, ReminderStatus.SKIPPED, ReminderStatus.FAILED, ReminderStatus.ABANDONED}
)


def _reminder(row: dict[str, Any]) -> Reminder:
    return Reminder(
        id=row["id"],
        key=row["key"],
        rule=row["rule"],
        studio=row["studio"],
        platform=row["platform"],
        chat_id=row["chat_id"],
        customer_id=row["customer_id"],
        due_at=parse_time(row["due_at"]),
        payload=parse_json(row["payload"]),
        status=ReminderStatus(row["status"]),
        attempts=row["attempts"],
        created_at=parse_time(row["created_at"]),
        updated_at=parse_time(row["updated_at"]),
        sent_at=optional_time(row["sent_at"]),
        detail=row["detail"],
    )


class ReminderOutbox:
    _conn: Connection

    def enqueue_reminder(
        self,
        key: str,
        *,
        rule: str,
        studio: str,
        platform: str,
        chat_id: str,
        due_at: datetime,
        now: datetime,
        customer_id: int | None = None,
        payload: dict[str, Any] | None = None,
    ) -> bool:
        """Queue a reminder; False when one with this key was ever queued (sent or not)."""
        now_text = time_text(now)
        with self._conn.write():
            cursor = self._conn.execute(
                """INSERT INTO reminder_outbox (key, rule, studio, platform, chat_id,
                    customer_id, due_at, payload, status, attempts, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)
                ON CONFLICT DO NOTHING""",
                (
                    key,
                    rule,
                    studio,
                    platform,
                    chat_id,
                    customer_id,
                    time_text(due_at),
                    json_text(payload or {}),
                    now_text,
                    now_text,
                ),
            )
        return cursor.rowcount == 1

    def claim_due_reminders(self, now: datetime, limit: int = 50) -> list[Reminder]:
        """Move due pending rows to ``sending`` and return them, earliest first.

        One statement that re-checks the status it changes, so two processes (or replicas)
        claiming at once never get the same row; on PostgreSQL rivals skip the rows another
        is claiming (``SKIP LOCKED``), which is why read committed is enough. The pick is a
        materialized CTE: as an ``IN`` subquery PostgreSQL may rescan it per row and claim
        more than ``limit``.
        """
        now_text = time_text(now)
        with self._conn.write(isolation="read committed"):
            claimed = self._conn.query(
                f"""WITH picked AS MATERIALIZED (
                    SELECT id FROM reminder_outbox WHERE status = 'pending' AND due_at <= ?
                    ORDER BY due_at, id LIMIT ?{self._conn.dialect.skip_locked})
                UPDATE reminder_outbox
                SET status = 'sending', attempts = attempts + 1, updated_at = ?
                WHERE status = 'pending' AND id IN (SELECT id FROM picked)
                RETURNING *""",
                (now_text, limit, now_text),
            )
        return sorted((_reminder(row) for row in claimed), key=lambda r: (r.due_at, r.id))

    def finish_reminder(
        self,
        reminder_id: int,
        status: ReminderStatus | str,
        detail: str | None,
        now: datetime,
    ) -> bool:
        """Close a pending or sending row; False when it is already final or was erased."""
        status = ReminderStatus(status)
        if status not in FINAL_REMINDER_STATUSES:
            raise ValueError(f"finish_reminder needs a final status, not {status.value!r}")
        now_text = time_text(now)
        with self._conn.write():
            cursor = self._conn.execute(
                """UPDATE reminder_outbox SET status = ?, detail = ?, updated_at = ?,
                    sent_at = CASE WHEN ? = 'sent' THEN ? ELSE sent_at END
                WHERE id = ? AND status IN ('pending', 'sending')""",
                (status.value, detail, now_text, status.value, now_text, reminder_id),
            )
        return cursor.rowcount == 1

    def postpone_reminder(
        self, reminder_id: int, due_at: datetime, *, now: datetime, detail: str | None = None
    ) -> bool:
        """Put a claimed (or pending) row back with a later due time, e.g. after quiet hours."""
        with self._conn.write():
            cursor = self._conn.execute(
                """UPDATE reminder_outbox SET status = 'pending', due_at = ?, updated_at = ?,
                    detail = COALESCE(?, detail)
                WHERE id = ? AND status IN ('pending', 'sending')""",
                (time_text(due_at), time_text(now), detail, reminder_id),
            )
        return cursor.rowcount == 1

    def stale_sending(self, now: datetime, older_than: timedelta) -> list[Reminder]:
        """Rows claimed longer ago than ``older_than`` and never finished (a crash)."""
        cutoff = time_text(now - positive_duration(older_than, "older_than"))
        rows = self._conn.query(
            """SELECT * FROM reminder_outbox WHERE status = 'sending' AND updated_at <= ?
            ORDER BY updated_at, id""",
            (cutoff,),
        )
        return [_reminder(row) for row in rows]

    def get_reminder(self, key: str) -> Reminder | None:
        row = self._conn.query_one("SELECT * FROM reminder_outbox WHERE key = ?", (key,))
        return None if row is None else _reminder(row)

    def reminders(
        self,
        status: ReminderStatus | str | None = None,
        *,
        studio: str | None = None,
        limit: int | None = None,
    ) -> list[Reminder]:
        """Outbox rows by due time, optionally filtered."""
        clauses: list[str] = []
        params: list[Any] = []
        if status is not None:
            clauses.append("status = ?")
            params.append(ReminderStatus(status).value)
        if studio is not None:
            clauses.append("studio = ?")
            params.append(studio)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        if limit is not None:
            params.append(limit)
        rows = self._conn.query(
            f"SELECT * FROM reminder_outbox {where} ORDER BY due_at, id"
            + (" LIMIT ?" if limit is not None else ""),
            params,
        )
        return [_reminder(row) for row in rows]
