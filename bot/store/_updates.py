"""Chat updates stored before they run: at-least-once delivery, exactly-once effects.

An update is stored (``receive_updates``, deduplicated on its platform key) before the
platform is told it arrived: before a webhook answers 200, before polling confirms the
offset. Its turn marks it done in the turn's own final write (``finish_turn``). What is
stored but not done after its lease (the receiving process died, or the database failed
mid-turn) is claimed again (``claim_stranded_updates``) and run again; the ledger and the
single-use buttons keep a re-run from buying or acting twice.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from bot.store._codec import parse_json, parse_time, time_text
from bot.store._connection import Connection
from bot.store._models import ChatUpdate

_ENDED = ("done", "dropped", "failed")


def _body_text(body: dict[str, Any]) -> str:
    """The update as ASCII JSON: a lone surrogate a client put in a string (Telegram passes
    them on) is kept as its ``\\udXXX`` escape, which every database stores."""
    return json.dumps(body, ensure_ascii=True, separators=(",", ":"), allow_nan=False)


def _update(row: dict[str, Any]) -> ChatUpdate:
    return ChatUpdate(
        platform=row["platform"],
        key=row["key"],
        chat_id=row["chat_id"],
        body=parse_json(row["body"]),
        attempts=int(row["attempts"]),
        received_at=parse_time(row["received_at"]),
    )


class ChatUpdates:
    _conn: Connection

    def receive_updates(
        self, updates: Sequence[ChatUpdate], now: datetime, lease: timedelta
    ) -> list[str]:
        """Store the updates not seen before, in one transaction; returns their keys.

        The receiver holds each new one for ``lease`` (it runs it now); a repeat of a key
        already stored is not new, whatever its state.
        """
        new: list[str] = []
        if not updates:
            return new
        with self._conn.write():
            for update in updates:
                rows = self._conn.query(
                    """INSERT INTO chat_updates
                        (platform, key, chat_id, body, status, attempts, received_at, lease_until)
                    VALUES (?, ?, ?, ?, 'received', 1, ?, ?)
                    ON CONFLICT (platform, key) DO NOTHING RETURNING key""",
                    (
                        update.platform,
                        update.key,
                        update.chat_id,
                        _body_text(update.body),
                        time_text(now),
                        time_text(now + lease),
                    ),
                )
                new.extend(str(row["key"]) for row in rows)
        return new

    def mark_update_done(self, platform: str, key: str, now: datetime) -> None:
        """The update's turn ended (in that turn's final write). An update that never went
        through the inbox (tests, the console) is recorded done, so a repeat is known."""
        self._conn.execute(
            """INSERT INTO chat_updates
                (platform, key, chat_id, body, status, attempts, received_at, lease_until, done_at)
            VALUES (?, ?, NULL, '{}', 'done', 1, ?, ?, ?)
            ON CONFLICT (platform, key) DO UPDATE SET status = 'done', done_at = excluded.done_at
            WHERE chat_updates.status = 'received'""",
            (platform, key, time_text(now), time_text(now), time_text(now)),
        )

    def end_update(self, platform: str, key: str, status: str, now: datetime) -> bool:
        """End an update that ran no turn (``done``), was refused in a flood (``dropped``)
        or failed for good (``failed``); False when it had ended already."""
        if status not in _ENDED:
            raise ValueError(f"end_update cannot set status {status!r}")
        with self._conn.write():
            cursor = self._conn.execute(
                """UPDATE chat_updates SET status = ?, done_at = ?
                WHERE platform = ? AND key = ? AND status = 'received'""",
                (status, time_text(now), platform, key),
            )
        return cursor.rowcount == 1

    def update_done(self, platform: str, key: str) -> bool:
        """True when the update's turn (or its refusal) is over."""
        row = self._conn.query_one(
            "SELECT status FROM chat_updates WHERE platform = ? AND key = ?", (platform, key)
        )
        return row is not None and row["status"] != "received"

    def claim_stranded_updates(
        self, now: datetime, lease: timedelta, limit: int = 100
    ) -> list[ChatUpdate]:
        """Take the stored updates nobody holds any more (lease over), oldest first.

        One statement that re-checks what it changes, so two processes never take one
        update; each take counts an attempt and holds the update for ``lease``.
        """
        with self._conn.write(isolation="read committed"):
            rows = self._conn.query(
                f"""WITH picked AS MATERIALIZED (
                    SELECT id FROM chat_updates
                    WHERE status = 'received' AND lease_until <= ?
                    ORDER BY id LIMIT ?{self._conn.dialect.skip_locked})
                UPDATE chat_updates SET attempts = attempts + 1, lease_until = ?
                WHERE status = 'received' AND lease_until <= ? AND id IN (SELECT id FROM picked)
                RETURNING *""",
                (time_text(now), limit, time_text(now + lease), time_text(now)),
            )
        return [_update(row) for row in sorted(rows, key=lambda row: int(row["id"]))]

    def earlier_waiting(self, platform: str, chat_id: str, key: str) -> bool:
        """True while an update of this chat received before ``key`` has not run yet."""
        row = self._conn.query_one(
            """SELECT 1 AS waiting FROM chat_updates
            WHERE platform = ? AND chat_id = ? AND status = 'received'
                AND id < (SELECT id FROM chat_updates WHERE platform = ? AND key = ?)
            LIMIT 1""",
            (platform, chat_id, platform, key),
        )
        return row is not None

    def waiting_updates(self) -> int:
        """How many stored updates have not run yet (health, metrics)."""
        row = self._conn.query_one(
            "SELECT count(*) AS n FROM chat_updates WHERE status = 'received'"
        )
        return 0 if row is None else int(row["n"])
