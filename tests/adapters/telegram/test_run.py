"""``upsell-bot run`` with Telegram: webhook on the bot's own server, /healthz, clean stop."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from adapters.telegram import SECRET_HEADER
from bot.app.runner import run_bot
from bot.config import ConfigError, Settings, StudioSettings
from bot.sandbox import BERLIN_MITTE_API_KEY
from testing.telegram import FakeBotApi

SECRET = "run-secret_0123456789"


@pytest.fixture
def real_clock_fake() -> Iterator[FakeBotApi]:
    """The Bot API stand-in on the wall clock, as the running bot uses the real time."""
    api = FakeBotApi()
    with api.installed():
        yield api


def settings_for(sandbox_url: str, tmp_path: Path, **telegram: str) -> Settings:
    studio = StudioSettings(name="Berlin Mitte", base_url=sandbox_url, api_key=BERLIN_MITTE_API_KEY)
    return Settings(studios=[studio], db_path=tmp_path / "bot.sqlite3", http_port=0, **telegram)  # type: ignore[arg-type]


async def server_url(caplog: pytest.LogCaptureFixture, task: asyncio.Task[int]) -> str:
    """The runner logs where it listens (port 0 picks a free port)."""
    for _ in range(500):
        for record in caplog.records:
            if record.getMessage().startswith("HTTP server listening on "):
                return record.getMessage().rsplit(" ", 1)[1]
        if task.done():
            task.result()
        await asyncio.sleep(0.01)
    raise AssertionError("the bot never started its HTTP server")


async def test_run_serves_the_webhook_and_health_and_stops_cleanly(
    sandbox_url: str,
    tmp_path: Path,
    real_clock_fake: FakeBotApi,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    fake = real_clock_fake
    settings = settings_for(
        sandbox_url,
        tmp_path,
        telegram_bot_token=fake.token,
        telegram_api_base_url="http://tg.test",
        telegram_webhook_url="https://bot.example.org/hooks/telegram",
        telegram_webhook_secret=SECRET,
    )
    stop = asyncio.Event()
    task = asyncio.create_task(run_bot(settings, stop=stop))
    url = await server_url(caplog, task)
    async with httpx.AsyncClient(base_url=url) as http:
        for _ in range(200):  # the channel starts right after the server
            if fake.webhook is not None:
                break
            await asyncio.sleep(0.01)
        update = fake.message(4242, "/start")
        headers = {SECRET_HEADER: SECRET}
        assert (await http.post("/hooks/telegram", json=update, headers=headers)).status_code == 200
        assert (await http.post("/hooks/telegram", json=update)).status_code == 403
        health = await http.get("/healthz")
    stop.set()

    assert await asyncio.wait_for(task, timeout=10) == 0
    assert health.status_code == 200 and "telegram" in health.json()["components"]
    assert fake.webhook is not None and fake.webhook["secret_token"] == SECRET
    assert len(fake.bot_messages(4242)) == 1, "the turn finished before shutdown"
    assert "Hi! I'm your studio's assistant" in fake.last(4242).text
    assert "telegram stopped" in caplog.text
    assert fake.token not in caplog.text
    assert SECRET not in caplog.text


async def test_without_a_token_the_channel_is_off_and_the_log_says_so(
    sandbox_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    stop = asyncio.Event()
    stop.set()
    assert await run_bot(settings_for(sandbox_url, tmp_path), stop=stop) == 0
    assert "Telegram channel off: TELEGRAM_BOT_TOKEN is not set" in caplog.text


async def test_a_rejected_token_stops_start_up_with_one_clear_line(
    sandbox_url: str, tmp_path: Path, real_clock_fake: FakeBotApi
) -> None:
    token = "999999:WRONG-token-nobody-may-see"
    settings = settings_for(
        sandbox_url, tmp_path, telegram_bot_token=token, telegram_api_base_url="http://tg.test"
    )
    with pytest.raises(ConfigError) as raised:
        await run_bot(settings, stop=asyncio.Event())
    assert str(raised.value) == "TELEGRAM_BOT_TOKEN was rejected by the Telegram Bot API"
    assert token not in repr(raised.value.__context__)
