"""Button tokens: opaque, single-use, expiring, bound to the conversation that issued them.

A token is 22 url-safe characters (128 random bits), far below Telegram's 64-byte
``callback_data`` limit; what the button means stays here, server-side.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from bot.store._codec import json_text, optional_time, parse_json, parse_time, time_text
from bot.store._connection import Connection
from bot.store._errors import TokenExpired, TokenForeign, TokenUnknown, TokenUsed
from bot.store._models import ButtonToken, TokenRow

TOKEN_BYTES = 16
MAX_TOKEN_LENGTH = 64
_WELL_FORMED = re.compile(rf"[A-Za-z0-9_-]{{1,{MAX_TOKEN_LENGTH}}}")
"""``token_urlsafe``'s alphabet: anything else (a lone surrogate SQLite cannot even encode,
text, a forged long string) was never issued and is refused before the query."""


def new_token() -> str:
    """A fresh random token: 22 url-safe characters (128 bits)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def _well_formed(token: object) -> bool:
    """Whether ``token`` could be one ``new_token`` issued."""
    return isinstance(token, str) and _WELL_FORMED.fullmatch(token) is not None


def _token(row: dict[str, Any]) -> ButtonToken:
    return ButtonToken(
        token=row["token"],
        platform=row["platform"],
        chat_id=row["chat_id"],
        action=row["action"],
        payload=parse_json(row["payload"]),
        created_at=parse_time(row["created_at"]),
        expires_at=parse_time(row["expires_at"]),
        used_at=optional_time(row["used_at"]),
    )


class ButtonTokens:
    _conn: Connection

    def issue_token(
        self,
        platform: str,
        chat_id: str,
        action: str,
        payload: dict[str, Any],
        expires_at: datetime,
        now: datetime,
        *,
        token: str | None = None,
    ) -> str:
        """Store what a button means and return the token the button carries.

        ``token`` (from ``new_token()``) lets a caller hand out buttons first and store them
        later, all in one transaction.
        """
        if expires_at <= now:
            raise ValueError("a button token must expire after it is issued")
        payload_text = json_text(payload)
        token = token or new_token()
        if not _well_formed(token):
            raise ValueError("a button token must be 1-64 url-safe characters (callback data)")
        with self._conn.write():
            self._conn.execute(
                """INSERT INTO button_tokens
                    (token, platform, chat_id, action, payload, created_at, expires_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""",
                (
                    token,
                    platform,
                    chat_id,
                    action,
                    payload_text,
                    time_text(now),
                    time_text(expires_at),
                ),
            )
        return token

    def peek_token(self, token: str) -> ButtonToken | None:
        """The token's row without checking or consuming it."""
        if not _well_formed(token):
            return None
        row = self._conn.query_one("SELECT * FROM button_tokens WHERE token = ?", (token,))
        return None if row is None else _token(row)

    def check_token(self, token: str, platform: str, chat_id: str, now: datetime) -> ButtonToken:
        """The token's row if this conversation may use it now, else the reason it cannot.

        Checked in this order: unknown, foreign, used, expired. Reads only: a turn marks
        its token used in its final write (``use_token``), or with the ledger's intent
        before a write to PerfectGym; the chat's hold keeps two turns from using one token.
        """
        if not _well_formed(token):
            raise TokenUnknown(token[:MAX_TOKEN_LENGTH])
        row = self._conn.query_one("SELECT * FROM button_tokens WHERE token = ?", (token,))
        if row is None:
            raise TokenUnknown(token)
        if (row["platform"], row["chat_id"]) != (platform, chat_id):
            raise TokenForeign(token)
        if row["used_at"] is not None:
            raise TokenUsed(token)
        if row["expires_at"] <= time_text(now):
            raise TokenExpired(token)
        return _token(row)

    def use_token(self, token: str, now: datetime) -> bool:
        """Mark the token used (in the caller's transaction); False when it was already."""
        cursor = self._conn.execute(
            "UPDATE button_tokens SET used_at = ? WHERE token = ? AND used_at IS NULL",
            (time_text(now), token),
        )
        return cursor.rowcount == 1

    def redeem_token(self, token: str, platform: str, chat_id: str, now: datetime) -> ButtonToken:
        """Check and consume the token at once (for callers outside a turn)."""
        with self._conn.write():
            found = self.check_token(token, platform, chat_id, now)
            self.use_token(token, now)
        return replace(found, used_at=now)

    def issue_tokens(
        self, platform: str, chat_id: str, rows: Sequence[TokenRow], now: datetime
    ) -> None:
        """Store several buttons in one statement (in the caller's transaction)."""
        if not rows:
            return
        values: list[Any] = []
        for row in rows:
            if row.expires_at <= now:
                raise ValueError("a button token must expire after it is issued")
            if not _well_formed(row.token):
                raise ValueError("a button token must be 1-64 url-safe characters (callback data)")
            values += [
                row.token,
                platform,
                chat_id,
                row.action,
                json_text(row.payload),
                time_text(now),
                time_text(row.expires_at),
            ]
        placeholders = ", ".join(["(?, ?, ?, ?, ?, ?, ?)"] * len(rows))
        self._conn.execute(
            f"""INSERT INTO button_tokens
                (token, platform, chat_id, action, payload, created_at, expires_at)
            VALUES {placeholders}""",
            tuple(values),
        )

    def last_redeemed_token(self, platform: str, chat_id: str) -> ButtonToken | None:
        """The button this conversation pressed last (to tell a double tap from a replay)."""
        row = self._conn.query_one(
            """SELECT * FROM button_tokens
            WHERE platform = ? AND chat_id = ? AND used_at IS NOT NULL
            ORDER BY used_at DESC, rowid DESC LIMIT 1""",
            (platform, chat_id),
        )
        return None if row is None else _token(row)

    def void_tokens(self, platform: str, chat_id: str, *, now: datetime) -> int:
        """Expire the conversation's open buttons (they then answer ``TokenExpired``)."""
        now_text = time_text(now)
        with self._conn.write():
            cursor = self._conn.execute(
                """UPDATE button_tokens SET expires_at = ?
                WHERE platform = ? AND chat_id = ? AND used_at IS NULL AND expires_at > ?""",
                (now_text, platform, chat_id, now_text),
            )
        return cursor.rowcount
