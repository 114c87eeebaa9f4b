"""Figures, campaigns, ledger lists, housekeeping: the queries whose SQL differs by dialect
(JSON in text columns, text order, limits, ids handed out by the database)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from bot.store import (
    CancelationFacts,
    DeliveryStatus,
    PurchaseFacts,
    PurchaseKind,
    ReminderRow,
    ReminderStatus,
    TokenExpired,
)
from bot.store.protocols import StoreAPI
from tests.store.contract.test_chats import link


def _row(key: str, chat: str, due: datetime, rule: str, payload: dict[str, int]) -> ReminderRow:
    return ReminderRow(
        key=key, rule=rule, studio="Berlin Mitte", platform="telegram", chat_id=chat,
        customer_id=None, due_at=due, payload=payload,
    )  # fmt: skip


async def _purchase(
    store: StoreAPI, now: datetime, contract: int, facts: PurchaseFacts, amount: str
) -> int:
    return await store.record_funnel(
        "purchased", studio="Berlin Mitte", now=now, module_id=201, module_name="Sauna",
        amount=Decimal(amount), currency="EUR", detail={"module_contract_id": contract},
        purchase=facts,
    )  # fmt: skip


async def test_the_figures_read_what_the_funnel_rows_hold(store: StoreAPI, now: datetime) -> None:
    trial = PurchaseFacts(kind=PurchaseKind.TRIAL, paid_from=date(2026, 12, 10))
    first = await _purchase(store, now, 9500, trial, "9.90")
    second = await _purchase(store, now, 9501, PurchaseFacts(kind=PurchaseKind.PAID), "4.90")
    assert second > first
    await store.record_funnel(
        "canceled", studio="Berlin Mitte", now=now, detail={"module_contract_id": 9500},
        cancelation=CancelationFacts(in_trial=True, monthly=Decimal(0), currency="EUR"),
    )  # fmt: skip
    turning = await store.trials_turning_paid(
        "Berlin Mitte", date(2026, 12, 1), date(2026, 12, 31), booked_before=now + timedelta(1)
    )
    assert [r.module_contract_id for r in turning] == [9500]
    assert turning[0].purchase == trial
    assert await store.module_contracts_canceled_in_trial("Berlin Mitte", now + timedelta(1)) == {
        9500
    }
    assert await store.purchased_monthly("Berlin Mitte", [9500, 9501, 9999]) == {
        9500: (Decimal("9.90"), "EUR"),
        9501: (Decimal("4.90"), "EUR"),
    }
    records = await store.funnel_records("purchased", now - timedelta(1))
    assert [r.amount for r in records] == [Decimal("9.90"), Decimal("4.90")]
    counts = await store.funnel_counts("Berlin Mitte", now - timedelta(1))
    assert counts.count("purchased") == 2 and counts.revenue == {"EUR": Decimal("14.80")}


async def test_a_non_integer_module_contract_is_not_read_as_one(
    store: StoreAPI, now: datetime
) -> None:
    for odd in ("9500", 9500.5, True, None):
        await store.record_funnel(
            "purchased", studio="Berlin Mitte", now=now, amount=Decimal(1), currency="EUR",
            detail={"module_contract_id": odd}, purchase=PurchaseFacts(kind=PurchaseKind.PAID),
        )  # fmt: skip
    assert await store.purchased_monthly("Berlin Mitte", [9500, 1]) == {}


async def test_a_canceled_campaign_stops_its_queued_messages(
    store: StoreAPI, now: datetime
) -> None:
    campaign = await store.create_campaign(
        studio="Berlin Mitte", module_id=201, module_name="Sauna", at=now, actor="slack:U1",
        now=now,
    )  # fmt: skip
    payload = {"campaign_id": campaign.id}
    rows = [_row(f"c{campaign.id}:{chat}", chat, now, "campaign", payload) for chat in "123"]
    assert await store.expand_campaign(campaign.id, rows, now) == 3
    (sending,) = await store.claim_due_reminders(now, limit=1)
    await store.finish_reminder(sending.id, ReminderStatus.SENT, None, now)
    canceled = await store.cancel_campaign(campaign.id, actor="slack:U2", now=now)
    assert canceled is not None and (canceled.canceled, canceled.stopped, canceled.sent) == (
        True,
        2,
        1,
    )
    assert len(await store.reminders(ReminderStatus.SKIPPED)) == 2
    assert await store.known_reminder_keys([rows[0].key, "c0:9"]) == {rows[0].key}


async def test_lists_without_a_limit_hold_every_row(store: StoreAPI, now: datetime) -> None:
    rows = [_row(f"k{i}", str(i), now + timedelta(minutes=i), "viewed", {}) for i in range(5)]
    await store.enqueue_reminders(rows, now)
    assert [r.key for r in await store.reminders()] == ["k0", "k1", "k2", "k3", "k4"]
    assert [r.key for r in await store.reminders("pending", limit=2)] == ["k0", "k1"]
    for i in range(4):
        await store.store_delivery(f"u{i}", "Berlin Mitte", i, "CONTRACT_UPDATED", {"i": i}, now)
    assert [d.body for d in await store.deliveries()] == [{"i": i} for i in range(4)]
    assert len(await store.deliveries(DeliveryStatus.RECEIVED, limit=3)) == 3


async def test_stuck_deliveries_are_requeued_then_given_up(store: StoreAPI, now: datetime) -> None:
    await store.store_delivery("u1", "Berlin Mitte", 7, "CONTRACT_UPDATED", {}, now)
    for attempt in (1, 2):
        (claimed,) = await store.claim_deliveries(5, now)
        later = now + timedelta(minutes=10 * attempt)
        requeued = await store.requeue_stuck(later, timedelta(minutes=5), max_attempts=2)
        assert requeued == (1 if attempt == 1 else 0)
    failed = await store.get_delivery(claimed.id)
    assert failed is not None and failed.status is DeliveryStatus.FAILED
    assert failed.detail == "gave up: still processing after 2 attempts"


async def test_the_last_button_pressed_is_the_later_one_of_a_moment(
    store: StoreAPI, now: datetime
) -> None:
    tokens = [
        await store.issue_token("telegram", "42", f"a{i}", {}, now + timedelta(1), now)
        for i in range(3)
    ]
    for token in (tokens[2], tokens[0], tokens[1]):
        await store.redeem_token(token, "telegram", "42", now)
    last = await store.last_redeemed_token("telegram", "42")
    assert last is not None and last.token == tokens[2]  # same moment: the later-issued one
    open_one = await store.issue_token("telegram", "42", "b", {}, now + timedelta(1), now)
    assert await store.void_tokens("telegram", "42", now=now) == 1
    with pytest.raises(TokenExpired):
        await store.redeem_token(open_one, "telegram", "42", now)


async def test_links_come_in_bytewise_order_and_oldest_snapshots_first(
    store: StoreAPI, now: datetime
) -> None:
    for chat in ("b", "B", "a", "-1"):
        await store.save_link(link(now, chat=chat))
    assert [x.chat_id for x in await store.links_for_customer("Berlin Mitte", 1001)] == [
        "-1", "B", "a", "b",
    ]  # fmt: skip
    await store.replace_contract_snapshot(
        "telegram", "a", customer_id=1001, contract_id=5001, taken_at=now - timedelta(2),
        modules=[],
    )  # fmt: skip
    refresh = await store.links_to_refresh(now - timedelta(1), limit=10)
    assert [x.chat_id for x in refresh][-1:] == ["a"] and len(refresh) == 4


async def test_erasing_a_chat_keeps_the_money_trail_without_the_chat(
    store: StoreAPI, now: datetime
) -> None:
    await store.save_link(link(now))
    await store.record_attempt("link_chat", "telegram:42", now)
    operation = await store.begin_operation(
        "purchase", studio="Berlin Mitte", contract_id=5001, subject=201, request={}, now=now,
        platform="telegram", chat_id="42",
    )  # fmt: skip
    erased = await store.erase_chat("telegram", "42")
    assert (erased.attempts, erased.operations_anonymised) == (1, 1)
    kept = await store.get_operation(operation.id)
    assert (kept.platform, kept.chat_id) == (None, None)
    assert await store.operations_for_chat("telegram", "42") == []


async def test_audit_ids_grow_and_consent_history_is_oldest_first(
    store: StoreAPI, now: datetime
) -> None:
    ids = []
    for minutes, given in enumerate((True, False)):
        at, detail = now + timedelta(minutes=minutes), {"given": given}
        event = await store.audit(
            "telegram:42", "marketing_consent", studio="Berlin Mitte", subject="1001",
            detail=detail, now=at,
        )  # fmt: skip
        ids.append(event)
    assert ids[1] > ids[0]
    history = await store.consent_history(studio="Berlin Mitte", customer_id=1001)
    assert [e.detail for e in history] == [{"given": True}, {"given": False}]
    assert [e.id for e in await store.audit_events(limit=1)] == [ids[1]]


async def test_housekeeping_removes_only_what_is_old_enough(store: StoreAPI, now: datetime) -> None:
    await store.issue_token("telegram", "42", "a", {}, now + timedelta(minutes=1), now)
    await store.mark_processed("telegram", "1", now)
    await store.record_attempt("link_chat", "telegram:42", now)
    purged = await store.purge_expired(now + timedelta(days=8))
    assert (purged.button_tokens, purged.processed_deliveries, purged.attempts) == (1, 1, 1)
    assert await store.schema_version() >= 8
