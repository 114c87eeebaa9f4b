"""The ``Connection`` twin on PostgreSQL (psycopg 3), with its errors translated in one place.

Write transactions run at SERIALIZABLE: several table-group methods read, then write, inside
one ``write()`` (redeeming a token, replacing a snapshot, canceling a campaign), which is
correct on SQLite because it has one writer at a time. SERIALIZABLE gives PostgreSQL's
concurrent writers the same outcome as some one-at-a-time order, or fails one of them with a
serialization failure, which the caller retries whole (``PostgresStore``: the sync methods
have no effect outside the database). Claims that re-check what they change in one statement
ask for read committed (``write(isolation=...)``) and skip rows a rival is claiming.

Nested ``write()`` blocks join the transaction without a savepoint (a savepoint is a round
trip and a subtransaction each, and a campaign queues a thousand rows); a failure in one
fails the whole transaction, as it propagates anyway. ``savepoint()`` is for the caller that
catches a failure and carries on. A swallowed failure of a nested ``write()`` is refused at
commit rather than committing half of it.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
from collections.abc import Iterator, Mapping
from typing import Any

import psycopg
from psycopg import errors
from psycopg.conninfo import conninfo_to_dict
from psycopg.rows import dict_row

from bot.store._connection import Params
from bot.store._dialect import POSTGRESQL, Dialect, Isolation
from bot.store._errors import (
    StoreBusy,
    StoreCorrupt,
    StoreError,
    StoreReadOnly,
    StoreUnavailable,
)

DEFAULT_LOCK_TIMEOUT_MS = 5000
"""Like SQLite's busy timeout: how long a statement waits for a row lock before StoreBusy."""

CONNECT_TIMEOUT_S = 10
MIGRATION_LOCK_WAIT = "10min"
"""How long a starting replica waits for another one's migrations."""

MIGRATION_LOCK = int.from_bytes(
    hashlib.sha256(b"upsell-bot/migrations").digest()[:8], "big", signed=True
)
"""The ``pg_advisory_lock`` key held while migrating (one 64-bit key of the bot's own)."""

PREPARE_THRESHOLD = None
"""No server-side prepared statements: a replica still on the old code would fail with
"cached plan must not change result type" once another migrated a table it reads with
``SELECT *``, and transaction-pooling proxies (PgBouncer) may not keep them either."""

_BEGIN = {
    "serializable": "BEGIN ISOLATION LEVEL SERIALIZABLE",
    "read committed": "BEGIN ISOLATION LEVEL READ COMMITTED",
}

RawConnection = psycopg.Connection[dict[str, Any]]


class TransactionConflict(StoreBusy):
    """A serialization failure or deadlock: the whole transaction may be run again."""


def describe(url: str) -> str:
    """The URL for messages and logs: ``postgresql://user@host:port/dbname``, no password."""
    try:
        parts = conninfo_to_dict(url)
    except psycopg.Error:
        return "postgresql://(an unreadable URL)"
    user = f"{parts['user']}@" if parts.get("user") else ""
    port = f":{parts['port']}" if parts.get("port") else ""
    return f"postgresql://{user}{parts.get('host') or ''}{port}/{parts.get('dbname') or ''}"


def scrub(text: str, url: str) -> str:
    """``text`` with the URL's password (if any) replaced by ``***``."""
    try:
        password = str(conninfo_to_dict(url).get("password") or "")
    except psycopg.Error:
        return text.replace(url, "(the URL)")
    return text.replace(password, "***") if password else text


