"""Holding one chat across replicas on PostgreSQL: session advisory locks on one connection.

Each process keeps one session of its own (not pooled) for ``pg_try_advisory_lock(key)``,
where the key is 64 bits of the chat's hash; in the process an asyncio lock per key comes
first, so the session holds each key at most once. Why advisory locks: they cost no rows,
no writes and no transaction held open for a turn's PerfectGym calls, and PostgreSQL drops
them with the session. A replica that is killed closes its socket and the server frees its
chats at once; a host that vanishes is noticed by TCP keepalives set short on this session
(``tcp_keepalives_*``: about 10 s). Polling with ``try`` instead of a blocking
``pg_advisory_lock`` keeps the one session free for every other chat.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import hashlib
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import TypeVar

from bot.locks import KeyedLocks
from bot.store._errors import StoreError
from bot.store._pg_connection import PgConnection

log = logging.getLogger("bot.store")
T = TypeVar("T")

_FIRST_WAIT = 0.002
_LONGEST_WAIT = 0.05
KEEPALIVES = {
    "tcp_keepalives_idle": "5",
    "tcp_keepalives_interval": "2",
    "tcp_keepalives_count": "3",
}
"""Server-side keepalives of the holding session: a vanished replica's chats are freed
after about 5 + 2 x 3 seconds."""


LEADER_KEY = int.from_bytes(
    hashlib.blake2b(b"upsell-bot/leader", digest_size=8).digest(), "big", signed=True
)
"""The advisory lock the polling leader holds (on its holding session)."""


def lock_key(platform: str, chat_id: str) -> int:
    """A signed 64-bit advisory lock key for the chat (stable across replicas)."""
    digest = hashlib.blake2b(f"upsell-chat:{platform}:{chat_id}".encode(), digest_size=8)
    return int.from_bytes(digest.digest(), "big", signed=True)


class PgChatHolds:
    """``hold(platform, chat_id)`` on a dedicated session, connected on first use."""

    def __init__(self, url: str) -> None:
        self._url = url
        self._session: PgConnection | None = None
        self._leading = False
        self._local = KeyedLocks()
        self._thread = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="store-holds")

    @asynccontextmanager
    async def hold(self, platform: str, chat_id: str) -> AsyncIterator[None]:
        key = lock_key(platform, chat_id)
        async with self._local.hold(key):
            wait = _FIRST_WAIT
            while not await self._call(lambda: self._try(key)):
                await asyncio.sleep(wait)
                wait = min(wait * 2, _LONGEST_WAIT)
            try:
                yield
            finally:
                await asyncio.shield(self._call(lambda: self._release(key)))

    async def _call(self, call: Callable[[], T]) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._thread, call)

    def _connected(self) -> PgConnection:
        if self._session is None or self._session.raw.closed:
            session = PgConnection.connect(self._url)
            for name, value in KEEPALIVES.items():
                session.query("SELECT set_config(?, ?, false)", (name, value))
            self._session = session
        return self._session

    def _try(self, key: int) -> bool:
        try:
            row = self._connected().query("SELECT pg_try_advisory_lock(?) AS got", (key,))
        except StoreError:
            self._drop()
            raise
        return bool(row[0]["got"])

    def _release(self, key: int) -> None:
        session = self._session
        if session is None or session.raw.closed:
            return  # the session is gone, and its locks with it
        try:
            session.query("SELECT pg_advisory_unlock(?) AS released", (key,))
        except StoreError as exc:  # lost with the session: nothing left to release
            log.warning("chat hold not released (%s); the session is dropped", type(exc).__name__)
            self._drop()

    def _drop(self) -> None:
        self._leading = False
        session, self._session = self._session, None
        if session is not None:
            try:
                session.close()
            except Exception:
                pass

    async def claim_leadership(self) -> bool:
        """True while this session holds the leader lock (taking it if it is free). A lost
        session loses the lead with it: the next claim says so (and tries again)."""
        return await self._call(self._lead)

    def _lead(self) -> bool:
        try:
            session = self._connected()
            if self._leading:  # a session lock lasts as long as the session: is it alive?
                session.query("SELECT 1 AS alive")
                return True
            row = session.query("SELECT pg_try_advisory_lock(?) AS got", (LEADER_KEY,))
        except StoreError:
            self._leading = False
            self._drop()
            raise
        self._leading = bool(row[0]["got"])
        return self._leading

    async def resign_leadership(self) -> None:
        await self._call(self._resign)

    def _resign(self) -> None:
        if self._leading and self._session is not None and not self._session.raw.closed:
            try:
                self._session.query("SELECT pg_advisory_unlock(?) AS released", (LEADER_KEY,))
            except StoreError:
                self._drop()
        self._leading = False

    def close(self) -> None:
        self._thread.shutdown(wait=True)
        self._drop()
