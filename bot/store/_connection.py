"""What the table groups run their SQL on (``Connection``), and its SQLite implementation.

``SqliteConnection``: one database file behind one lock, opened safely, SQLite errors
translated in one place into ``StoreError`` subclasses that name the file and the fix. Every
write runs inside ``BEGIN IMMEDIATE`` so that concurrent writers (other processes on the same
file) queue on SQLite's busy timeout instead of failing halfway through a read-then-write.
The PostgreSQL twin is ``bot.store._pg_connection.PgConnection``.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Protocol

from sqlite_utils import Database

from bot.store._dialect import SQLITE, Dialect, Isolation
from bot.store._errors import (
    StoreBusy,
    StoreCorrupt,
    StoreError,
    StoreReadOnly,
    StoreUnavailable,
)

# Primary SQLite result codes (https://www.sqlite.org/rescode.html)
_SQLITE_PERM = 3
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_READONLY = 8
_SQLITE_IOERR = 10
_SQLITE_CORRUPT = 11
_SQLITE_FULL = 13
_SQLITE_CANTOPEN = 14
_SQLITE_PROTOCOL = 15
_SQLITE_NOLFS = 22
_SQLITE_AUTH = 23
_SQLITE_NOTADB = 26

Params = Sequence[Any] | dict[str, Any]


class Executed(Protocol):
    """What ``execute`` returns: how many rows the statement changed."""

    @property
    def rowcount(self) -> int: ...


class Connection(Protocol):
    """One database session as the table groups use it, used by one thread at a time.

    ``write()`` is a write transaction; nested in another, it is part of it (a failure inside
    fails the whole). ``savepoint()`` is a write transaction too, and nested it is a savepoint:
    a failure inside undoes only the block, for callers that catch it and carry on.
    """

    dialect: Dialect
    location: str
    """The file or the server and database, for messages (never a password)."""

    @property
    def in_transaction(self) -> bool: ...
    def query(self, sql: str, params: Params = ()) -> list[dict[str, Any]]: ...
    def query_one(self, sql: str, params: Params = ()) -> dict[str, Any] | None: ...
    def execute(self, sql: str, params: Params = ()) -> Executed: ...
    def write(
        self, *, isolation: Isolation = "serializable", durable: bool = False
    ) -> AbstractContextManager[None]: ...
    def savepoint(self) -> AbstractContextManager[None]: ...
    def migration_lock(self) -> AbstractContextManager[None]:
        """Held while migrating, so two processes starting at once migrate one after the other."""
        ...

    def close(self) -> None: ...


def translate(path: Path, exc: sqlite3.Error) -> StoreError | None:
    """The StoreError for an environmental SQLite failure; None for bugs (bad SQL, constraints)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None:
        return None
    primary = code & 0xFF
    name = getattr(exc, "sqlite_errorname", str(code))
    if primary in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
        return StoreCorrupt(
            path,
            "the file is not a SQLite database or is damaged; it was left untouched: "
            "restore it from a backup or point the bot at another database file",
        )
    if primary == _SQLITE_READONLY:
        return StoreReadOnly(
            path,
            "the database is read-only; make the file, its -wal/-shm files and its directory "
            "writable for the bot's user, or use a writable location",
        )
    if primary in (_SQLITE_BUSY, _SQLITE_LOCKED):
        return StoreBusy(
            path,
            "another process kept the database locked longer than the busy timeout; retry, "
            "and check that no other program holds a long transaction on this file",
        )
    if primary == _SQLITE_CANTOPEN:
        return StoreUnavailable(
            path,
            "cannot open the database file; check that its directory exists and that the bot's "
            "user may create and write files there",
        )
    if primary == _SQLITE_FULL:
        return StoreUnavailable(path, "the disk is full; free some space and try again")
    if primary in (_SQLITE_PERM, _SQLITE_IOERR, _SQLITE_PROTOCOL, _SQLITE_NOLFS, _SQLITE_AUTH):
        return StoreUnavailable(
            path,
            f"cannot read or write the database ({name}); check the disk, the file permissions "
            "and that the file lives on a local file system",
        )
    return None


def check_location(path: Path) -> None:
    """Refuse paths SQLite would fail on later with a vaguer message."""
    parent = path.parent
    if path.is_dir():
        raise StoreUnavailable(path, "the path is a directory; set the database path to a file")
    if not parent.exists():
        raise StoreUnavailable(
            path, f"directory {parent} does not exist; create it or fix the database path"
        )
    if not parent.is_dir():
        raise StoreUnavailable(path, f"{parent} is not a directory; fix the database path")
    if path.exists() and not os.access(path, os.R_OK | os.W_OK):
        raise StoreReadOnly(
            path,
            "the database file is not readable and writable by the bot's user; "
            "fix its permissions or owner",
        )
    if not os.access(parent, os.W_OK | os.X_OK):
        raise StoreReadOnly(
            path,
            f"directory {parent} is not writable by the bot's user; SQLite needs to create its "
            "-wal and -shm files there: fix the directory permissions or move the database",
        )


