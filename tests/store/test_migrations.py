"""Schema steps: applied once, in order, only the missing ones; newer or foreign files refused."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from bot.clock import FakeClock
from bot.store import ChatLink, SchemaTooNew, SchemaUnknown, Store
from bot.store._migrations import MIGRATIONS
from tests.store.conftest import OpenStore, raw_sql

TABLES = {
    "schema_migrations",
    "chat_links",
    "conversations",
    "button_tokens",
    "processed_deliveries",
    "operations",
    "link_codes",
    "attempts",
    "reminder_outbox",
    "webhook_inbox",
    "audit_events",
    "funnel_events",
    "contract_snapshots",
    "module_snapshots",
    "campaigns",
    "chat_updates",
    "rate_budgets",
}


def _recorded(path: Path) -> list[tuple[object, ...]]:
    return raw_sql(path, "SELECT version, applied_at FROM schema_migrations ORDER BY version")


def _tables(path: Path) -> set[object]:
    rows = raw_sql(path, "SELECT name FROM sqlite_master WHERE type = 'table'")
    return {name for (name,) in rows if not str(name).startswith("sqlite_")}


def test_empty_file_gets_every_step(open_store: OpenStore, db_path: Path) -> None:
    store = open_store()
    assert store.schema_version() == Store.LATEST_SCHEMA_VERSION >= 2
    assert _tables(db_path) == TABLES
    assert [v for v, _ in _recorded(db_path)] == [step.version for step in MIGRATIONS]


def test_reopening_applies_nothing(db_path: Path, open_store: OpenStore, now: datetime) -> None:
    open_store(clock=FakeClock(now)).close()
    before = _recorded(db_path)
    again = open_store(clock=FakeClock(now.replace(year=2030)))
    assert again.migrate() == []
    assert _recorded(db_path) == before


def _old_link_row(db_path: Path, now: datetime, reminders_enabled: int) -> None:
    """A chat link as the bot before step 7 stored it (reminders switched on at linking)."""
    raw_sql(
        db_path,
        """INSERT INTO chat_links (platform, chat_id, studio, customer_id, contract_id,
            reminders_enabled, linked_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
        ("telegram", "42", "berlin", 7, 1000, reminders_enabled, _text(now), _text(now)),
    )


def _text(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def test_older_file_gets_only_missing_steps(
    db_path: Path, open_store: OpenStore, now: datetime
) -> None:
    old = open_store(migrate=False)
    assert old.schema_version() == 0
    assert old.migrate(target=1) == [1]
    old.close()
    _old_link_row(db_path, now, 0)
    assert "operations" not in _tables(db_path)

    current = open_store(migrate=False)
    assert current.schema_version() == 1
    assert current.migrate() == list(range(2, Store.LATEST_SCHEMA_VERSION + 1))
    assert current.get_link("telegram", "42") == ChatLink(
        platform="telegram",
        chat_id="42",
        studio="berlin",
        customer_id=7,
        contract_id=1000,
        linked_at=now,
        updated_at=now,
    )
    assert _tables(db_path) == TABLES


def test_step_7_resets_reminders_that_nobody_asked_for_and_says_so(
    db_path: Path, open_store: OpenStore, now: datetime
) -> None:
    open_store(migrate=False).migrate(target=6)
    _old_link_row(db_path, now, 1)
    later = now.replace(year=2027)
    store = open_store(clock=FakeClock(later))
    link = store.get_link("telegram", "42")
    assert link is not None and not link.marketing_consent
    assert (link.consent_at, link.consent_version) == (None, None)
    (reset,) = store.consent_history(customer_id=7)
    assert (reset.at, reset.actor, reset.action) == (
        later,
        "migration:7",
        "marketing_consent_reset",
    )
    assert reset.detail is not None and reset.detail["given"] is False
    assert reset.detail["chat_id"] == "42" and "nobody was asked" in reset.detail["reason"]


def test_open_migrates_an_older_file(db_path: Path, open_store: OpenStore) -> None:
    open_store(migrate=False).migrate(target=2)
    assert open_store().schema_version() == Store.LATEST_SCHEMA_VERSION


def test_migration_target_out_of_range_is_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="between 0 and"):
        store.migrate(target=Store.LATEST_SCHEMA_VERSION + 1)


def test_newer_schema_is_refused_and_left_alone(db_path: Path, open_store: OpenStore) -> None:
    open_store().close()
    newer = Store.LATEST_SCHEMA_VERSION + 1
    raw_sql(db_path, "INSERT INTO schema_migrations VALUES (?, 'from the future', 'x')", (newer,))
    with pytest.raises(SchemaTooNew) as info:
        Store.open(db_path)
    assert (info.value.found, info.value.known) == (newer, Store.LATEST_SCHEMA_VERSION)
    assert str(db_path) in str(info.value) and "upgrade the bot" in str(info.value)
    assert max(int(str(v)) for v, _ in _recorded(db_path)) == newer


def test_newer_schema_is_refused_without_migrating_too(
    db_path: Path, open_store: OpenStore
) -> None:
    open_store().close()
    raw_sql(db_path, "INSERT INTO schema_migrations VALUES (99, 'x', 'x')")
    with pytest.raises(SchemaTooNew):
        Store.open(db_path, migrate=False)


def test_diverged_history_is_refused(db_path: Path, open_store: OpenStore) -> None:
    open_store().close()
    raw_sql(db_path, "UPDATE schema_migrations SET name = 'something else' WHERE version = 2")
    with pytest.raises(SchemaUnknown, match="diverged"):
        Store.open(db_path)


def test_another_applications_database_is_refused_untouched(db_path: Path) -> None:
    raw_sql(db_path, "CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    with pytest.raises(SchemaUnknown) as info:
        Store.open(db_path)
    assert str(db_path) in str(info.value)
    assert _tables(db_path) == {"invoices"}
