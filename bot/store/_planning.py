"""What the reminder planner reads and keeps: staff campaigns, funnel views, known outbox keys.

A campaign is stored when staff schedule it and expanded into one outbox row per member when
its time comes (``mark_campaign_expanded`` succeeds once), so members who link in between
are included and nobody is counted twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.store._codec import optional_time, parse_time, time_text
from bot.store._connection import Connection

_CHUNK = 500


@dataclass(frozen=True, slots=True, kw_only=True)
class Campaign:
    """Staff's "offer module X to linked members who can book it, at this time"."""

    id: int
    studio: str
    module_id: int
    module_name: str
    at: datetime
    actor: str
    language: str | None
    text: str | None
    created_at: datetime
    expanded_at: datetime | None
    targets: int | None


@dataclass(frozen=True, slots=True, kw_only=True)
class FunnelRecord:
    """One funnel event row, as the planner needs it (who looked at which module when)."""

    at: datetime
    studio: str
    platform: str | None
    chat_id: str | None
    customer_id: int | None
    contract_id: int | None
    module_id: int | None
    module_name: str | None


def _campaign(row: dict[str, Any]) -> Campaign:
    return Campaign(
        id=row["id"],
        studio=row["studio"],
        module_id=row["module_id"],
        module_name=row["module_name"],
        at=parse_time(row["at"]),
        actor=row["actor"],
        language=row["language"],
        text=row["text"],
        created_at=parse_time(row["created_at"]),
        expanded_at=optional_time(row["expanded_at"]),
        targets=row["targets"],
    )


class Planning:
    _conn: Connection

    def create_campaign(
        self,
        *,
        studio: str,
        module_id: int,
        module_name: str,
        at: datetime,
        actor: str,
        now: datetime,
        language: str | None = None,
        text: str | None = None,
    ) -> Campaign:
        with self._conn.write():
            cursor = self._conn.execute(
                """INSERT INTO campaigns (studio, module_id, module_name, at, actor, language,
                    text, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                (studio, module_id, module_name, time_text(at), actor, language, text,
                 time_text(now)),
            )  # fmt: skip
        assert cursor.lastrowid is not None
        campaign = self.get_campaign(cursor.lastrowid)
        assert campaign is not None
        return campaign

    def get_campaign(self, campaign_id: int) -> Campaign | None:
        row = self._conn.query_one("SELECT * FROM campaigns WHERE id = ?", (campaign_id,))
        return None if row is None else _campaign(row)

    def campaigns(self, *, studio: str | None = None, pending: bool = False) -> list[Campaign]:
        """Campaigns by time (only those not expanded yet, if asked)."""
        clauses, params = [], []
        if studio is not None:
            clauses.append("studio = ?")
            params.append(studio)
        if pending:
            clauses.append("expanded_at IS NULL")
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        rows = self._conn.query(f"SELECT * FROM campaigns {where} ORDER BY at, id", params)
        return [_campaign(row) for row in rows]

    def due_campaigns(self, now: datetime) -> list[Campaign]:
        rows = self._conn.query(
            "SELECT * FROM campaigns WHERE expanded_at IS NULL AND at <= ? ORDER BY at, id",
            (time_text(now),),
        )
        return [_campaign(row) for row in rows]

    def mark_campaign_expanded(self, campaign_id: int, targets: int, now: datetime) -> bool:
        """Record the fan-out; False when it was expanded already (by another process)."""
        with self._conn.write():
            cursor = self._conn.execute(
                "UPDATE campaigns SET expanded_at = ?, targets = ? "
                "WHERE id = ? AND expanded_at IS NULL",
                (time_text(now), targets, campaign_id),
            )
        return cursor.rowcount == 1

    def funnel_records(
        self, event: str, since: datetime, until: datetime | None = None
    ) -> list[FunnelRecord]:
        """Funnel rows of one event at or after ``since`` (and before ``until``), oldest first."""
        sql = "SELECT * FROM funnel_events WHERE event = ? AND at >= ?"
        params: list[Any] = [event, time_text(since)]
        if until is not None:
            sql += " AND at < ?"
            params.append(time_text(until))
        rows = self._conn.query(sql + " ORDER BY at, id", params)
        return [
            FunnelRecord(
                at=parse_time(row["at"]),
                studio=row["studio"],
                platform=row["platform"],
                chat_id=row["chat_id"],
                customer_id=row["customer_id"],
                contract_id=row["contract_id"],
                module_id=row["module_id"],
                module_name=row["module_name"],
            )
            for row in rows
        ]

    def known_reminder_keys(self, keys: Iterable[str]) -> set[str]:
        """Which of these outbox keys were ever queued (so planning writes only new rows)."""
        wanted = list(dict.fromkeys(keys))
        found: set[str] = set()
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            marks = ", ".join("?" for _ in chunk)
            rows = self._conn.query(
                f"SELECT key FROM reminder_outbox WHERE key IN ({marks})", chunk
            )
            found.update(row["key"] for row in rows)
        return found
