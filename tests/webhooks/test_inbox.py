"""The inbox after the answer: erasing deleted customers, restarts and crashes lose nothing."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.clock import FakeClock
from bot.sandbox import Sandbox
from bot.store import DeliveryStatus, ReminderStatus
from tests.webhooks.harness import Stack, running_stack


@pytest.mark.parametrize(
    ("action", "event"),
    [("delete_customer", "CUSTOMER_DELETED"), ("disable_access", "CUSTOMER_ACCESS_DISABLED")],
)
async def test_a_deleted_or_disabled_customer_loses_every_linked_chat(
    stack: Stack, action: str, event: str
) -> None:
    for chat in ("phone", "tablet"):
        await stack.member(chat).link()
    await stack.settle()
    stack.sandbox.add_module_at_desk(5001, 202)
    await stack.settle()  # news of the towels is queued, not sent yet
    assert len(stack.rows(ReminderStatus.PENDING)) == 2

    getattr(stack.sandbox, action)(1001)
    await stack.settle()

    store = stack.store
    for chat in ("phone", "tablet"):
        assert store.get_link("test", chat) is None
        assert store.load_conversation("test", chat) is None
        assert store.contract_snapshot("test", chat) is None
    assert stack.rows(ReminderStatus.PENDING) == []
    assert stack.channel.pushes == [], "no message: the link that allowed one is gone"
    last = store.deliveries()[-1]
    assert (last.event_type, last.status) == (event, DeliveryStatus.PROCESSED)
    assert last.detail == f"{event}: 2 chat(s) erased"
    (audit,) = store.audit_events(action="chat_erased")
    assert (audit.subject, audit.detail) == ("1001", {"event": event, "chats": 2})
    (notice,) = stack.notices
    assert "customer id 1001" in notice.text and "erased 2 linked chat(s)" in notice.text


async def test_deliveries_stored_before_a_restart_are_processed_after_it(
    sandbox: Sandbox, clock: FakeClock, tmp_path: Path
) -> None:
    db = tmp_path / "bot.sqlite3"
    async with running_stack(sandbox, clock, db) as before:
        await before.member("anna").link()
        await before.settle()
        sandbox.add_module_at_desk(5001, 202)
        await sandbox.webhooks.drain()  # answered 200 and stored; then the process stops
        assert {d.status for d in before.store.deliveries()} == {DeliveryStatus.RECEIVED}

    async with running_stack(sandbox, clock, db) as after:
        await after.webhooks.worker.drain()
        await after.hub.send_due()
        (push,) = after.channel.to("anna")
        assert "Handtuch-Flat was added" in push.text
        assert {d.status for d in after.store.deliveries()} == {DeliveryStatus.PROCESSED}


async def test_deliveries_a_crash_left_half_done_are_taken_up_again_once(
    sandbox: Sandbox, clock: FakeClock, tmp_path: Path
) -> None:
    db = tmp_path / "bot.sqlite3"
    async with running_stack(sandbox, clock, db) as crashed:
        await crashed.member("anna").link()
        await crashed.settle()
        sandbox.add_module_at_desk(5001, 202)
        await sandbox.webhooks.drain()
        claimed = crashed.store.claim_deliveries(10, clock.now())  # ... and then it died
        assert len(claimed) == 2

    async with running_stack(sandbox, clock, db) as restarted:
        worker = restarted.webhooks.worker
        assert await worker.requeue_stuck() == 0, "a live process may still be working on it"
        clock.advance(minutes=6)
        assert await worker.requeue_stuck() == 2
        await worker.drain()
        await restarted.hub.send_due()
        assert len(restarted.channel.to("anna")) == 1
        deliveries = restarted.store.deliveries()
        assert [(d.status, d.attempts) for d in deliveries] == [(DeliveryStatus.PROCESSED, 2)] * 2


async def test_the_inbox_worker_runs_by_itself_once_started(stack: Stack) -> None:
    await stack.member("anna").link()
    await stack.settle()
    await stack.webhooks.start()
    try:
        stack.sandbox.add_module_at_desk(5001, 202)
        await stack.sandbox.webhooks.drain()
        for _ in range(200):
            if {d.status for d in stack.store.deliveries()} == {DeliveryStatus.PROCESSED}:
                break
            await asyncio.sleep(0.01)
        assert {d.status for d in stack.store.deliveries()} == {DeliveryStatus.PROCESSED}
    finally:
        await stack.webhooks.stop()
    assert len(stack.rows(ReminderStatus.PENDING, rule="contract_change")) == 1
