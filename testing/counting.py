"""Counting what a turn costs, where noise cannot blur it: SQL statements, write
transactions and PerfectGym requests.

- ``SqlCounter`` hooks ``sqlite3.Connection.set_trace_callback`` on a store's connections
  and counts every statement SQLite runs (``BEGIN``/``COMMIT`` and savepoints included;
  the lines SQLite reports for statements inside triggers are left out).
- ``CountingTransport`` wraps the httpx transport of a PerfectGym client and records every
  request that reaches it (``method path``), retries included: what the vendor would count.

Use::

    sql = SqlCounter.attach(store)          # a SqliteStore or a Store
    calls = CountingTransport(SandboxTransport(sandbox))
    ...
    sql.statements, sql.commits, calls.requests
"""

from __future__ import annotations

import sqlite3
import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import httpx


def sqlite_connections(store: Any) -> list[sqlite3.Connection]:
    """The ``sqlite3`` connections behind a ``SqliteStore`` (writer, reader and the inline
    writer) or a ``Store``."""
    found: list[sqlite3.Connection] = []
    inline = (getattr(store, "_inline", None) or (None,))[0]
    for part in (store, getattr(store, "sync", None), getattr(store, "_reader", None), inline):
        connection = getattr(getattr(getattr(part, "_conn", None), "db", None), "conn", None)
        if isinstance(connection, sqlite3.Connection) and connection not in found:
            found.append(connection)
    if not found:
        raise TypeError(f"no SQLite connection found behind {type(store).__name__}")
    return found


@dataclass
class SqlCounter:
    """Every statement the store's connections run, by kind; ``reset()`` between phases."""

    connections: list[sqlite3.Connection] = field(default_factory=list)
    statements: int = 0
    begins: int = 0
    commits: int = 0
    rollbacks: int = 0
    savepoints: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    keep: bool = False
    """Keep the statements themselves (``log``), for finding which ones a turn runs."""
    log: list[str] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def attach(cls, store: Any, *, keep: bool = False) -> SqlCounter:
        counter = cls(sqlite_connections(store), keep=keep)
        for connection in counter.connections:
            connection.set_trace_callback(counter._seen)
        return counter

    def detach(self) -> None:
        for connection in self.connections:
            connection.set_trace_callback(None)

    def reset(self) -> None:
        with self._lock:
            self.statements = self.begins = self.commits = self.rollbacks = self.savepoints = 0
            self.kinds.clear()
            self.log.clear()

    def _seen(self, sql: str) -> None:
        text = sql.lstrip()
        if text.startswith("--"):  # a statement inside a trigger, reported on its own
            return
        word = text.split(None, 1)[0].upper() if text else ""
        with self._lock:
            self.statements += 1
            self.kinds[word] += 1
            if word == "BEGIN":
                self.begins += 1
            elif word in ("COMMIT", "END"):
                self.commits += 1
            elif word == "ROLLBACK" and " TO " not in text.upper():
                self.rollbacks += 1
            elif word == "SAVEPOINT":
                self.savepoints += 1
            if self.keep:
                self.log.append(" ".join(text.split()))


class CountingTransport(httpx.AsyncBaseTransport):
    """An httpx transport that records each request it passes on (``"GET /v1/..."``)."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.requests: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(f"{request.method} {request.url.path}")
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()

    def reset(self) -> None:
        self.requests.clear()

    def by_endpoint(self, requests: Iterable[str] | None = None) -> Counter[str]:
        """Requests per ``method path`` with ids folded to ``{id}``."""
        return Counter(_template(r) for r in (self.requests if requests is None else requests))


def _template(request: str) -> str:
    method, _, path = request.partition(" ")
    parts = ["{id}" if part.isdigit() else part for part in path.split("/")]
    return f"{method} {'/'.join(parts)}"


__all__ = ["CountingTransport", "SqlCounter", "sqlite_connections"]
