"""``open_store``: a copied schema is the schema the migrations build."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from bot.store import ChatLink, Store
from testing.store import open_store


def schema(path: Path) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        tables = conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
        versions = conn.execute("SELECT version, name FROM schema_migrations ORDER BY version")
        return [*tables, *versions.fetchall(), conn.execute("PRAGMA journal_mode").fetchone()]
    finally:
        conn.close()


def test_a_copied_store_has_the_schema_migrations_build(tmp_path: Path) -> None:
    Store.open(tmp_path / "migrated.sqlite3").close()
    copied = open_store(tmp_path / "copied.sqlite3")
    assert copied.schema_version() == Store.LATEST_SCHEMA_VERSION
    copied.close()
    assert schema(tmp_path / "copied.sqlite3") == schema(tmp_path / "migrated.sqlite3")


def test_an_existing_file_is_opened_not_replaced(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    now = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
    link = ChatLink(
        platform="telegram",
        chat_id="42",
        studio="Berlin Mitte",
        customer_id=1001,
        contract_id=5001,
        linked_at=now,
        updated_at=now,
    )
    with open_store(path) as first:
        first.save_link(link)
    with open_store(path) as again:
        assert again.get_link("telegram", "42") is not None
