"""Nobody gets the same reminder twice: not across planners, not across a crash mid-batch."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from pathlib import Path

from bot.clock import FakeClock
from bot.sandbox import Sandbox, seed_members
from bot.store import ChatLink, ReminderStatus, SqliteStore, Store
from conversations import Outgoing
from conversations.ports import PushResult
from tests.webhooks.harness import Stack, build_app, running_stack

MEMBERS = 24


def link_members(stack: Stack, members: Sequence[int]) -> None:
    """Chats linked straight in the store (the linking dialog is tested elsewhere)."""
    now = stack.clock.now()
    for customer_id in members:
        stack.store.save_link(
            ChatLink(
                platform="test",
                chat_id=f"m{customer_id}",
                studio="Berlin Mitte",
                customer_id=customer_id,
                contract_id=1_000_000 + customer_id,
                marketing_consent=True,
                linked_at=now,
                updated_at=now,
            )
        )


class CrashingChannel:
    """Delivers ``before`` messages, then hangs in the next push: the process dies there."""

    platform = "test"

    def __init__(self, before: int) -> None:
        self.before = before
        self.delivered: list[str] = []
        self.dying = asyncio.Event()

    async def push(self, chat_id: str, messages: Sequence[Outgoing]) -> PushResult:
        self.delivered.append(chat_id)  # Telegram may well have it: at-most-once from here
        if len(self.delivered) > self.before:
            self.dying.set()
            await asyncio.Event().wait()
        return PushResult.SENT


async def test_a_crash_during_a_send_batch_sends_nothing_twice_and_loses_no_other_row(
    sandbox: Sandbox, clock: FakeClock, tmp_path: Path
) -> None:
    members = [m.id for m in seed_members(sandbox, MEMBERS)]
    db = tmp_path / "bot.sqlite3"
    crashing = CrashingChannel(before=9)
    async with running_stack(sandbox, clock, db, channel=crashing) as first:
        link_members(first, members)
        await first.runtime.desk.schedule_campaign(None, "Sauna", clock.now(), actor="test")
        await first.hub.plan()
        assert len(first.rows(ReminderStatus.PENDING)) == MEMBERS
        batch = asyncio.create_task(first.hub.send_due())
        await crashing.dying.wait()
        batch.cancel()  # the process is gone; whatever was in flight stays "sending"
        await asyncio.gather(batch, return_exceptions=True)
        in_flight = {r.chat_id for r in first.rows(ReminderStatus.SENDING)}
        assert 1 <= len(in_flight) <= first.hub.sender.concurrency

    clock.advance(minutes=11)
    async with running_stack(sandbox, clock, db) as restarted:
        report = await restarted.hub.send_due()
        resent = {p.chat_id for p in restarted.channel.pushes}

    assert report.abandoned == len(in_flight)
    arrived, hanging = crashing.delivered[: crashing.before], crashing.delivered[crashing.before :]
    # Other workers may reach their push before the crash lands: one or more pushes hang.
    assert hanging and set(hanging) <= in_flight, "a push in progress at the crash is in flight"
    assert not resent & set(crashing.delivered), "nothing that may have arrived is sent again"
    assert not resent & in_flight
    assert len(arrived) + len(resent) == MEMBERS - len(in_flight), "every other row sent once"
    store = Store.open(db)
    try:
        rows = store.reminders()
    finally:
        store.close()
    statuses = sorted(r.status.value for r in rows)
    assert statuses.count("abandoned") == len(in_flight)
    assert statuses.count("sent") == MEMBERS - len(in_flight)
    assert len(rows) == MEMBERS


async def test_two_processes_planning_the_same_facts_queue_each_reminder_once(
    stack: Stack, sandbox: Sandbox, clock: FakeClock
) -> None:
    members = [m.id for m in seed_members(sandbox, 5)]
    link_members(stack, members)
    await stack.runtime.desk.schedule_campaign(None, "201", clock.now(), actor="test")
    other_store = Store.open(stack.store.path)
    try:
        other = build_app(stack.runtime.settings, other_store, clock, {}).reminders
        await asyncio.gather(stack.hub.plan(), other.plan())
        await stack.hub.plan()
        await other.plan()
        await other.services.aclose()
        backend = other.services.store
        assert isinstance(backend, SqliteStore)
        backend.close()
    finally:
        other_store.close()
    rows = stack.rows()
    assert len(rows) == 5 and len({r.key for r in rows}) == 5
    (campaign,) = stack.store.campaigns()
    assert campaign.targets == 5
