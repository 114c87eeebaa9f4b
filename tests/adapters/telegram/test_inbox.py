"""Every accepted update is answered exactly once: stored before Telegram hears it arrived,
run again when the database failed its turn or its process died (issue 12, finding 1)."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Callable
from datetime import timedelta

import pytest

from adapters.telegram import FloodLimiter, TelegramChannel, build_application
from bot.clock import FakeClock
from bot.metrics import REGISTRY
from bot.store import ChatUpdate, Store, StoreBusy
from conversations import Engine
from testing.telegram import FakeBotApi
from tests.adapters.telegram.test_webhook import client_for, post, started

GREETING = "Hi! I'm your studio's assistant"


async def until(condition: Callable[[], bool], seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.02)


def turns(outcome: str) -> float:
    """Telegram turns counted with ``outcome``, every flow together."""
    return sum(
        sample.value
        for family in REGISTRY.collect()
        for sample in family.samples
        if sample.name == "upsell_turns_total"
        and sample.labels.get("platform") == "telegram"
        and sample.labels.get("outcome") == outcome
    )


def greetings(fake: FakeBotApi, chat: int) -> list[str]:
    return [m.text for m in fake.bot_messages(chat) if m.text.startswith(GREETING)]


async def test_webhook_answers_503_while_the_database_is_locked_then_runs_the_redelivery(
    fake: FakeBotApi, engine: Engine, store: Store, clock: FakeClock, limiter: FloodLimiter
) -> None:
    """Another process holds the write lock: no 200 for an update that is not stored."""
    async with started(fake, engine, store, clock, limiter) as channel:
        channel.record_within = 0.3
        update = fake.message(4242, "/start")
        locker = sqlite3.connect(store.path, isolation_level=None)
        locker.execute("BEGIN IMMEDIATE")
        async with client_for(channel) as client:
            began = time.monotonic()
            refused = await post(client, update)
            assert refused.status_code == 503
            assert time.monotonic() - began < 1.0
            locker.execute("COMMIT")
            locker.close()
            again = await post(client, update)  # Telegram delivers it again
            assert again.status_code == 200
            await until(lambda: len(greetings(fake, 4242)) == 1)
            assert (await post(client, update)).status_code == 200  # and once more: a repeat
    assert len(greetings(fake, 4242)) == 1
    assert store.update_done("telegram", str(update["update_id"]))


async def test_a_turn_the_database_failed_is_not_answered_then_runs_again_once(
    fake: FakeBotApi,
    engine: Engine,
    store: Store,
    clock: FakeClock,
    limiter: FloodLimiter,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """StoreBusy at the turn's final write: no "something went wrong", no lost update."""
    real = Store.finish_turn
    failures = [StoreBusy(store.path, "database is locked")]

    def flaky(self: Store, write: object) -> bool:
        """Locked for the first turn's final write: on the inline writer (which then hands
        it to the writer thread) and on the writer thread."""
        if failures:
            if self is store:
                raise failures.pop()
            raise StoreBusy(store.path, "database is locked")
        return real(self, write)  # type: ignore[arg-type]

    monkeypatch.setattr(Store, "finish_turn", flaky)
    deferred, errors = turns("deferred"), turns("error")
    async with started(fake, engine, store, clock, limiter) as channel:
        channel.retry_delays = (0.05,)
        update = fake.message(4242, "/start")
        async with client_for(channel) as client:
            assert (await post(client, update)).status_code == 200
            await until(lambda: len(greetings(fake, 4242)) == 1)
    texts = [m.text for m in fake.bot_messages(4242)]
    assert len(texts) == 1 and "went wrong" not in texts[0]
    assert not failures
    assert store.update_done("telegram", str(update["update_id"]))
    assert (turns("deferred"), turns("error")) == (deferred + 1, errors)


async def test_an_update_a_dead_process_left_is_run_at_start_up(
    fake: FakeBotApi, engine: Engine, store: Store, clock: FakeClock, limiter: FloodLimiter
) -> None:
    """Stored, answered 200, then the process died before the turn: the next one runs it."""
    update = fake.message(4242, "/start")
    store.receive_updates(
        [
            ChatUpdate(
                platform="telegram", key=str(update["update_id"]), chat_id="4242", body=update
            )
        ],
        clock.now(),
        timedelta(seconds=30),
    )
    async with started(fake, engine, store, clock, limiter):
        await until(lambda: len(greetings(fake, 4242)) == 1)
    assert store.update_done("telegram", str(update["update_id"]))
    assert len(greetings(fake, 4242)) == 1


async def test_polling_confirms_a_batch_only_once_it_is_stored(
    fake: FakeBotApi,
    engine: Engine,
    store: Store,
    clock: FakeClock,
    limiter: FloodLimiter,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """getUpdates confirms the previous batch: not while the database refuses to store it."""
    update = fake.message(4242, "/start")
    update_id = int(update["update_id"])
    confirmed_while_refused: list[bool] = []
    real = Store.receive_updates
    refusals = [2]

    def refusing(self: Store, *args: object) -> list[str]:
        if refusals[0]:
            refusals[0] -= 1
            offsets = [
                int(call.params.get("offset") or 0)
                for call in fake.calls
                if call.method == "getUpdates"
            ]
            confirmed_while_refused.append(any(o > update_id for o in offsets))
            raise StoreBusy(self.path, "database is locked")
        return real(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(Store, "receive_updates", refusing)
    application = build_application(fake.token, base_url=fake.base_url, limiter=limiter)
    channel = TelegramChannel(application, engine, clock)
    fake.queue_update(update)
    await channel.start()
    try:
        await until(lambda: len(greetings(fake, 4242)) == 1)
    finally:
        await channel.stop()
    assert confirmed_while_refused == [False, False]
    assert len(greetings(fake, 4242)) == 1
