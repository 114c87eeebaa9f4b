"""Migrations on PostgreSQL: the same history as SQLite, applied once, newer or foreign
databases refused, and replicas starting at once migrating one after the other."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

import psycopg
import pytest

from bot.clock import FakeClock
from bot.store import SchemaTooNew, SchemaUnknown, Store
from bot.store._migrations import LATEST_VERSION, MIGRATIONS, created_tables
from bot.store._pg_connection import MIGRATION_LOCK
from tests.conftest import PostgresDatabase
from tests.store.conftest import raw_sql


@pytest.fixture
def url(postgres_database: PostgresDatabase) -> str:
    return postgres_database(migrated=False)


def _sql(url: str, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    with psycopg.connect(url, autocommit=True) as conn:
        cursor = conn.execute(sql, params)
        return cursor.fetchall() if cursor.description else []


def _columns(url: str) -> dict[str, list[str]]:
    rows = _sql(
        url,
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position",
    )
    found: dict[str, list[str]] = {}
    for table, column in rows:
        found.setdefault(str(table), []).append(str(column))
    return found


def test_an_empty_database_gets_every_step(url: str, now: datetime) -> None:
    store = Store.connect(url, clock=FakeClock(now))
    assert store.schema_version() == LATEST_VERSION
    assert store.migrate() == []
    store.close()
    recorded = _sql(url, "SELECT version, name FROM schema_migrations ORDER BY version")
    assert recorded == [(step.version, step.name) for step in MIGRATIONS]


def test_the_schema_is_sqlites_column_for_column(url: str, tmp_path: Path) -> None:
    Store.connect(url).close()
    Store.open(tmp_path / "bot.sqlite3").close()
    sqlite = {
        table: [
            str(row[1]) for row in raw_sql(tmp_path / "bot.sqlite3", f"PRAGMA table_info({table})")
        ]
        for table in created_tables()
    }
    postgres = _columns(url)
    assert postgres.pop("button_tokens") == [*sqlite.pop("button_tokens"), "rowid"]
    assert postgres == sqlite


def test_step_7_resets_consent_with_an_audit_row_on_postgres(url: str, now: datetime) -> None:
    store = Store.connect(url, migrate=False, clock=FakeClock(now))
    store.migrate(6)
    _sql(
        url,
        "INSERT INTO chat_links (platform, chat_id, studio, customer_id, reminders_enabled, "
        "linked_at, updated_at) VALUES ('telegram', '42', 'Berlin Mitte', 1001, 1, 'x', 'x')",
    )
    assert store.migrate() == list(range(7, LATEST_VERSION + 1))
    (reset,) = store.consent_history(studio="Berlin Mitte", customer_id=1001)
    assert reset.actor == "migration:7" and reset.detail is not None
    assert (reset.detail["chat_id"], reset.detail["given"]) == ("42", False)
    store.close()


def test_a_newer_schema_is_refused(url: str, now: datetime) -> None:
    Store.connect(url).close()
    _sql(url, "INSERT INTO schema_migrations VALUES (99, 'from the future', 'x')")
    with pytest.raises(SchemaTooNew) as caught:
        Store.connect(url)
    assert (caught.value.found, caught.value.known) == (99, LATEST_VERSION)


def test_a_database_of_another_application_is_refused(url: str) -> None:
    _sql(url, "CREATE TABLE invoices (id integer)")
    with pytest.raises(SchemaUnknown, match="another application"):
        Store.connect(url)


def test_a_starting_replica_waits_for_the_one_migrating(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as other:
        other.execute("SELECT pg_advisory_lock(%s)", (MIGRATION_LOCK,))
        migrator = threading.Thread(target=lambda: Store.connect(url).close())
        migrator.start()
        time.sleep(0.3)
        assert _sql(url, "SELECT to_regclass('schema_migrations') IS NULL") == [(True,)]
        other.execute("SELECT pg_advisory_unlock(%s)", (MIGRATION_LOCK,))
        migrator.join(timeout=10)
    assert not migrator.is_alive()
    assert _sql(url, "SELECT max(version) FROM schema_migrations") == [(LATEST_VERSION,)]


def test_processes_migrating_at_once_apply_each_step_once(url: str) -> None:
    code = "import sys; from bot.store import Store; Store.connect(sys.argv[1]).close()"
    processes = [
        subprocess.Popen([sys.executable, "-c", code, url], stderr=subprocess.PIPE)
        for _ in range(3)
    ]
    for process in processes:
        _, err = process.communicate(timeout=60)
        assert process.returncode == 0, err.decode()
    counts = _sql(url, "SELECT version, count(*) FROM schema_migrations GROUP BY version")
    assert sorted(counts) == [(step.version, 1) for step in MIGRATIONS]
