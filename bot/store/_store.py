"""``Store``: the one object the rest of the bot uses for persistence.

It is assembled from one small class per table group; this module adds opening, closing,
migrations and explicit transactions. Methods are synchronous: every SQLite call is short,
and the async backends (``SqliteStore``, ``PostgresStore``) run them off the event loop.
The same class runs on either ``Connection``: ``Store.open(path)`` on a SQLite file,
``Store.connect(url)`` on one PostgreSQL session (the operator's commands).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from bot.clock import Clock, SystemClock
from bot.store._attempts import Attempts
from bot.store._budgets import RateBudgets
from bot.store._connection import Connection, SqliteConnection
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
from bot.store._models import ReminderRow, TurnWrite
from bot.store._operations import Operations
from bot.store._outbox import ReminderOutbox
from bot.store._planning import Planning
from bot.store._queues import QueueDepths
from bot.store._snapshots import ContractSnapshots
from bot.store._tokens import ButtonTokens
from bot.store._updates import ChatUpdates

DEFAULT_BUSY_TIMEOUT_MS = 5000


class Store(
    ChatLinks,
    Conversations,
    ButtonTokens,
    ProcessedDeliveries,
    ChatUpdates,
    RateBudgets,
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
    """The bot's database; safe for several processes on one SQLite file (WAL, BEGIN
    IMMEDIATE) or one PostgreSQL database (serializable write transactions).

    Use ``Store.open`` or ``Store.connect``; one instance may be shared by threads (calls are
    serialised).
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
        conn = SqliteConnection.open(Path(path), busy_timeout_ms=busy_timeout_ms)
        return cls.on(conn, migrate=migrate, secret=secret, clock=clock)

    @classmethod
    def connect(
        cls,
        url: str,
        *,
        migrate: bool = True,
        secret: bytes | str | None = None,
        clock: Clock | None = None,
    ) -> Store:
        """One session on a PostgreSQL database (``postgresql://...``), its schema brought up
        to date. For the operator's commands; the bot runs on ``PostgresStore``'s pool."""
        from bot.store._pg_connection import PgConnection

        return cls.on(PgConnection.connect(url), migrate=migrate, secret=secret, clock=clock)

    @classmethod
    def on(
        cls,
        conn: Connection,
        *,
        migrate: bool = True,
        secret: bytes | str | None = None,
        clock: Clock | None = None,
    ) -> Store:
        """Around an open connection (closed again if the schema cannot be used)."""
        key = DEFAULT_CODE_KEY if secret is None else _key_bytes(secret)
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
        """The SQLite file (a PostgreSQL store has none: see ``location``)."""
        if not isinstance(self._conn, SqliteConnection):
            raise AttributeError("a PostgreSQL store has no file path; see Store.location")
        return self._conn.path

    @property
    def location(self) -> str:
        """The file, or the server and database (never a password), for messages."""
        return self._conn.location

    @property
    def backend(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self._conn.dialect.name

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
        """The highest schema step the database records (0 for a new one)."""
        return current_version(self._conn)

    # --- writes that belong together: one transaction each --------------------------------

    def finish_turn(self, write: TurnWrite) -> bool:
        """Store a turn's writes together; False when another process moved the conversation
        on meanwhile (its state is kept; the buttons, funnel rows and marks are stored)."""
        saved = True
        with self._conn.write():
            self.issue_tokens(write.platform, write.chat_id, write.tokens, write.now)
            for row in write.funnel:
                self.record_funnel(row.event, **row.fields)
            if write.redeemed is not None:
                self.use_token(write.redeemed, write.now)
            for mark in write.settled:
                self.mark_operation(
                    mark.operation_id,
                    mark.status,
                    outcome=mark.outcome,
                    module_contract_id=mark.module_contract_id,
                    now=write.now,
                )
            if write.link is not None:
                self.save_link(write.link)
            for scope, key in write.cleared_attempts:
                self.clear_attempts(scope, key)
            for entry in write.audits:
                self.audit(
                    entry.actor,
                    entry.action,
                    studio=entry.studio,
                    subject=entry.subject,
                    detail=entry.detail,
                    now=write.now,
                )
            if write.delivery is not None:
                self.mark_update_done(write.platform, write.delivery, write.now)
            conversation = write.conversation
            if conversation is not None:
                saved = self.put_conversation(
                    write.platform,
                    write.chat_id,
                    conversation.state,
                    conversation.data,
                    conversation.expires_at,
                    expected_version=conversation.expected_version,
                    now=write.now,
                )
        return saved

    def enqueue_reminders(self, rows: Sequence[ReminderRow], now: datetime) -> int:
        """Queue the rows whose key was never queued; returns how many were new."""
        queued = 0
        with self._conn.write():
            for row in rows:
                queued += self.enqueue_reminder(
                    row.key,
                    rule=row.rule,
                    studio=row.studio,
                    platform=row.platform,
                    chat_id=row.chat_id,
                    customer_id=row.customer_id,
                    due_at=row.due_at,
                    payload=row.payload,
                    now=now,
                )
        return queued

    def expand_campaign(self, campaign_id: int, rows: Sequence[ReminderRow], now: datetime) -> int:
        """Fan a due campaign out into its rows, exactly once across processes (0 if it was)."""
        with self._conn.write():
            if not self.mark_campaign_expanded(campaign_id, len(rows), now):
                return 0
            return self.enqueue_reminders(rows, now)

    def record_consent(
        self,
        platform: str,
        chat_id: str,
        given: bool,
        *,
        version: str,
        actor: str,
        action: str,
        studio: str,
        subject: str,
        detail: dict[str, Any],
        now: datetime,
    ) -> bool:
        """Store a consent answer on the link and, as proof, in the audit log, together."""
        with self._conn.write():
            changed = self.set_marketing_consent(platform, chat_id, given, version=version, now=now)
            self.audit(actor, action, studio=studio, subject=subject, detail=detail, now=now)
        return bool(changed)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Store]:
        """Group several calls into one write transaction (``BEGIN IMMEDIATE``).

        Other processes wait (up to the busy timeout) until it ends, so keep it short and never
        await inside it. Nested blocks become savepoints.
        """
        with self._conn.savepoint():
            yield self


def _key_bytes(secret: bytes | str) -> bytes:
    key = secret.encode() if isinstance(secret, str) else bytes(secret)
    if not key:
        raise ValueError("the link-code secret must not be empty")
    return key
