"""The store's protocols on SQLite, without blocking the event loop.

Three connections to one file: reads run inline on the reader (WAL readers never wait for
a writer, so they take microseconds); writes run on a single writer thread, where a busy wait
for another process's lock cannot freeze ``/healthz``, the webhooks or the other chats. A
small write (a turn's final write: a few rows, no disk sync) first tries the inline writer,
which never waits: if the lock is free it commits in tens of microseconds without a thread
hop; if anyone holds it (the writer thread, another process), it fails at once having
committed nothing, and goes to the thread like any other write. The SQL itself lives once,
in the synchronous table-group classes of ``Store``, and the async wrappers once, in
``Backend``.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import TypeVar

from bot.clock import Clock
from bot.store._backend import Backend, CallWatch
from bot.store._chat_holds import ChatHolds, FileLeadership
from bot.store._connection import SqliteConnection
from bot.store._errors import StoreBusy
from bot.store._store import DEFAULT_BUSY_TIMEOUT_MS, Store

T = TypeVar("T")

READ_BUSY_TIMEOUT_MS = 1000
"""WAL readers do not wait for writers; this only bounds rare recovery waits."""


class SqliteStore(Backend):
    """Every store protocol on one SQLite file (``bot.store.protocols.StoreAPI``)."""

    backend = "sqlite"

    def __init__(
        self,
        writer: Store,
        reader: Store,
        *,
        owns_writer: bool = True,
        inline: tuple[Store, SqliteConnection] | None = None,
    ) -> None:
        self.sync = writer
        """The synchronous store behind it (migrations, tests, the operator's commands)."""
        self._reader = reader
        self._inline = inline
        """Small writes on the event loop's thread, never waiting for the lock (None: off)."""
        self._owns_writer = owns_writer
        self._thread = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="store-write")
        self._calls = CallWatch()
        in_memory = str(writer.path) in ("", ":memory:")
        self._holds = ChatHolds(None if in_memory else writer.path)
        self._leadership = FileLeadership(None if in_memory else writer.path)

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        migrate: bool = True,
        secret: bytes | str | None = None,
        clock: Clock | None = None,
        busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
    ) -> SqliteStore:
        writer = Store.open(
            path, migrate=migrate, secret=secret, clock=clock, busy_timeout_ms=busy_timeout_ms
        )
        opened = [writer]
        try:
            reader = Store.open(
                path,
                migrate=False,
                secret=secret,
                clock=clock,
                busy_timeout_ms=READ_BUSY_TIMEOUT_MS,
            )
            opened.append(reader)
            inline = _inline_writer(writer)
        except BaseException:
            for store in opened:
                store.close()
            raise
        return cls(writer, reader, inline=inline)

    @classmethod
    def wrap(cls, store: Store) -> SqliteStore:
        """Around an open ``Store`` (tests keep using it synchronously to look behind)."""
        reader = Store.open(store.path, migrate=False, busy_timeout_ms=READ_BUSY_TIMEOUT_MS)
        reader._link_code_key = store._link_code_key
        return cls(store, reader, owns_writer=False, inline=_inline_writer(store))

    @property
    def path(self) -> Path:
        return self.sync.path

    def close(self) -> None:
        """Close this handle (and the synchronous store too, unless it was only wrapped)."""
        self._thread.shutdown(wait=True)
        self._holds.close()
        self._leadership.resign()
        self._reader.close()
        if self._inline is not None:
            self._inline[0].close()
        if self._owns_writer:
            self.sync.close()

    def hold_chat(self, platform: str, chat_id: str) -> AbstractAsyncContextManager[None]:
        return self._holds.hold(platform, chat_id)

    async def claim_leadership(self) -> bool:
        return self._leadership.claim()

    async def resign_leadership(self) -> None:
        self._leadership.resign()

    async def _read(self, call: Callable[[Store], T]) -> T:
        return call(self._reader)

    async def _write(self, call: Callable[[Store], T], *, small: bool = False) -> T:
        loop = asyncio.get_running_loop()
        with self._calls.watching(write=True):
            if small and self._inline is not None:
                inline, conn = self._inline
                committed = conn.commits
                try:
                    return call(inline)
                except StoreBusy:
                    if conn.commits != committed:
                        raise  # part of it is in: running it again could do that part twice
            return await loop.run_in_executor(self._thread, call, self.sync)


def _inline_writer(writer: Store) -> tuple[Store, SqliteConnection] | None:
    """The never-waiting writer beside ``writer`` (None for an in-memory database: a second
    connection would open another, empty one)."""
    if str(writer.path) in ("", ":memory:"):
        return None
    conn = SqliteConnection.open(writer.path, busy_timeout_ms=0)
    inline = Store.on(conn, migrate=False)
    inline._link_code_key = writer._link_code_key
    return inline, conn


__all__ = ["READ_BUSY_TIMEOUT_MS", "SqliteStore"]
