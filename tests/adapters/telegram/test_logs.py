"""``LOG_FORMAT=json``: a whole Telegram dialog logged as JSON lines, with the turn's context and
nothing a member or the operator must not find in a log file.

The handler is the one ``upsell-bot`` installs (``bot.logs.make_handler`` with the settings'
secrets), on the root logger at DEBUG, so PTB's, httpx's and the sandbox's own records are
in the scan too.
"""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest

from adapters.telegram import TelegramChannel
from bot import logs
from bot.config import Settings
from bot.sandbox import BERLIN_MITTE_API_KEY, BERLIN_MITTE_WEBHOOK_KEY
from conversations import Services
from conversations.staff import StaffDesk
from testing.telegram import FakeBotApi
from tests.adapters.telegram.conftest import Member

SIGNING_SECRET = "slack-signing-secret-for-the-log-test"
SLACK_TOKEN = "xoxb-slack-token-for-the-log-test"
WEBHOOK_SECRET = "telegram-webhook-secret-for-the-log-test"


@pytest.fixture
def json_log(fake: FakeBotApi) -> Iterator[io.StringIO]:
    """Everything logged at DEBUG, as ``LOG_FORMAT=json`` writes it."""
    settings = Settings(
        telegram_bot_token=fake.token,
        telegram_webhook_url="https://bot.example/telegram/webhook",
        telegram_webhook_secret=WEBHOOK_SECRET,
        slack_bot_token=SLACK_TOKEN,
        slack_signing_secret=SIGNING_SECRET,
        perfectgym_base_url="https://mygym.example",
        perfectgym_api_key=BERLIN_MITTE_API_KEY,
        perfectgym_webhook_key=BERLIN_MITTE_WEBHOOK_KEY,
    )
    stream = io.StringIO()
    handler = logs.make_handler("json", secrets=settings.secrets(), stream=stream)
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


def entries(stream: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def button_tokens(fake: FakeBotApi, chat_id: int) -> set[str]:
    return {data for m in fake.bot_messages(chat_id) for row in m.buttons for _, data in row}


async def test_a_dialog_logged_as_json_has_correlation_ids_and_no_secrets(
    json_log: io.StringIO,
    channel: TelegramChannel,
    fake: FakeBotApi,
    services: Services,
) -> None:
    anna = Member(channel, fake, chat_id=4242)
    await anna.link("1-1001", "12.03.1994")
    await anna.press("Discover modules")
    await anna.press("Sauna")
    await anna.press("Book: €9.90/month")
    await anna.press("Yes, start with")
    await anna.press("Book and pay")
    issued = await StaffDesk(services).issue_link_code("Berlin Mitte", "1-1003", actor="U0STAFF")
    clara = Member(channel, fake, chat_id=5151)
    linked = await clara.send(f"/start {issued.code}")
    assert "linked" in linked[-1].text

    written = json_log.getvalue()
    forbidden = {
        "12.03.1994": "a date of birth",
        "1994-03-12": "a date of birth",
        issued.code: "a link code",
        fake.token: "the bot token",
        BERLIN_MITTE_API_KEY: "a PerfectGym API key",
        BERLIN_MITTE_WEBHOOK_KEY: "a PerfectGym webhook key",
        SIGNING_SECRET: "the Slack signing secret",
        SLACK_TOKEN: "the Slack bot token",
        WEBHOOK_SECRET: "the Telegram webhook secret",
    }
    forbidden.update(
        dict.fromkeys(button_tokens(fake, 4242) | button_tokens(fake, 5151), "a button token")
    )
    assert len(forbidden) > 15
    for value, what in forbidden.items():
        assert value not in written, f"{what} is in the log"

    records = entries(json_log)
    assert {"time", "level", "logger", "message"} <= records[0].keys()
    in_turns = [r for r in records if r.get("platform") == "telegram"]
    turns = {r["correlation_id"] for r in in_turns}
    assert len(turns) >= 8, "every turn logs under a correlation id of its own"
    assert {r["chat"] for r in in_turns} == {
        logs.chat_hash("telegram", "4242"),
        logs.chat_hash("telegram", "5151"),
    }
    assert "4242" not in {r["chat"] for r in in_turns}
    assert any(r.get("studio") == "Berlin Mitte" for r in in_turns)
    api = [r for r in in_turns if r["logger"] == "bot.perfectgym"]
    assert api and all(r["correlation_id"] for r in api), "API calls log under their turn"