def translate(location: str, exc: psycopg.Error) -> StoreError | None:
    """The StoreError for an environmental PostgreSQL failure; None for bugs (bad SQL,
    constraints), which propagate as they are, like SQLite's."""
    state = exc.sqlstate or ""
    if isinstance(exc, errors.SerializationFailure | errors.DeadlockDetected):
        return TransactionConflict(
            location,
            "the transaction conflicted with concurrent ones (serialization failure or "
            "deadlock); the same call may succeed when run again",
        )
    if isinstance(exc, errors.LockNotAvailable) or state == "57014":
        return StoreBusy(
            location,
            "another session kept a lock longer than the lock timeout; retry, and check for "
            "long transactions on this database (pg_stat_activity)",
        )
    if isinstance(exc, errors.ReadOnlySqlTransaction):
        return StoreReadOnly(
            location,
            "the server accepts reads only (a standby, or default_transaction_read_only); "
            "point the bot at the primary",
        )
    if isinstance(exc, errors.InsufficientPrivilege):
        return StoreUnavailable(
            location,
            "the database user may not use the bot's tables; grant it the rights, or use the "
            "user that created them",
        )
    if isinstance(exc, errors.InvalidCatalogName):
        return StoreUnavailable(location, "the database does not exist; create it first")
    if state in ("XX001", "XX002"):
        return StoreCorrupt(location, f"the server reports damaged data ({state}); see its log")
    if state.startswith(("08", "28", "53", "57P", "58", "XX")) or (
        isinstance(exc, psycopg.OperationalError | psycopg.InterfaceError) and not state
    ):
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return StoreUnavailable(
            location,
            f"cannot use the PostgreSQL server ({first_line}); check that it runs, the URL "
            "(host, port, database, user, password) and the server's pg_hba.conf",
        )
    return None


def configure(raw: RawConnection, lock_timeout_ms: int = DEFAULT_LOCK_TIMEOUT_MS) -> None:
    """Session settings every connection of the bot gets (also the pool's ``configure``)."""
    raw.execute("SELECT set_config('lock_timeout', %s, false)", (f"{int(lock_timeout_ms)}ms",))


