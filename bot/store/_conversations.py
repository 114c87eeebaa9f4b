"""Conversation state with optimistic versioning: a save that lost a race is refused, not merged."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.store._codec import (
    json_text,
    optional_time,
    optional_time_text,
    parse_json,
    parse_time,
    time_text,
)
from bot.store._connection import Connection
from bot.store._errors import StaleConversation
from bot.store._models import Conversation


def _conversation(row: dict[str, Any]) -> Conversation:
    return Conversation(
        platform=row["platform"],
        chat_id=row["chat_id"],
        state=row["state"],
        data=parse_json(row["data"]),
        version=row["version"],
        expires_at=optional_time(row["expires_at"]),
        updated_at=parse_time(row["updated_at"]),
    )


class Conversations:
    _conn: Connection

    def load_conversation(self, platform: str, chat_id: str) -> Conversation | None:
        """The saved state, expired or not (see ``Conversation.is_expired``)."""
        row = self._conn.query_one(
            "SELECT * FROM conversations WHERE platform = ? AND chat_id = ?", (platform, chat_id)
        )
        return None if row is None else _conversation(row)

    def save_conversation(
        self,
        platform: str,
        chat_id: str,
        state: str,
        data: dict[str, Any],
        expires_at: datetime | None,
        *,
        expected_version: int,
        now: datetime,
    ) -> int:
        """Save and return the new version; ``expected_version`` 0 means "must not exist yet".

        Raises ``StaleConversation`` when another turn saved (or deleted) it first.
        """
        with self._conn.write():
            if not self.put_conversation(
                platform,
                chat_id,
                state,
                data,
                expires_at,
                expected_version=expected_version,
                now=now,
            ):
                current = self._conn.query_one(
                    "SELECT version FROM conversations WHERE platform = ? AND chat_id = ?",
                    (platform, chat_id),
                )
                found = None if current is None else int(current["version"])
                raise StaleConversation(platform, chat_id, expected_version, found)
        return expected_version + 1

    def put_conversation(
        self,
        platform: str,
        chat_id: str,
        state: str,
        data: dict[str, Any],
        expires_at: datetime | None,
        *,
        expected_version: int,
        now: datetime,
    ) -> bool:
        """One statement in the caller's transaction; False (nothing written) when another
        turn saved or deleted it first."""
        if expected_version < 0:
            raise ValueError(f"expected_version must be 0 or more, got {expected_version}")
        values = (state, json_text(data), optional_time_text(expires_at), time_text(now))
        if expected_version == 0:
            cursor = self._conn.execute(
                """INSERT INTO conversations
                    (state, data, expires_at, updated_at, platform, chat_id, version)
                VALUES (?, ?, ?, ?, ?, ?, 1)
                ON CONFLICT (platform, chat_id) DO NOTHING""",
                (*values, platform, chat_id),
            )
        else:
            cursor = self._conn.execute(
                """UPDATE conversations
                SET state = ?, data = ?, expires_at = ?, updated_at = ?, version = version + 1
                WHERE platform = ? AND chat_id = ? AND version = ?""",
                (*values, platform, chat_id, expected_version),
            )
        return cursor.rowcount == 1

    def delete_conversation(self, platform: str, chat_id: str) -> bool:
        with self._conn.write():
            cursor = self._conn.execute(
                "DELETE FROM conversations WHERE platform = ? AND chat_id = ?", (platform, chat_id)
            )
        return cursor.rowcount == 1
