"""Starting the Telegram channel: the bot's user name from ``getMe``, the command menu in
English and German (``setMyCommands``), each Bot API call counted for ``/metrics``."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from adapters.telegram import TelegramChannel, build_component
from bot.app.runtime import assemble
from bot.config import Settings, StudioSettings
from bot.metrics import REGISTRY
from bot.sandbox import BERLIN_MITTE_API_KEY
from conversations import EngineOptions, Services
from conversations.ports import Runtime
from conversations.types import Command
from testing.telegram import FakeBotApi

WEBHOOK = {
    "telegram_webhook_url": "https://bot.example.org/telegram/webhook",
    "telegram_webhook_secret": "start-secret_0123456789",
}


def calls(method: str, status: str = "200") -> float:
    labels = {"platform": "telegram", "method": method, "status": status}
    return REGISTRY.get_sample_value("upsell_chat_api_requests_total", labels) or 0.0


def settings_for(fake: FakeBotApi, sandbox_url: str, **extra: str | None) -> Settings:
    studio = StudioSettings(name="Berlin Mitte", base_url=sandbox_url, api_key=BERLIN_MITTE_API_KEY)
    return Settings(
        studios=[studio],
        telegram_bot_token=fake.token,
        telegram_api_base_url="http://tg.test",
        **WEBHOOK,  # type: ignore[arg-type]
        **extra,  # type: ignore[arg-type]
    )


@contextlib.asynccontextmanager
async def started(settings: Settings, services: Services) -> AsyncIterator[Runtime]:
    """The channel as ``upsell-bot run`` builds and starts it (webhook mode: no polling)."""
    services.options = EngineOptions.from_settings(settings)
    runtime = assemble(settings, services).runtime
    channel = build_component(runtime)
    assert isinstance(channel, TelegramChannel)
    await channel.start()
    try:
        yield runtime
    finally:
        await channel.stop()


async def test_the_command_menu_is_registered_in_english_and_german(
    fake: FakeBotApi, services: Services, sandbox_url: str
) -> None:
    before = calls("setMyCommands")
    async with started(settings_for(fake, sandbox_url), services):
        pass
    assert set(fake.commands) == {"", "de"}
    english = {c["command"]: c["description"] for c in fake.commands[""]}
    german = {c["command"]: c["description"] for c in fake.commands["de"]}
    assert list(english) == list(german) == [command.value for command in Command]
    assert english["cancel"] == "Cancel a module" and german["cancel"] == "Ein Modul kündigen"
    assert english["stop"] == "No more offers" and german["stop"] == "Keine Angebote mehr"
    assert fake.violations == []
    assert calls("setMyCommands") == before + 2


async def test_a_refused_menu_does_not_stop_the_bot(
    fake: FakeBotApi, services: Services, sandbox_url: str
) -> None:
    before = calls("setMyCommands", "400")
    fake.fail_next("setMyCommands", 400, description="Bad Request: BOT_COMMAND_INVALID")
    async with started(settings_for(fake, sandbox_url), services) as runtime:
        assert runtime.channels.handles["telegram"] == fake.username  # started all the same
    assert "de" not in fake.commands
    assert calls("setMyCommands", "400") == before + 1


async def test_the_bot_name_for_deep_links_comes_from_get_me(
    fake: FakeBotApi, services: Services, sandbox_url: str
) -> None:
    async with started(settings_for(fake, sandbox_url), services) as runtime:
        assert runtime.channels.handles == {"telegram": fake.username}
        issued = await runtime.desk.issue_link_code("Berlin Mitte", "1-1001", actor="U0STAFF")
    assert issued.deep_link == f"https://t.me/{fake.username}?start={issued.code}"


async def test_telegram_bot_username_still_overrides(
    fake: FakeBotApi, services: Services, sandbox_url: str
) -> None:
    settings = settings_for(fake, sandbox_url, telegram_bot_username="OtherNameBot")
    async with started(settings, services) as runtime:
        issued = await runtime.desk.issue_link_code("Berlin Mitte", "1-1001", actor="U0STAFF")
    assert issued.deep_link == f"https://t.me/OtherNameBot?start={issued.code}"
