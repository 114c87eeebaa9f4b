"""The store protocols' contract: every backend runs the same tests (``backend`` fixture).

A backend is a factory of ``StoreAPI`` handles on one database, so tests can also play two
processes (or replicas) against one another.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.store import SqliteStore
from bot.store.protocols import StoreAPI

NOW = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)

OpenBackend = Callable[[], StoreAPI]


@pytest.fixture(params=["sqlite"])
async def open_backend(
    request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[OpenBackend]:
    """Open handles on one fresh database of the backend under test; all closed afterwards."""
    opened: list[SqliteStore] = []
    path = tmp_path / "contract.sqlite3"

    def open_one() -> StoreAPI:
        store = SqliteStore.open(path)
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
