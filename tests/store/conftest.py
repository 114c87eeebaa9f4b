"""A fresh database file per test, and a factory for more handles on the same file."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.store import Store
from testing.store import open_store as copy_schema

NOW = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)

OpenStore = Callable[..., Store]


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "bot.sqlite3"


@pytest.fixture
def open_store(db_path: Path) -> Iterator[OpenStore]:
    """Open more Store handles (like more processes) on the test's file; all closed at the end."""
    opened: list[Store] = []

    def _open(path: Path | None = None, **kwargs: object) -> Store:
        store = Store.open(path or db_path, **kwargs)  # type: ignore[arg-type]
        opened.append(store)
        return store

    yield _open
    for store in opened:
        store.close()


@pytest.fixture
def store(open_store: OpenStore, db_path: Path) -> Store:
    """A store on the test's file, its schema copied from a migrated template (the migrations
    themselves run in test_migrations.py, on files ``open_store`` creates)."""
    copy_schema(db_path).close()
    return open_store()


@pytest.fixture
def now() -> datetime:
    return NOW


def raw_sql(path: Path, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    """Run one statement through a plain sqlite3 connection, as an outside program would."""
    conn = sqlite3.connect(path)
    try:
        with conn:
            return conn.execute(sql, params).fetchall()
    finally:
        conn.close()
