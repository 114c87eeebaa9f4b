"""Module contract snapshots and the planner's tables: atomic swaps, erasure, campaigns."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

from bot.store import ChatLink, ModuleSnapshot, SnapshotSwap, Store
from tests.store.conftest import OpenStore, raw_sql


def link(now: datetime, chat: str = "42", contract_id: int = 5001) -> ChatLink:
    return ChatLink(
        platform="telegram",
        chat_id=chat,
        studio="Berlin Mitte",
        customer_id=1001,
        contract_id=contract_id,
        marketing_consent=True,
        linked_at=now,
        updated_at=now,
    )


def sauna(now: datetime, **fields: object) -> ModuleSnapshot:
    values: dict[str, object] = {
        "module_contract_id": 9001,
        "name": "Sauna",
        "contract_status": "ACTIVE",
        "fingerprint": "ACTIVE|False||",
        "changed_at": now,
        "start_date": date(2026, 8, 1),
        "cancelation_status": "PENDING_VERIFICATION",
        "cancelation_date": date(2026, 12, 31),
        "withdrawable": True,
        "trial_end": date(2026, 8, 14),
    }
    values.update(fields)
    return ModuleSnapshot(**values)  # type: ignore[arg-type]


def swap(
    store: Store, taken_at: datetime, modules: list[ModuleSnapshot], chat: str = "42"
) -> SnapshotSwap:
    return store.replace_contract_snapshot(
        "telegram", chat, customer_id=1001, contract_id=5001, taken_at=taken_at, modules=modules
    )


def test_a_snapshot_round_trips_and_the_swap_returns_the_one_it_replaced(
    store: Store, now: datetime
) -> None:
    store.save_link(link(now))
    first = swap(store, now, [sauna(now)])
    assert first.applied and first.previous is None
    later = now + timedelta(minutes=1)
    second = swap(store, later, [])
    assert second.applied and second.previous is not None
    assert second.previous.modules == (sauna(now),)
    stored = store.contract_snapshot("telegram", "42")
    assert stored is not None and stored.modules == () and stored.taken_at == later


def test_an_older_look_or_a_relinked_chat_does_not_overwrite(store: Store, now: datetime) -> None:
    store.save_link(link(now))
    assert swap(store, now, [sauna(now)]).applied
    stale = swap(store, now - timedelta(seconds=1), [])
    assert not stale.applied and stale.previous is not None
    store.save_link(link(now, contract_id=5002))
    assert not swap(store, now + timedelta(minutes=1), []).applied  # snapshot is for 5001
    assert not swap(store, now, [], chat="nobody").applied


def test_erasing_the_chat_erases_its_snapshot(store: Store, now: datetime) -> None:
    store.save_link(link(now))
    swap(store, now, [sauna(now)])
    store.erase_chat("telegram", "42")
    assert store.contract_snapshot("telegram", "42") is None
    assert store.contract_snapshots() == []
    assert raw_sql(store.path, "SELECT count(*) FROM module_snapshots") == [(0,)]


def test_links_to_refresh_come_missing_first_then_oldest(store: Store, now: datetime) -> None:
    for chat in ("old", "new", "none"):
        store.save_link(link(now, chat))
    swap(store, now - timedelta(days=3), [], chat="old")
    swap(store, now, [], chat="new")
    due = store.links_to_refresh(now - timedelta(days=1), limit=10)
    assert [chat.chat_id for chat in due] == ["none", "old"]
    assert [chat.chat_id for chat in store.links_to_refresh(now, limit=1)] == ["none"]


def test_snapshots_of_every_chat_are_read_in_two_queries(
    open_store: OpenStore, now: datetime
) -> None:
    store = open_store()
    for chat in ("a", "b"):
        store.save_link(link(now, chat))
        swap(store, now, [sauna(now), replace(sauna(now), module_contract_id=9002)], chat=chat)
    snapshots = store.contract_snapshots("Berlin Mitte")
    assert [(s.chat_id, len(s.modules)) for s in snapshots] == [("a", 2), ("b", 2)]
    assert store.contract_snapshots("Hamburg Altona") == []


def test_a_campaign_is_expanded_exactly_once(open_store: OpenStore, now: datetime) -> None:
    one, two = open_store(), open_store()
    campaign = one.create_campaign(
        studio="Berlin Mitte",
        module_id=201,
        module_name="Sauna",
        at=now + timedelta(hours=1),
        actor="slack:U1",
        now=now,
        language="de",
        text="Saunawoche!",
    )
    assert one.due_campaigns(now) == []
    assert [c.id for c in two.due_campaigns(now + timedelta(hours=1))] == [campaign.id]
    assert one.mark_campaign_expanded(campaign.id, 12, now) is True
    assert two.mark_campaign_expanded(campaign.id, 12, now) is False
    (stored,) = two.campaigns()
    assert (stored.targets, stored.text, stored.expanded_at) == (12, "Saunawoche!", now)
    assert two.campaigns(pending=True) == []


def test_funnel_rows_and_known_outbox_keys(store: Store, now: datetime) -> None:
    store.record_funnel(
        "module_viewed", studio="S", now=now, platform="t", chat_id="1", module_id=201
    )
    store.record_funnel("offers_shown", studio="S", now=now)
    (viewed,) = store.funnel_records("module_viewed", now - timedelta(hours=1))
    assert (viewed.chat_id, viewed.module_id, viewed.at) == ("1", 201, now)
    assert store.funnel_records("module_viewed", now + timedelta(seconds=1)) == []
    keys = [f"k{n}" for n in range(1200)]
    for key in keys[::100]:
        store.enqueue_reminder(
            key, rule="r", studio="S", platform="t", chat_id="1", due_at=now, now=now
        )
    assert store.known_reminder_keys(keys) == set(keys[::100])
