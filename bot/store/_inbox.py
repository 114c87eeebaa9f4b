"""The webhook inbox: PerfectGym deliveries are stored on receipt (deduplicated on ``uuid``)
and processed later, so the receiver answers within the vendor's 5 s and loses nothing.
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
from bot.store._models import DeliveryStatus, WebhookDelivery

_FINISH_STATUSES = frozenset(
    {
        DeliveryStatus.PROCESSED,
        DeliveryStatus.DROPPED,
        DeliveryStatus.FAILED,
        DeliveryStatus.RECEIVED,
    }
)


def _delivery(row: dict[str, Any]) -> WebhookDelivery:
    return WebhookDelivery(
        id=row["id"],
        uuid=row["uuid"],
        studio=row["studio"],
        entity_id=row["entity_id"],
        event_type=row["event_type"],
        body=parse_json(row["body"]),
        received_at=parse_time(row["received_at"]),
        status=DeliveryStatus(row["status"]),
        attempts=row["attempts"],
        claimed_at=optional_time(row["claimed_at"]),
        processed_at=optional_time(row["processed_at"]),
        detail=row["detail"],
    )


class WebhookInbox:
    _conn: Connection

    def store_delivery(
        self,
        uuid: str,
        studio: str,
        entity_id: int | None,
        event_type: str | None,
        body: Any,
        now: datetime,
    ) -> bool:
        """Keep a delivery for later processing; False when this ``uuid`` was seen before."""
        with self._conn.write():
            cursor = self._conn.execute(
                """INSERT INTO webhook_inbox
                    (uuid, studio, entity_id, event_type, body, received_at, status, attempts)
                VALUES (?, ?, ?, ?, ?, ?, 'received', 0) ON CONFLICT DO NOTHING""",
                (uuid, studio, entity_id, event_type, json_text(body), time_text(now)),
            )
        return cursor.rowcount == 1

    def claim_deliveries(self, limit: int, now: datetime) -> list[WebhookDelivery]:
        """Move the oldest received rows to ``processing`` and return them, oldest first.

        One statement that re-checks the status it changes, so two processes (or replicas)
        claiming at once never get the same delivery; on PostgreSQL rivals skip the rows
        another is claiming (``SKIP LOCKED``), which is why read committed is enough. The pick
        is a materialized CTE (see ``claim_due_reminders``).
        """
        with self._conn.write(isolation="read committed"):
            claimed = self._conn.query(
                f"""WITH picked AS MATERIALIZED (
                    SELECT id FROM webhook_inbox WHERE status = 'received'
                    ORDER BY id LIMIT ?{self._conn.dialect.skip_locked})
                UPDATE webhook_inbox
                SET status = 'processing', attempts = attempts + 1, claimed_at = ?
                WHERE status = 'received' AND id IN (SELECT id FROM picked)
                RETURNING *""",
                (limit, time_text(now)),
            )
        return sorted((_delivery(row) for row in claimed), key=lambda d: d.id)

    def finish_delivery(
        self,
        delivery_id: int,
        status: DeliveryStatus | str,
        detail: str | None,
        now: datetime,
    ) -> bool:
        """Close a processing row (``received`` puts it back for another try).

        False when the row is not processing (finished by someone else, or requeued).
        """
        status = DeliveryStatus(status)
        if status not in _FINISH_STATUSES:
            raise ValueError(f"finish_delivery cannot set status {status.value!r}")
        processed_at = None if status is DeliveryStatus.RECEIVED else time_text(now)
        with self._conn.write():
            cursor = self._conn.execute(
                """UPDATE webhook_inbox SET status = ?, detail = ?, processed_at = ?
                WHERE id = ? AND status = 'processing'""",
                (status.value, detail, processed_at, delivery_id),
            )
        return cursor.rowcount == 1

    def requeue_stuck(self, now: datetime, older_than: timedelta, *, max_attempts: int = 5) -> int:
        """Return rows a dead process left in ``processing`` to ``received``.

        Rows that already used ``max_attempts`` become ``failed`` instead, so one poisonous
        delivery cannot crash the processor forever. Returns the number requeued.
        """
        cutoff = time_text(now - positive_duration(older_than, "older_than"))
        with self._conn.write():
            self._conn.execute(
                """UPDATE webhook_inbox SET status = 'failed', processed_at = ?,
                    detail = 'gave up: still processing after ' || attempts || ' attempts'
                WHERE status = 'processing' AND claimed_at <= ? AND attempts >= ?""",
                (time_text(now), cutoff, max_attempts),
            )
            cursor = self._conn.execute(
                """UPDATE webhook_inbox SET status = 'received'
                WHERE status = 'processing' AND claimed_at <= ?""",
                (cutoff,),
            )
        return cursor.rowcount

    def get_delivery(self, delivery_id: int) -> WebhookDelivery | None:
        row = self._conn.query_one("SELECT * FROM webhook_inbox WHERE id = ?", (delivery_id,))
        return None if row is None else _delivery(row)

    def deliveries(
        self,
        status: DeliveryStatus | str | None = None,
        *,
        studio: str | None = None,
        limit: int | None = None,
    ) -> list[WebhookDelivery]:
        """Inbox rows in arrival order, optionally filtered."""
        clauses: list[str] = []
        params: list[Any] = []
        if status is not None:
            clauses.append("status = ?")
            params.append(DeliveryStatus(status).value)
        if studio is not None:
            clauses.append("studio = ?")
            params.append(studio)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        if limit is not None:
            params.append(limit)
        rows = self._conn.query(
            f"SELECT * FROM webhook_inbox {where} ORDER BY id"
            + (" LIMIT ?" if limit is not None else ""),
            params,
        )
        return [_delivery(row) for row in rows]
