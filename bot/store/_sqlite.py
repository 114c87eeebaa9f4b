"""The store's protocols on SQLite, without blocking the event loop.

Two connections to one file: reads run inline on the reader (WAL readers never wait for a
writer, so they take microseconds), every write runs on a single writer thread, where a
busy wait for another process's lock cannot freeze ``/healthz``, the webhooks or the other
chats. The SQL itself lives once, in the synchronous table-group classes of ``Store``, and
the async wrappers once, in ``Backend``.
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
from bot.store._store import DEFAULT_BUSY_TIMEOUT_MS, Store

T = TypeVar("T")

READ_BUSY_TIMEOUT_MS = 1000
"""WAL readers do not wait for writers; this only bounds rare recovery waits."""


class SqliteStore(Backend):
    """Every store protocol on one SQLite file (``bot.store.protocols.StoreAPI``)."""

    backend = "sqlite"

    def __init__(self, writer: Store, reader: Store, *, owns_writer: bool = True) -> None:
        self.sync = writer
        """The synchronous store behind it (migrations, tests, the operator's commands)."""
        self._reader = reader
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
        try:
            reader = Store.open(
                path,
                migrate=False,
                secret=secret,
                clock=clock,
                busy_timeout_ms=READ_BUSY_TIMEOUT_MS,
            )
        except BaseException:
            writer.close()
            raise
        return cls(writer, reader)

    @classmethod
    def wrap(cls, store: Store) -> SqliteStore:
        """Around an open ``Store`` (tests keep using it synchronously to look behind)."""
        reader = Store.open(store.path, migrate=False, busy_timeout_ms=READ_BUSY_TIMEOUT_MS)
        reader._link_code_key = store._link_code_key
        return cls(store, reader, owns_writer=False)

    @property
    def path(self) -> Path:
        return self.sync.path

    def close(self) -> None:
        """Close this handle (and the synchronous store too, unless it was only wrapped)."""
        self._thread.shutdown(wait=True)
        self._holds.close()
        self._leadership.resign()
        self._reader.close()
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

    async def _write(self, call: Callable[[Store], T]) -> T:
        loop = asyncio.get_running_loop()
        with self._calls.watching(write=True):
            return await loop.run_in_executor(self._thread, call, self.sync)


__all__ = ["READ_BUSY_TIMEOUT_MS", "SqliteStore"]