class PgConnection:
    """One psycopg connection (autocommit; ``write()`` issues BEGIN), one thread at a time."""

    dialect: Dialect = POSTGRESQL

    def __init__(self, raw: RawConnection, location: str) -> None:
        self.raw = raw
        self.location = location
        self._lock = threading.RLock()
        self._depth = 0
        self._savepoints = 0
        self._doomed = False
        self.commits = 0
        """Transactions committed on this handle: a call that committed one is not re-run."""
        self.commit_in_doubt = False
        """The connection broke while COMMIT was under way: it may or may not have happened."""

    @classmethod
    def connect(cls, url: str, *, lock_timeout_ms: int = DEFAULT_LOCK_TIMEOUT_MS) -> PgConnection:
        """A new session (not pooled), for migrations and the operator's commands."""
        location = describe(url)
        try:
            raw: RawConnection = psycopg.connect(
                url,
                autocommit=True,
                row_factory=dict_row,
                prepare_threshold=PREPARE_THRESHOLD,
                **connect_options(url),
            )
        except psycopg.Error as exc:
            error = translate(location, exc) or StoreUnavailable(location, type(exc).__name__)
            raise type(error)(location, scrub(_message(error, location), url)) from None
        try:
            configure(raw, lock_timeout_ms)
        except psycopg.Error as exc:
            raw.close()
            raise (translate(location, exc) or StoreUnavailable(location, str(exc))) from exc
        return cls(raw, location)

    def close(self) -> None:
        with self._lock:
            self.raw.close()

    @property
    def in_transaction(self) -> bool:
        return self._depth > 0

    @contextlib.contextmanager
    def translated(self) -> Iterator[None]:
        try:
            yield
        except psycopg.Error as exc:
            error = translate(self.location, exc)
            if error is None:
                raise
            raise error from exc

    def query(self, sql: str, params: Params = ()) -> list[dict[str, Any]]:
        with self._lock, self.translated():
            cursor = self.raw.execute(
                self.dialect.sql(sql, named=isinstance(params, Mapping)), params
            )
            return cursor.fetchall() if cursor.description is not None else []

    def query_one(self, sql: str, params: Params = ()) -> dict[str, Any] | None:
        rows = self.query(sql, params)
        return rows[0] if rows else None

    def execute(self, sql: str, params: Params = ()) -> psycopg.Cursor[dict[str, Any]]:
        with self._lock, self.translated():
            return self.raw.execute(
                self.dialect.sql(sql, named=isinstance(params, Mapping)), params
            )

    @contextlib.contextmanager
    def write(
        self, *, isolation: Isolation = "serializable", durable: bool = False
    ) -> Iterator[None]:
        """A write transaction; nested in one, part of it (see the module docstring).
        Every commit is flushed to disk (``synchronous_commit`` on), ``durable`` or not."""
        with self._lock:
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
            with self.translated():
                self.raw.execute(_BEGIN[isolation])
            self._depth, self._doomed = 1, False
            try:
                yield
                if self._doomed:
                    raise RuntimeError(
                        "a nested write failed and the failure was caught: nothing was "
                        "committed; wrap the block in savepoint() to carry on after it"
                    )
            except BaseException:
                self._rollback()
                raise
            finally:
                self._depth = 0
            self._commit()

    @contextlib.contextmanager
    def savepoint(self) -> Iterator[None]:
        """A write transaction; nested in one, a savepoint (a failure undoes only the block)."""
        with self._lock:
            if not self._depth:
                with self.write():
                    yield
                return
            self._savepoints += 1
            name = f"store_sp_{self._savepoints}"
            doomed, self._depth = self._doomed, self._depth + 1
            try:
                with self.translated():
                    self.raw.execute(f"SAVEPOINT {name}")
                try:
                    yield
                except BaseException:
                    with contextlib.suppress(psycopg.Error):
                        self.raw.execute(f"ROLLBACK TO SAVEPOINT {name}")
                        self.raw.execute(f"RELEASE SAVEPOINT {name}")
                    self._doomed = doomed
                    raise
                with self.translated():
                    self.raw.execute(f"RELEASE SAVEPOINT {name}")
            finally:
                self._depth -= 1
                self._savepoints -= 1

    @contextlib.contextmanager
    def migration_lock(self) -> Iterator[None]:
        """The bot's advisory lock: replicas starting at once migrate one after the other."""
        wait = "SELECT set_config('lock_timeout', %s, false)"
        with self._lock, self.translated():
            row = self.raw.execute("SELECT current_setting('lock_timeout') AS v").fetchone()
            before = str(row["v"]) if row else "0"
            self.raw.execute(wait, (MIGRATION_LOCK_WAIT,))
            try:
                self.raw.execute("SELECT pg_advisory_lock(%s)", (MIGRATION_LOCK,))
            finally:
                self.raw.execute(wait, (before,))
        try:
            yield
        finally:
            with self._lock, contextlib.suppress(psycopg.Error):
                self.raw.execute("SELECT pg_advisory_unlock(%s)", (MIGRATION_LOCK,))

    def _commit(self) -> None:
        self.commit_in_doubt = True
        with self.translated():
            self.raw.execute("COMMIT")
        self.commit_in_doubt = False
        self.commits += 1

    def _rollback(self) -> None:
        with contextlib.suppress(psycopg.Error):
            if not self.raw.closed:
                self.raw.execute("ROLLBACK")


def connect_options(url: str) -> dict[str, Any]:
    """What the bot adds to the URL unless it says otherwise: a connect timeout, a name."""
    given = conninfo_to_dict(url)
    options: dict[str, Any] = {}
    if "connect_timeout" not in given:
        options["connect_timeout"] = CONNECT_TIMEOUT_S
    if "application_name" not in given:
        options["application_name"] = "upsell-bot"
    return options


def _message(error: StoreError, location: str) -> str:
    """An error's message without the ``(database: ...)`` suffix ``StoreError`` adds."""
    return str(error).removesuffix(f" (database: {location})")


__all__ = [
    "DEFAULT_LOCK_TIMEOUT_MS",
    "MIGRATION_LOCK",
    "PREPARE_THRESHOLD",
    "PgConnection",
    "TransactionConflict",
    "configure",
    "connect_options",
    "describe",
    "scrub",
    "translate",
]
