"""Removing rows nobody needs any more, after a grace period so late taps get a clear answer."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.store._codec import positive_duration, time_text
from bot.store._connection import Connection
from bot.store._models import PurgeCounts

DEFAULT_GRACE = timedelta(days=7)


class Housekeeping:
    _conn: Connection

    def purge_expired(self, now: datetime, *, grace: timedelta = DEFAULT_GRACE) -> PurgeCounts:
        """Delete what expired, was used or was finished more than ``grace`` before ``now``.

        Within the grace period an old button still answers "expired" rather than "unknown".
        Failed webhook deliveries and all ledger, outbox and audit rows are kept.
        """
        cutoff = time_text(now - positive_duration(grace, "grace"))
        conn = self._conn
        with conn.write():
            tokens = conn.execute(
                "DELETE FROM button_tokens WHERE expires_at < ? OR used_at < ?", (cutoff, cutoff)
            ).rowcount
            codes = conn.execute(
                "DELETE FROM link_codes WHERE expires_at < ? OR used_at < ?", (cutoff, cutoff)
            ).rowcount
            conversations = conn.execute(
                "DELETE FROM conversations WHERE expires_at < ?", (cutoff,)
            ).rowcount
            processed = conn.execute(
                "DELETE FROM processed_deliveries WHERE processed_at < ?", (cutoff,)
            ).rowcount
            attempts = conn.execute("DELETE FROM attempts WHERE at < ?", (cutoff,)).rowcount
            updates = conn.execute(
                "DELETE FROM chat_updates WHERE status <> 'received' AND done_at < ?", (cutoff,)
            ).rowcount
            deliveries = conn.execute(
                """DELETE FROM webhook_inbox
                WHERE status IN ('processed', 'dropped') AND processed_at < ?""",
                (cutoff,),
            ).rowcount
        return PurgeCounts(
            button_tokens=tokens,
            link_codes=codes,
            conversations=conversations,
            processed_deliveries=processed,
            attempts=attempts,
            webhook_deliveries=deliveries,
            chat_updates=updates,
        )
