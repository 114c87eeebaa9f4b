"""The ledger, the outbox, the inbox, snapshots and campaigns: claims that hold with rivals."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

import pytest

from bot.store import (
    ChatUpdate,
    DeliveryStatus,
    ModuleSnapshot,
    OperationInFlight,
    QueueDepth,
    ReminderRow,
    ReminderStatus,
)
from bot.store.protocols import StoreAPI
from tests.store.contract.conftest import OpenBackend


def reminder(key: str, due: datetime, chat: str = "42") -> ReminderRow:
    return ReminderRow(
        key=key, rule="campaign", studio="Berlin Mitte", platform="telegram", chat_id=chat,
        customer_id=1001, due_at=due, payload={"module_id": 201},
    )  # fmt: skip


async def test_one_open_write_per_contract_and_module(store: StoreAPI, now: datetime) -> None:
    first = await store.begin_operation(
        "purchase", studio="Berlin Mitte", contract_id=5001, subject=201, request={}, now=now
    )
    with pytest.raises(OperationInFlight) as rival:
        await store.begin_operation(
            "purchase", studio="Berlin Mitte", contract_id=5001, subject=201, request={}, now=now
        )
    assert rival.value.operation.id == first.id
    await store.mark_operation(first.id, "succeeded", now=now, module_contract_id=9500)
    again = await store.begin_operation(
        "purchase", studio="Berlin Mitte", contract_id=5001, subject=201, request={}, now=now
    )
    assert again.id != first.id and [o.id for o in await store.open_operations()] == [again.id]


async def test_two_handles_starting_the_same_write_at_once_start_it_once(
    open_backend: OpenBackend, now: datetime
) -> None:
    stores = [open_backend() for _ in range(3)]

    async def start(store: StoreAPI) -> bool:
        try:
            await store.begin_operation(
                "purchase", studio="Berlin Mitte", contract_id=5001, subject=201, request={},
                now=now,
            )  # fmt: skip
        except OperationInFlight:
            return False
        return True

    started = await asyncio.gather(*(start(s) for s in stores * 3))
    assert started.count(True) == 1


async def test_a_reminder_key_is_queued_once_and_sent_at_most_once(
    store: StoreAPI, now: datetime
) -> None:
    rows = [reminder("a", now), reminder("a", now), reminder("b", now + timedelta(hours=1))]
    assert await store.enqueue_reminders(rows, now) == 2
    assert await store.enqueue_reminders(rows, now) == 0
    (claimed,) = await store.claim_due_reminders(now)
    assert claimed.key == "a" and claimed.status is ReminderStatus.SENDING
    assert await store.claim_due_reminders(now) == []
    assert await store.finish_reminder(claimed.id, ReminderStatus.SENT, None, now)
    assert not await store.finish_reminder(claimed.id, ReminderStatus.SENT, None, now)


async def test_queue_depths_count_what_waits_and_date_the_oldest(
    store: StoreAPI, now: datetime
) -> None:
    assert await store.queue_depths(now) == [
        QueueDepth("inbox", 0, None),
        QueueDepth("outbox", 0, None),
        QueueDepth("outbox_scheduled", 0, None),
        QueueDepth("chat_updates", 0, None),
    ]
    earlier, later = now - timedelta(minutes=5), now + timedelta(hours=1)
    rows = [reminder("due", earlier), reminder("now", now), reminder("later", later)]
    await store.enqueue_reminders(rows, earlier)
    await store.store_delivery("uuid-1", "Berlin Mitte", 7, "CONTRACT_UPDATED", {}, earlier)
    await store.store_delivery("uuid-2", "Berlin Mitte", 7, "CONTRACT_UPDATED", {}, now)
    (done,) = await store.claim_deliveries(1, now)
    await store.finish_delivery(done.id, DeliveryStatus.PROCESSED, "ok", now)
    lease = timedelta(minutes=1)
    await store.receive_updates(
        [ChatUpdate(platform="telegram", key="1", chat_id="42", body={})], earlier, lease
    )
    await store.receive_updates(
        [ChatUpdate(platform="telegram", key="2", chat_id="42", body={})], now, lease
    )
    await store.end_update("telegram", "1", "done", now)
    assert await store.queue_depths(now) == [
        QueueDepth("inbox", 1, now),
        QueueDepth("outbox", 2, earlier),
        QueueDepth("outbox_scheduled", 1, later),
        QueueDepth("chat_updates", 1, now),
    ]


async def test_rivals_claiming_due_reminders_at_once_never_share_one(
    open_backend: OpenBackend, now: datetime
) -> None:
    stores = [open_backend() for _ in range(4)]
    await stores[0].enqueue_reminders([reminder(f"k{i}", now, chat=str(i)) for i in range(60)], now)
    batches = await asyncio.gather(*(s.claim_due_reminders(now, limit=7) for s in stores * 3))
    claimed = [r.key for batch in batches for r in batch]
    assert len(claimed) == len(set(claimed)) == 60


async def test_a_webhook_delivery_is_stored_once_and_processed_once(
    open_backend: OpenBackend, now: datetime
) -> None:
    stores = [open_backend() for _ in range(3)]
    stored = await asyncio.gather(
        *(s.store_delivery(f"uuid-{i % 20}", "Berlin Mitte", 7, "CONTRACT_UPDATED", {}, now)
          for i, s in enumerate(stores * 20))
    )  # fmt: skip
    assert stored.count(True) == 20
    batches = await asyncio.gather(*(s.claim_deliveries(3, now) for s in stores * 4))
    ids = [d.id for batch in batches for d in batch]
    assert len(ids) == len(set(ids)) == 20
    assert await stores[0].finish_delivery(ids[0], DeliveryStatus.PROCESSED, "ok", now)


async def test_a_contract_snapshot_is_replaced_whole(store: StoreAPI, now: datetime) -> None:
    from tests.store.contract.test_chats import link

    await store.save_link(link(now))
    module = ModuleSnapshot(
        module_contract_id=9500, name="Sauna", contract_status="ACTIVE", start_date=None,
        end_date=None, cancelation_status=None, cancelation_date=None, withdrawable=False,
        trial_end=None, fingerprint="f1", changed_at=now,
    )  # fmt: skip
    await store.replace_contract_snapshot(
        "telegram", "42", customer_id=1001, contract_id=5001, taken_at=now, modules=[module]
    )
    snapshot = await store.contract_snapshot("telegram", "42")
    assert snapshot is not None and [m.name for m in snapshot.modules] == ["Sauna"]


async def test_a_campaign_is_fanned_out_exactly_once(
    open_backend: OpenBackend, now: datetime
) -> None:
    one, two = open_backend(), open_backend()
    campaign = await one.create_campaign(
        studio="Berlin Mitte", module_id=201, module_name="Sauna", at=now, actor="slack:U1",
        now=now,
    )  # fmt: skip
    assert [c.id for c in await one.due_campaigns(now)] == [campaign.id]
    rows = [reminder(f"c{i}", now, chat=str(i)) for i in range(10)]
    queued = await asyncio.gather(
        one.expand_campaign(campaign.id, rows, now), two.expand_campaign(campaign.id, rows, now)
    )
    assert sorted(queued) == [0, 10]
    assert await one.due_campaigns(now) == []


async def test_rivals_share_one_rate_budget(open_backend: OpenBackend) -> None:
    """Three handles (replicas) take slots of one budget: one pace, whoever asks."""
    stores = [open_backend() for _ in range(3)]
    delays = await asyncio.gather(
        *(stores[i % 3].reserve_rate("perfectgym:GET /x", 1.0, 3, 1000.0) for i in range(9))
    )
    assert sorted(delays) == [0, 0, 0, 1, 2, 3, 4, 5, 6]  # three at once, then one a second
    assert await stores[0].reserve_rate("perfectgym:GET /y", 1.0, 3, 1000.0) == 0
    assert await stores[1].reserve_rate("perfectgym:GET /x", 1.0, 3, 1020.0) == 0  # refilled
