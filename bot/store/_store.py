"""``Store``: the one object the rest of the bot uses for persistence.

It is assembled from one small class per table group; this module adds opening, closing,
migrations and explicit transactions. Methods are synchronous: every SQLite call is short.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

from bot.clock import Clock, SystemClock
from bot.store._attempts import Attempts
from bot.store._connection import Connection
from bot.store._conversations import Conversations
from bot.store._dedupe import ProcessedDeliveries
from bot.store._events import Events
from bot.store._housekeeping import Housekeeping
from bot.store._inbox import WebhookInbox
from bot.store._link_codes import DEFAULT_CODE_KEY, LinkCodes
from bot.store._links import ChatLinks
from bot.store._migrations import (
    LATEST_VERSION,
    applied_versions,
    apply_migrations,
    current_version,
)
from bot.store._operations import Operations
from bot.store._outbox import ReminderOutbox
from bot.store._planning import Planning
from bot.store._queues import QueueDepths
from bot.store._snapshots import ContractSnapshots
from bot.store._tokens import ButtonTokens

DEFAULT_BUSY_TIMEOUT_MS = 5000


class Store(
    ChatLinks,
    Conversations,
    ButtonTokens,
    ProcessedDeliveries,
    Operations,
    LinkCodes,
    Attempts,
    ReminderOutbox,
    WebhookInbox,
    Events,
    Housekeeping,
    ContractSnapshots,
    Planning,
    QueueDepths,
):
    """The bot's SQLite database; safe for several processes on one file (WAL, BEGIN IMMEDIATE).

    Use ``Store.open``; one instance may be shared by threads (calls are serialised).
    """

    LATEST_SCHEMA_VERSION = LATEST_VERSION

    def __init__(self, conn: Connection, *, link_code_key: bytes, clock: Clock) -> None:
        self._conn = conn
        self._link_code_key = link_code_key
        self._clock = clock

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        migrate: bool = True,
        secret: bytes | str | None = None,
        clock: Clock | None = None,
        busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
    ) -> Store:
        """Open (creating if needed) the database file and bring its schema up to date.

        ``secret`` keys the link-code hashes (pass the configured secret so a copied file is
        no help in guessing codes). ``clock`` only stamps ``schema_migrations.applied_at``.
        Raises a ``StoreError`` subclass naming the file and the fix when it cannot be used.
        """
        if busy_timeout_ms < 0:
            raise ValueError("busy_timeout_ms must not be negative")
        key = DEFAULT_CODE_KEY if secret is None else _key_bytes(secret)
        conn = Connection.open(Path(path), busy_timeout_ms=busy_timeout_ms)
        store = cls(conn, link_code_key=key, clock=clock or SystemClock())
        try:
            applied_versions(conn)
            if migrate:
                store.migrate()
            else:
                with conn.write():  # fail now, not on the first turn, if we cannot write
                    pass
        except BaseException:
            conn.close()
            raise
        return store

    @property
    def path(self) -> Path:
        return self._conn.path

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def migrate(self, target: int | None = None) -> list[int]:
        """Apply the missing schema steps (up to ``target``); return the versions applied."""
        return apply_migrations(self._conn, self._clock.now(), target)

    def schema_version(self) -> int:
        """The highest schema step the file records (0 for a new file)."""
        return current_version(self._conn)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Store]:
        """Group several calls into one write transaction (``BEGIN IMMEDIATE``).

        Other processes wait (up to the busy timeout) until it ends, so keep it short and never
        await inside it. Nested blocks become savepoints.
        """
        with self._conn.write():
            yield self


def _key_bytes(secret: bytes | str) -> bytes:
    key = secret.encode() if isinstance(secret, str) else bytes(secret)
    if not key:
        raise ValueError("the link-code secret must not be empty")
    return key
