"""Polling mode (the default): PTB's updater against the fake Bot API's getUpdates."""

from __future__ import annotations

import asyncio

import pytest

from adapters.telegram import FloodLimiter, TelegramChannel, build_application
from bot.clock import FakeClock
from bot.config import ConfigError
from bot.store import Store
from conversations import Engine
from testing.telegram import FakeBotApi


async def test_polling_fetches_updates_answers_them_and_confirms_them(
    fake: FakeBotApi, engine: Engine, store: Store, clock: FakeClock, limiter: FloodLimiter
) -> None:
    application = build_application(fake.token, base_url=fake.base_url, limiter=limiter)
    channel = TelegramChannel(application, engine, clock)
    update = fake.message(4242, "/start")
    fake.queue_update(update)
    await channel.start()
    try:
        for _ in range(300):
            if fake.bot_messages(4242):
                break
            await asyncio.sleep(0.01)
    finally:
        await channel.stop()

    assert "Hi! I'm your studio's assistant" in fake.last(4242).text
    offsets = [int(c.params.get("offset") or 0) for c in fake.calls_to("getUpdates")]
    assert max(offsets) > update["update_id"], "Telegram is told the update was handled"
    assert set(fake.calls_to("getUpdates")[0].params["allowed_updates"]) == {
        "message",
        "callback_query",
        "my_chat_member",
    }


async def test_a_wrong_token_is_a_clear_configuration_error(
    fake: FakeBotApi, bare_engine: Engine, store: Store, clock: FakeClock
) -> None:
    application = build_application("999999:WRONG-token", base_url=fake.base_url)
    channel = TelegramChannel(application, bare_engine, clock)
    with pytest.raises(ConfigError, match="TELEGRAM_BOT_TOKEN was rejected") as raised:
        await channel.start()
    assert raised.value.__context__ is None and raised.value.__cause__ is None
    assert not application.running
