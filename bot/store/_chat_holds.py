"""Holding one chat across every process on one SQLite file: a turn at a time, in order.

In one process an asyncio lock per chat; across processes a POSIX record lock on one byte of
``<db>-chats.lock`` (the byte at the chat's slot). The kernel drops a dead process's record
locks at once, so a killed process never blocks a chat. Because a turn holds its chat from
first read to last write, a write still open when the chat is taken belongs to a turn that
is gone; the reconciler relies on that.

POSIX record locks belong to the process, not to a file descriptor: every handle on one
file in this process shares one descriptor and one set of in-process locks (per slot, so
two chats that share a slot also queue inside the process instead of releasing each
other's lock).
"""

from __future__ import annotations

import asyncio
import fcntl
import hashlib
import os
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from bot.locks import KeyedLocks

SLOTS = 2**31
_FIRST_WAIT = 0.001
_LONGEST_WAIT = 0.05


def slot(platform: str, chat_id: str) -> int:
    """The chat's byte in the lock file (stable across processes and releases)."""
    digest = hashlib.blake2b(f"{platform}:{chat_id}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") % SLOTS


class _File:
    """The lock file's one descriptor and in-process locks, shared by this process's handles."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        self.local = KeyedLocks()
        self.users = 0


_FILES: dict[Path, _File] = {}
_FILES_GUARD = threading.Lock()


class ChatHolds:
    """``hold(platform, chat_id)``: exclusive use of one chat for the duration of a turn."""

    def __init__(self, database: Path | None) -> None:
        self._file: _File | None = None
        self._local = KeyedLocks()  # an in-memory database: one process only
        if database is None:
            return
        path = database.with_name(database.name + "-chats.lock").resolve()
        with _FILES_GUARD:
            shared = _FILES.get(path)
            if shared is None:
                shared = _FILES[path] = _File(path)
            shared.users += 1
        self._file = shared
        self._local = shared.local

    @asynccontextmanager
    async def hold(self, platform: str, chat_id: str) -> AsyncIterator[None]:
        where = slot(platform, chat_id)
        async with self._local.hold(where):
            if self._file is None:
                yield
                return
            await self._take(self._file.fd, where)
            try:
                yield
            finally:
                fcntl.lockf(self._file.fd, fcntl.LOCK_UN, 1, where)

    async def _take(self, fd: int, where: int) -> None:
        """Poll the record lock (a blocking lock would stop the event loop)."""
        wait = _FIRST_WAIT
        while True:
            try:
                fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, where)
                return
            except (BlockingIOError, PermissionError):
                await asyncio.sleep(wait)
                wait = min(wait * 2, _LONGEST_WAIT)

    def close(self) -> None:
        shared, self._file = self._file, None
        if shared is None:
            return
        with _FILES_GUARD:
            shared.users -= 1
            if shared.users == 0:
                del _FILES[shared.path]
                os.close(shared.fd)  # drops this process's record locks on the file


class FileLeadership:
    """One leader among the processes on one SQLite file: ``flock`` on ``<db>-leader.lock``.

    ``flock`` belongs to the open file, so even two handles in one process exclude each
    other, and the kernel drops it the moment its process dies.
    """

    def __init__(self, database: Path | None) -> None:
        self._path = (
            None if database is None else database.with_name(database.name + "-leader.lock")
        )
        self._fd: int | None = None

    def claim(self) -> bool:
        """True while this handle leads (taking the lead if nobody has it)."""
        if self._path is None:
            return True  # an in-memory database has one process
        if self._fd is not None:
            return True
        fd = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def resign(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)  # closing drops the flock
