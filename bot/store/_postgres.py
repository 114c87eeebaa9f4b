"""The store's protocols on PostgreSQL: a connection pool, every call off the event loop.

Each call runs in a worker thread (as many as the pool has connections) on a pooled
connection: reads in autocommit, each write method in its own transaction (see
``_pg_connection`` for the isolation). A write that lost a serialization race, or whose
connection broke before anything was committed, is run again whole, a bounded number of
times with a short random pause; the table-group methods touch nothing but the database,
and a call that already committed a transaction is never re-run.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import random
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractAsyncContextManager
from typing import TypeVar

import psycopg
from psycopg.rows import DictRow, dict_row
from psycopg_pool import ConnectionPool, PoolTimeout

from bot.clock import Clock, SystemClock
from bot.store._backend import Backend, CallWatch
from bot.store._errors import StoreUnavailable
from bot.store._link_codes import DEFAULT_CODE_KEY
from bot.store._pg_connection import (
    CONNECT_TIMEOUT_S,
    DEFAULT_LOCK_TIMEOUT_MS,
    PREPARE_THRESHOLD,
    PgConnection,
    RawConnection,
    TransactionConflict,
    configure,
    connect_options,
    describe,
)
from bot.store._pg_holds import PgChatHolds
from bot.store._store import Store, _key_bytes

T = TypeVar("T")

DEFAULT_POOL_SIZE = 8
MAX_ATTEMPTS = 8
"""Runs of one write before its serialization failure is reported (as ``StoreBusy``)."""
_PAUSE_S = 0.002
"""The first pause between runs; it doubles (with jitter) up to ``_MAX_PAUSE_S``."""
_MAX_PAUSE_S = 0.1


class PostgresStore(Backend):
    """Every store protocol on one PostgreSQL database (``bot.store.protocols.StoreAPI``)."""

    backend = "postgresql"

    def __init__(
        self,
        pool: ConnectionPool[RawConnection],
        *,
        location: str,
        link_code_key: bytes = DEFAULT_CODE_KEY,
        clock: Clock | None = None,
        url: str | None = None,
    ) -> None:
        self.location = location
        """The server and database, for messages (no password)."""
        self._pool = pool
        self._key = link_code_key
        self._clock = clock or SystemClock()
        self._threads = concurrent.futures.ThreadPoolExecutor(
            pool.max_size, thread_name_prefix="store-pg"
        )
        self._calls = CallWatch()
        self._holds = PgChatHolds(url if url is not None else str(pool.conninfo))

    @classmethod
    def open(
        cls,
        url: str,
        *,
        migrate: bool = True,
        secret: bytes | str | None = None,
        clock: Clock | None = None,
        pool_size: int = DEFAULT_POOL_SIZE,
        lock_timeout_ms: int = DEFAULT_LOCK_TIMEOUT_MS,
    ) -> PostgresStore:
        """Migrate (under the advisory lock) on a session of its own, then open the pool.

        Blocks while connecting: call it before serving, or in a thread. Raises a
        ``StoreError`` subclass naming the database (never the password) and the fix.
        """
        if pool_size < 1:
            raise ValueError("pool_size must be at least 1")
        Store.connect(url, migrate=migrate, secret=secret, clock=clock).close()
        location = describe(url)
        pool: ConnectionPool[RawConnection] = ConnectionPool(
            url,
            connection_class=psycopg.Connection[DictRow],
            kwargs={
                "autocommit": True,
                "row_factory": dict_row,
                "prepare_threshold": PREPARE_THRESHOLD,
                **connect_options(url),
            },
            min_size=min(2, pool_size),
            max_size=pool_size,
            configure=lambda raw: configure(raw, lock_timeout_ms),
            name="upsell-store",
            timeout=CONNECT_TIMEOUT_S,
            open=False,
        )
        try:
            pool.open(wait=True, timeout=CONNECT_TIMEOUT_S)
        except PoolTimeout:
            pool.close()
            raise StoreUnavailable(
                location, "the connection pool could not connect in time; check the server"
            ) from None
        key = DEFAULT_CODE_KEY if secret is None else _key_bytes(secret)
        return cls(pool, location=location, link_code_key=key, clock=clock, url=url)

    def close(self) -> None:
        """Wait for the calls under way, then close every connection."""
        self._threads.shutdown(wait=True)
        self._holds.close()
        self._pool.close()

    def hold_chat(self, platform: str, chat_id: str) -> AbstractAsyncContextManager[None]:
        return self._holds.hold(platform, chat_id)

    async def claim_leadership(self) -> bool:
        return await self._holds.claim_leadership()

    async def resign_leadership(self) -> None:
        await self._holds.resign_leadership()

    @contextlib.contextmanager
    def session(self) -> Iterator[Store]:
        """The synchronous ``Store`` on one pooled connection (tests look behind with it)."""
        with self._checkout() as conn:
            yield self._store(conn)

    async def _read(self, call: Callable[[Store], T]) -> T:
        """In a worker thread, in autocommit: each statement sees the latest commits."""
        loop = asyncio.get_running_loop()
        with self._calls.watching():
            return await loop.run_in_executor(self._threads, self._run, call)

    async def _write(self, call: Callable[[Store], T], *, small: bool = False) -> T:
        """In a worker thread; the method's own ``write()`` is its transaction."""
        loop = asyncio.get_running_loop()
        with self._calls.watching(write=True):
            return await loop.run_in_executor(self._threads, self._run, call)

    def _run(self, call: Callable[[Store], T]) -> T:
        """One call in a worker thread, run again while that is safe and may help."""
        pause = _PAUSE_S
        for attempt in range(1, MAX_ATTEMPTS + 1):
            lost = False
            with self._checkout() as conn:
                try:
                    return call(self._store(conn))
                except TransactionConflict:
                    if conn.commits or attempt == MAX_ATTEMPTS:
                        raise
                except StoreUnavailable:
                    if not _lost_before_commit(conn) or attempt > 1:
                        raise
                    lost = True
            if lost:  # the server restarted, or a proxy dropped idle connections: all of them
                self._pool.check()
            else:
                time.sleep(random.uniform(pause / 2, pause))
                pause = min(pause * 2, _MAX_PAUSE_S)
        raise AssertionError("unreachable")  # pragma: no cover

    @contextlib.contextmanager
    def _checkout(self) -> Iterator[PgConnection]:
        try:
            with self._pool.connection() as raw:
                yield PgConnection(raw, self.location)
        except PoolTimeout:
            raise StoreUnavailable(
                self.location,
                f"no database connection within {CONNECT_TIMEOUT_S} s: the server is "
                "unreachable or every pooled connection stayed busy",
            ) from None

    def _store(self, conn: PgConnection) -> Store:
        return Store(conn, link_code_key=self._key, clock=self._clock)


def _lost_before_commit(conn: PgConnection) -> bool:
    """The connection broke, and no transaction of this call committed or may have."""
    return conn.raw.broken and not conn.commits and not conn.commit_in_doubt


__all__ = ["DEFAULT_POOL_SIZE", "MAX_ATTEMPTS", "PostgresStore"]