class SqliteConnection:
    """A sqlite-utils ``Database`` on one file, used by one thread at a time."""

    dialect: Dialect = SQLITE

    def __init__(self, path: Path, db: Database) -> None:
        self.path = path
        self.location = str(path)
        self.db = db
        self._lock = threading.RLock()
        self._savepoints = 0
        self._depth = 0
        self._doomed = False
        self.commits = 0
        """Write transactions committed so far (a failed call that committed none may run
        again elsewhere unchanged)."""

    @classmethod
    def open(cls, path: Path, *, busy_timeout_ms: int) -> SqliteConnection:
        check_location(path)
        try:
            conn = sqlite3.connect(
                str(path),
                timeout=busy_timeout_ms / 1000,
                isolation_level=None,  # we issue BEGIN IMMEDIATE ourselves
                check_same_thread=False,  # guarded by our own lock instead
            )
        except sqlite3.Error as exc:
            raise (translate(path, exc) or StoreUnavailable(path, str(exc))) from exc
        try:
            db = Database(conn)
            conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            db.enable_wal()
            mode = db.journal_mode
            if mode != "wal":
                raise StoreUnavailable(
                    path,
                    f"SQLite refused WAL journal mode (got {mode!r}); keep the database on a "
                    "local, writable file system",
                )
        except sqlite3.Error as exc:
            conn.close()
            error = translate(path, exc)
            if error is None:
                raise
            raise error from exc
        except BaseException:
            conn.close()
            raise
        return cls(path, db)

    def close(self) -> None:
        with self._lock:
            self.db.close()

    @contextlib.contextmanager
    def translated(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as exc:
            error = translate(self.path, exc)
            if error is None:
                raise
            raise error from exc

    def query(self, sql: str, params: Params = ()) -> list[dict[str, Any]]:
        """Rows as dicts, straight from the cursor (sqlite-utils' ``query`` would wrap every
        statement in a savepoint of its own: three statements per read)."""
        with self._lock, self.translated():
            cursor = self.db.conn.execute(sql, params)
            if cursor.description is None:
                return []
            names = [column[0] for column in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def query_one(self, sql: str, params: Params = ()) -> dict[str, Any] | None:
        rows = self.query(sql, params)
        return rows[0] if rows else None

    def execute(self, sql: str, params: Params = ()) -> sqlite3.Cursor:
        with self._lock, self.translated():
            return self.db.conn.execute(sql, params)

    @property
    def in_transaction(self) -> bool:
        return self.db.conn.in_transaction

    def migration_lock(self) -> AbstractContextManager[None]:
        """Nothing more: each step's ``BEGIN IMMEDIATE`` already queues rival processes."""
        return contextlib.nullcontext()

    @contextlib.contextmanager
    def write(
        self, *, isolation: Isolation = "serializable", durable: bool = False
    ) -> Iterator[None]:
        """A write transaction (``BEGIN IMMEDIATE``, always serial); nested in one, part of
        it (a failure inside fails the whole, as on PostgreSQL).

        Commits are durable against a crash of the process (WAL, ``synchronous=NORMAL``);
        ``durable`` also syncs to disk at commit (``synchronous=FULL``), which makes every
        earlier commit durable against power loss too: the purchase intent asks for it.
        """
        with self._lock, self.translated():
            conn = self.db.conn
            if self._depth:
                self._depth += 1
                try:
                    yield
                except BaseException:
                    self._doomed = True
                    raise
                finally:
                    self._depth -= 1
                return
            if durable:
                conn.execute("PRAGMA synchronous = FULL")
            try:
                conn.execute("BEGIN IMMEDIATE")
                self._depth, self._doomed = 1, False
                try:
                    yield
                    if self._doomed:
                        raise RuntimeError(
                            "a nested write failed and the failure was caught: nothing was "
                            "committed; wrap the block in savepoint() to carry on after it"
                        )
                except BaseException:
                    _rollback(conn)
                    raise
                finally:
                    self._depth = 0
                try:
                    conn.execute("COMMIT")
                except BaseException:
                    _rollback(conn)
                    raise
                self.commits += 1
            finally:
                if durable:
                    conn.execute("PRAGMA synchronous = NORMAL")

    @contextlib.contextmanager
    def savepoint(self) -> Iterator[None]:
        """A write transaction; nested in one, a savepoint (a failure undoes only the block)."""
        with self._lock:
            if not self._depth:
                with self.write():
                    yield
                return
            conn = self.db.conn
            self._savepoints += 1
            name = f"store_sp_{self._savepoints}"
            doomed, self._depth = self._doomed, self._depth + 1
            try:
                with self.translated():
                    conn.execute(f"SAVEPOINT {name}")
                try:
                    yield
                except BaseException:
                    with contextlib.suppress(sqlite3.Error):
                        conn.execute(f"ROLLBACK TO {name}")
                        conn.execute(f"RELEASE {name}")
                    self._doomed = doomed
                    raise
                with self.translated():
                    conn.execute(f"RELEASE {name}")
            finally:
                self._depth -= 1
                self._savepoints -= 1


def _rollback(conn: sqlite3.Connection) -> None:
    if conn.in_transaction:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
