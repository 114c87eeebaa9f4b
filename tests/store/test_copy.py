"""``copy_sqlite_to_postgres``: every table row for row, ids kept and sequences moved on;
refused into a database that holds rows, or from a file at another schema version."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from bot.store import (
    ChatLink,
    CopyRefused,
    ModuleSnapshot,
    ReminderRow,
    Store,
    copy_sqlite_to_postgres,
)
from tests.conftest import PostgresDatabase


def _fill(store: Store, now: datetime) -> None:
    """A little of everything, ids not starting at 1 where the database hands them out."""
    link = ChatLink(
        platform="telegram", chat_id="42", studio="Berlin Mitte", customer_id=1001,
        customer_number="1-1001", contract_id=5001, language="de", linked_at=now, updated_at=now,
    )  # fmt: skip
    store.save_link(link)
    store.save_conversation("telegram", "42", "idle", {"a": 1}, None, expected_version=0, now=now)
    for action in ("menu", "offers"):
        token = store.issue_token("telegram", "42", action, {}, now + timedelta(hours=1), now)
        store.redeem_token(token, "telegram", "42", now)
    store.mark_processed("telegram", "7", now)
    for subject in (201, 202, 203):
        store.begin_operation(
            "purchase", studio="Berlin Mitte", contract_id=5001, subject=subject, request={},
            now=now, platform="telegram", chat_id="42",
        )  # fmt: skip
    store.create_link_code("Berlin Mitte", 1002, "slack:U1", timedelta(hours=1), now)
    store.record_attempt("link_chat", "telegram:42", now)
    row = ReminderRow(
        key="viewed:42:201", rule="viewed", studio="Berlin Mitte", platform="telegram",
        chat_id="42", customer_id=1001, due_at=now, payload={"module_id": 201},
    )  # fmt: skip
    store.enqueue_reminders([row], now)
    store.store_delivery("u-1", "Berlin Mitte", 7, "CONTRACT_UPDATED", {"x": 1}, now)
    store.audit("slack:U1", "lookup", studio="Berlin Mitte", now=now)
    store.record_funnel("offers_shown", studio="Berlin Mitte", now=now)
    module = ModuleSnapshot(
        module_contract_id=9500, name="Sauna", contract_status="ACTIVE", fingerprint="f",
        changed_at=now,
    )  # fmt: skip
    store.replace_contract_snapshot(
        "telegram", "42", customer_id=1001, contract_id=5001, taken_at=now, modules=[module]
    )
    store.create_campaign(
        studio="Berlin Mitte", module_id=201, module_name="Sauna", at=now, actor="cli", now=now
    )


@pytest.fixture
def source(tmp_path: Path, now: datetime) -> Path:
    path = tmp_path / "bot.sqlite3"
    with Store.open(path) as store:
        _fill(store, now)
    return path


def test_every_row_is_copied_with_its_id(
    source: Path, postgres_database: PostgresDatabase, now: datetime
) -> None:
    url = postgres_database(migrated=False)
    copied = dict(copy_sqlite_to_postgres(source, url))
    assert copied["operations"] == 3 and copied["button_tokens"] == 2
    assert copied["module_snapshots"] == copied["campaigns"] == 1
    with Store.open(source) as before, Store.connect(url) as after:
        assert after.get_link("telegram", "42") == before.get_link("telegram", "42")
        assert [o.id for o in after.open_operations()] == [o.id for o in before.open_operations()]
        assert after.contract_snapshot("telegram", "42") == before.contract_snapshot(
            "telegram", "42"
        )
        assert after.deliveries() == before.deliveries()
        last = before.last_redeemed_token("telegram", "42")
        assert last is not None and after.last_redeemed_token("telegram", "42") == last
        newer = after.audit("cli", "after the move", now=now)
        assert newer > max(e.id for e in before.audit_events())


def test_a_target_with_rows_is_refused(
    source: Path, postgres_database: PostgresDatabase, now: datetime
) -> None:
    url = postgres_database()
    with Store.connect(url) as store:
        store.mark_processed("telegram", "1", now)
    with pytest.raises(CopyRefused, match="processed_deliveries has 1 rows"):
        copy_sqlite_to_postgres(source, url)


def test_a_file_at_an_older_schema_is_refused(
    tmp_path: Path, postgres_database: PostgresDatabase
) -> None:
    old = tmp_path / "old.sqlite3"
    with Store.open(old, migrate=False) as store:
        store.migrate(6)
    with pytest.raises(CopyRefused, match="upsell-bot migrate"):
        copy_sqlite_to_postgres(old, postgres_database(migrated=False))
