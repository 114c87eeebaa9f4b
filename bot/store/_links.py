"""Chat links: which chat acts for which customer contract, and erasing a chat ("forget me")."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.store._codec import as_bool, optional_time, optional_time_text, parse_time, time_text
from bot.store._connection import Connection
from bot.store._models import ChatLink, Erasure


def chat_key(platform: str, chat_id: str) -> str:
    """The attempt-counter key of a chat; ``delete_link`` erases counters under this key."""
    return f"{platform}:{chat_id}"


def _link(row: dict[str, Any]) -> ChatLink:
    return ChatLink(
        platform=row["platform"],
        chat_id=row["chat_id"],
        studio=row["studio"],
        customer_id=row["customer_id"],
        customer_number=row["customer_number"],
        contract_id=row["contract_id"],
        language=row["language"],
        marketing_consent=as_bool(row["marketing_consent"]),
        consent_at=optional_time(row["consent_at"]),
        consent_version=row["consent_version"],
        unreachable=as_bool(row["unreachable"]),
        linked_at=parse_time(row["linked_at"]),
        updated_at=parse_time(row["updated_at"]),
    )


class ChatLinks:
    _conn: Connection

    def get_link(self, platform: str, chat_id: str) -> ChatLink | None:
        row = self._conn.query_one(
            "SELECT * FROM chat_links WHERE platform = ? AND chat_id = ?", (platform, chat_id)
        )
        return None if row is None else _link(row)

    def save_link(self, link: ChatLink) -> None:
        """Insert or replace the chat's link with exactly the given values."""
        values = (
            link.platform,
            link.chat_id,
            link.studio,
            link.customer_id,
            link.customer_number,
            link.contract_id,
            link.language,
            int(link.marketing_consent),
            optional_time_text(link.consent_at),
            link.consent_version,
            int(link.unreachable),
            time_text(link.linked_at),
            time_text(link.updated_at),
        )
        with self._conn.write():
            self._conn.execute(
                """INSERT INTO chat_links (platform, chat_id, studio, customer_id,
                    customer_number, contract_id, language, marketing_consent, consent_at,
                    consent_version, unreachable, linked_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (platform, chat_id) DO UPDATE SET
                    studio = excluded.studio,
                    customer_id = excluded.customer_id,
                    customer_number = excluded.customer_number,
                    contract_id = excluded.contract_id,
                    language = excluded.language,
                    marketing_consent = excluded.marketing_consent,
                    consent_at = excluded.consent_at,
                    consent_version = excluded.consent_version,
                    unreachable = excluded.unreachable,
                    linked_at = excluded.linked_at,
                    updated_at = excluded.updated_at""",
                values,
            )

    def links_for_customer(self, studio: str, customer_id: int) -> list[ChatLink]:
        rows = self._conn.query(
            """SELECT * FROM chat_links WHERE studio = ? AND customer_id = ?
            ORDER BY linked_at, platform, chat_id""",
            (studio, customer_id),
        )
        return [_link(row) for row in rows]

    def all_links(self, studio: str | None = None) -> list[ChatLink]:
        if studio is None:
            rows = self._conn.query("SELECT * FROM chat_links ORDER BY studio, linked_at")
        else:
            rows = self._conn.query(
                "SELECT * FROM chat_links WHERE studio = ? ORDER BY linked_at", (studio,)
            )
        return [_link(row) for row in rows]

    # The setters below stamp updated_at only when given ``now`` (the store never reads a clock).

    def set_unreachable(
        self, platform: str, chat_id: str, flag: bool, *, now: datetime | None = None
    ) -> bool:
        """Mark a chat that blocked the bot (or unblocked it); False when no link exists."""
        return self._update_link(platform, chat_id, "unreachable", int(flag), now)

    def set_language(
        self, platform: str, chat_id: str, language: str, *, now: datetime | None = None
    ) -> bool:
        return self._update_link(platform, chat_id, "language", language, now)

    def set_marketing_consent(
        self, platform: str, chat_id: str, given: bool, *, version: str, now: datetime
    ) -> bool:
        """Record the member's answer to offers, with its time and wording version.

        False when no link exists. The history (who, when, which wording) belongs in the
        audit log: ``conversations.consent.record`` writes both in one transaction.
        """
        with self._conn.write():
            cursor = self._conn.execute(
                """UPDATE chat_links SET marketing_consent = ?, consent_at = ?,
                    consent_version = ?, updated_at = ?
                WHERE platform = ? AND chat_id = ?""",
                (int(given), time_text(now), version, time_text(now), platform, chat_id),
            )
        return cursor.rowcount == 1

    def _update_link(
        self, platform: str, chat_id: str, column: str, value: object, now: datetime | None
    ) -> bool:
        stamp = ", updated_at = ?" if now is not None else ""
        params = (value, time_text(now)) if now is not None else (value,)
        with self._conn.write():
            cursor = self._conn.execute(
                f"UPDATE chat_links SET {column} = ?{stamp} WHERE platform = ? AND chat_id = ?",
                (*params, platform, chat_id),
            )
        return cursor.rowcount == 1

    def delete_link(self, platform: str, chat_id: str) -> ChatLink | None:
        """Erase the chat's link and personal data (see ``erase_chat``); return the old link."""
        return self.erase_chat(platform, chat_id).link

    def erase_chat(self, platform: str, chat_id: str) -> Erasure:
        """Erase the link and the chat's personal data in one transaction.

        Ledger rows stay for the money audit, without the chat; finished reminder rows stay
        (their key keeps anyone from getting the same reminder again) without chat or payload.
        """
        where = "platform = ? AND chat_id = ?"
        chat = (platform, chat_id)
        conn = self._conn
        with conn.write():
            link = self.get_link(platform, chat_id)
            conn.execute(f"DELETE FROM chat_links WHERE {where}", chat)
            conversations = conn.execute(f"DELETE FROM conversations WHERE {where}", chat).rowcount
            tokens = conn.execute(f"DELETE FROM button_tokens WHERE {where}", chat).rowcount
            reminders_deleted = conn.execute(
                f"DELETE FROM reminder_outbox WHERE {where} AND status = 'pending'", chat
            ).rowcount
            reminders_anonymised = conn.execute(
                "UPDATE reminder_outbox SET platform = NULL, chat_id = NULL, customer_id = NULL, "
                f"payload = '{{}}' WHERE {where}",
                chat,
            ).rowcount
            attempts = conn.execute(
                "DELETE FROM attempts WHERE key = ?", (chat_key(platform, chat_id),)
            ).rowcount
            link_codes = conn.execute(
                "UPDATE link_codes SET used_by_platform = NULL, used_by_chat = NULL "
                "WHERE used_by_platform = ? AND used_by_chat = ?",
                chat,
            ).rowcount
            operations = conn.execute(
                f"UPDATE operations SET platform = NULL, chat_id = NULL WHERE {where}", chat
            ).rowcount
            funnel = conn.execute(
                "UPDATE funnel_events SET platform = NULL, chat_id = NULL, customer_id = NULL "
                f"WHERE {where}",
                chat,
            ).rowcount
        return Erasure(
            link=link,
            conversations=conversations,
            button_tokens=tokens,
            reminders_deleted=reminders_deleted,
            reminders_anonymised=reminders_anonymised,
            attempts=attempts,
            link_codes_anonymised=link_codes,
            operations_anonymised=operations,
            funnel_events_anonymised=funnel,
        )
