"""One-time link codes that staff hand to a member; only an HMAC of each code is stored.

Codes are 10 characters from an alphabet without 0/O/1/I (50 random bits), valid as a
Telegram deep-link ``start`` parameter. Members may type them in lower case, with spaces or
dashes; those are ignored.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta
from typing import Any

from bot.store._codec import optional_time, parse_time, positive_duration, time_text
from bot.store._connection import Connection
from bot.store._models import LinkCode

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
CODE_LENGTH = 10
DEFAULT_CODE_KEY = b"gym-upsell-bot/link-code/v1"
_NEW_CODE_TRIES = 5


def normalize_code(code: str) -> str:
    """The canonical form of what a member typed: upper case, no spaces or dashes."""
    return "".join(ch for ch in code.upper() if ch not in " -_\t\r\n")


def _link_code(row: dict[str, Any]) -> LinkCode:
    return LinkCode(
        code_hash=row["code_hash"],
        studio=row["studio"],
        customer_id=row["customer_id"],
        created_by=row["created_by"],
        created_at=parse_time(row["created_at"]),
        expires_at=parse_time(row["expires_at"]),
        used_at=optional_time(row["used_at"]),
        used_by_platform=row["used_by_platform"],
        used_by_chat=row["used_by_chat"],
    )


class LinkCodes:
    _conn: Connection
    _link_code_key: bytes

    def hash_link_code(self, code: str) -> str:
        """The stored form of a code (HMAC-SHA256 under the store's secret)."""
        digest = hmac.new(self._link_code_key, normalize_code(code).encode(), hashlib.sha256)
        return digest.hexdigest()

    def create_link_code(
        self, studio: str, customer_id: int, created_by: str, ttl: timedelta, now: datetime
    ) -> str:
        """Store a new code for the customer and return it; it is never retrievable again."""
        expires_at = time_text(now + positive_duration(ttl, "ttl"))
        for _ in range(_NEW_CODE_TRIES):
            code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
            with self._conn.write():
                cursor = self._conn.execute(
                    """INSERT INTO link_codes
                        (code_hash, studio, customer_id, created_by, created_at, expires_at)
                    VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""",
                    (
                        self.hash_link_code(code),
                        studio,
                        customer_id,
                        created_by,
                        time_text(now),
                        expires_at,
                    ),
                )
            if cursor.rowcount == 1:
                return code
        raise RuntimeError("could not draw an unused link code")  # pragma: no cover

    def find_link_code(self, code: str, now: datetime) -> LinkCode | None:
        """The code's row if it could be consumed now, without consuming it; else None."""
        normalized = normalize_code(code)
        if len(normalized) != CODE_LENGTH:
            return None
        row = self._conn.query_one(
            "SELECT * FROM link_codes WHERE code_hash = ? AND used_at IS NULL AND expires_at > ?",
            (self.hash_link_code(normalized), time_text(now)),
        )
        return None if row is None else _link_code(row)

    def consume_link_code(
        self, code: str, platform: str, chat_id: str, now: datetime
    ) -> LinkCode | None:
        """Use the code once; None alike for unknown, used and expired codes (no oracle)."""
        normalized = normalize_code(code)
        if len(normalized) != CODE_LENGTH:
            return None
        code_hash = self.hash_link_code(normalized)
        now_text = time_text(now)
        with self._conn.write():
            row = self._conn.query_one(
                """UPDATE link_codes SET used_at = ?, used_by_platform = ?, used_by_chat = ?
                WHERE code_hash = ? AND used_at IS NULL AND expires_at > ?
                RETURNING *""",
                (now_text, platform, chat_id, code_hash, now_text),
            )
        return None if row is None else _link_code(row)

    def revoke_link_codes(self, studio: str, customer_id: int, *, now: datetime) -> int:
        """Expire the customer's unused codes (staff issued a new one, or the customer left)."""
        now_text = time_text(now)
        with self._conn.write():
            cursor = self._conn.execute(
                """UPDATE link_codes SET expires_at = ?
                WHERE studio = ? AND customer_id = ? AND used_at IS NULL AND expires_at > ?""",
                (now_text, studio, customer_id, now_text),
            )
        return cursor.rowcount
