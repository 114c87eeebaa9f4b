"""The store protocols' contract: every backend runs the same tests (``backend`` fixture).

A backend is a factory of ``StoreAPI`` handles on one database, so tests can also play two
processes (or replicas) against one another. PostgreSQL runs on the session's throwaway
server (``postgres_server``, which fails the run if it cannot start): one database, emptied
before each test.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.store import PostgresStore, SqliteStore
from bot.store.protocols import StoreAPI
from testing.postgres import PostgresServer

NOW = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)

OpenBackend = Callable[[], StoreAPI]


@pytest.fixture(scope="session")
def contract_database(postgres_server: PostgresServer) -> tuple[PostgresServer, str]:
    """One migrated database for the suite, its tables emptied before each test (cheaper
    than a new database per test, which PostgreSQL copies file by file)."""
    return postgres_server, postgres_server.migrated_database("contract")


@pytest.fixture(params=["sqlite", "postgres"])
async def open_backend(
    request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[OpenBackend]:
    """Open handles on one fresh database of the backend under test; all closed afterwards."""
    opened: list[StoreAPI] = []
    if request.param == "sqlite":
        path = tmp_path / "contract.sqlite3"

        def open_one() -> StoreAPI:
            store = SqliteStore.open(path)
            opened.append(store)
            return store

        yield open_one
    else:
        server, url = request.getfixturevalue("contract_database")
        server.empty_tables("contract")

        def open_one() -> StoreAPI:
            store = PostgresStore.open(url, pool_size=4)
            opened.append(store)
            return store

        yield open_one
    for store in opened:
        store.close()


@pytest.fixture
def store(open_backend: OpenBackend) -> StoreAPI:
    return open_backend()


@pytest.fixture
def now() -> datetime:
    return NOW
