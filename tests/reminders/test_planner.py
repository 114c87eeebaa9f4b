"""Planning from stored facts, the dry run, and the operator's commands."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.app.cli import main
from bot.app.reminders import Planner, format_preview, preview
from bot.config import ReminderSettings, Settings, StudioSettings
from bot.store import ChatLink, ModuleSnapshot, SqliteStore, Store
from testing.store import open_store

NOW = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
BERLIN = ZoneInfo("Europe/Berlin")


def settings(**reminders: Any) -> Settings:
    studio = StudioSettings(
        name="Berlin Mitte",
        base_url="http://pg.invalid",  # type: ignore[arg-type]
        api_key="k",  # type: ignore[arg-type]
    )
    return Settings(studios=[studio], reminders=ReminderSettings(**reminders))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path / "bot.sqlite3")
    yield opened
    opened.close()


def module(mc: int, **fields: Any) -> ModuleSnapshot:
    values: dict[str, Any] = {
        "module_contract_id": mc,
        "name": f"Module {mc}",
        "contract_status": "ACTIVE",
        "fingerprint": "",
        "changed_at": NOW,
    }
    values.update(fields)
    return ModuleSnapshot(**values)


@contextlib.contextmanager
def wrapped(store: Store) -> Iterator[SqliteStore]:
    """The store's protocols over the test's synchronous handle."""
    backend = SqliteStore.wrap(store)
    try:
        yield backend
    finally:
        backend.close()


def linked_with(store: Store, modules: list[ModuleSnapshot], chat: str = "42") -> None:
    store.save_link(
        ChatLink(
            platform="telegram",
            chat_id=chat,
            studio="Berlin Mitte",
            customer_id=1001,
            contract_id=5001,
            marketing_consent=True,
            linked_at=NOW,
            updated_at=NOW,
        )
    )
    swap = store.replace_contract_snapshot(
        "telegram", chat, customer_id=1001, contract_id=5001, taken_at=NOW, modules=modules
    )
    assert swap.applied


FACTS = [
    module(1, cancelation_status="PENDING_VERIFICATION", cancelation_date=date(2026, 12, 31),
           withdrawable=True),
    module(2, cancelation_status="CANCELED", cancelation_date=date(2026, 11, 30),
           withdrawable=True),  # canceled 4 days ahead: too late for a 7-day reminder
    module(3, cancelation_status="CANCELED", cancelation_date=date(2026, 12, 31)),  # final
    module(4, trial_end=date(2026, 12, 10)),
    module(5, trial_end=date(2026, 12, 10), contract_status="INACTIVE"),
    module(6, trial_end=date(2026, 12, 10), cancelation_status="CANCELED",
           cancelation_date=date(2026, 12, 10), withdrawable=False),
]  # fmt: skip


async def test_due_times_come_from_the_facts_and_the_studios_zone(store: Store) -> None:
    linked_with(store, FACTS)
    with wrapped(store) as backend:
        planned = await Planner(backend, settings()).from_snapshots(NOW)
    assert [(p.rule.value, p.payload["module_contract_id"], p.due_at) for p in planned] == [
        ("cancelation", 1, datetime(2026, 12, 24, 10, 0, tzinfo=BERLIN)),
        ("trial", 4, datetime(2026, 12, 7, 10, 0, tzinfo=BERLIN)),
    ]
    assert planned[0].key == "cancelation:Berlin Mitte:1001:1:2026-12-31"


async def test_rules_switched_off_plan_nothing_and_planning_twice_queues_once(
    store: Store,
) -> None:
    linked_with(store, FACTS)
    with wrapped(store) as backend:
        off = settings(trial_enabled=False, cancelation_enabled=False)
        assert await Planner(backend, off).plan(NOW) == 0
        assert await Planner(backend, settings(enabled=False)).plan(NOW) == 0
        planner = Planner(backend, settings(cancelation_days_before=3, send_time="08:30"))
        assert await planner.plan(NOW) == 3  # 3 days ahead: the cancelation of module 2 too
        assert await planner.plan(NOW) == 0
    assert [(r.payload["module_contract_id"], r.due_at) for r in store.reminders()] == [
        (2, datetime(2026, 11, 27, 8, 30, tzinfo=BERLIN)),
        (4, datetime(2026, 12, 7, 8, 30, tzinfo=BERLIN)),
        (1, datetime(2026, 12, 28, 8, 30, tzinfo=BERLIN)),
    ]


async def test_the_dry_run_lists_queued_and_planned_reminders_without_writing(
    store: Store,
) -> None:
    linked_with(store, FACTS)
    store.enqueue_reminder(
        "change:x",
        rule="contract_change",
        studio="Berlin Mitte",
        platform="telegram",
        chat_id="42",
        due_at=datetime(2026, 11, 26, 21, 30, tzinfo=UTC),  # 22:30 in Berlin: quiet hours
        now=NOW,
    )
    with wrapped(store) as backend:
        rows = await preview(backend, settings(), NOW)
    assert [(r.rule, r.state) for r in rows] == [
        ("contract_change", "queued"),
        ("trial", "planned"),
        ("cancelation", "planned"),
    ]
    assert rows[0].sends_at == datetime(2026, 11, 27, 9, 0, tzinfo=BERLIN)
    lines = format_preview(rows, settings())
    assert lines[1].startswith("2026-11-27 09:00 CET") and "(after quiet hours)" in lines[1]
    assert "telegram:42" in lines[2] and lines[-1].startswith("3 reminder(s)")
    assert len(store.reminders()) == 1, "a dry run writes nothing"


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    for name in list(os.environ):
        if name.startswith(("PERFECTGYM_", "TELEGRAM_", "SLACK_", "UPSELL_", "REMINDERS__")):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "cli.sqlite3"
    monkeypatch.setenv("UPSELL_DB", str(db))
    monkeypatch.setenv("PERFECTGYM_BASE_URL", "http://pg.invalid")
    monkeypatch.setenv("PERFECTGYM_API_KEY", "k")
    monkeypatch.setenv("PERFECTGYM_STUDIO_NAME", "Berlin Mitte")
    return db


def test_reminders_dry_run_command_prints_what_would_be_sent(
    cli_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store.open(cli_env) as store:
        linked_with(store, FACTS)
    assert main(["reminders", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "cancelation" in out and "trial" in out and "planned" in out
    assert main(["reminders"]) == 2
    assert "add --dry-run" in capsys.readouterr().err


def test_operator_commands_refuse_unknown_studios_with_one_line(
    cli_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["activate-webhooks", "--studio", "Paris"]) == 2
    assert "unknown studio 'Paris' (configured: Berlin Mitte)" in capsys.readouterr().err
    assert main(["campaign", "--studio", "Paris", "--module", "201", "--at", "now"]) == 1
    assert "campaign not scheduled: There is no studio “Paris”" in capsys.readouterr().err
