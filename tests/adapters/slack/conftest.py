"""A Slack desk on a real engine and store, the sandbox in-process, and a fake Slack Web API.

Requests are signed with ``slack_sdk.signature.SignatureVerifier`` and go through the bot's
real Starlette app (``bot.app.server.build_app``) into Bolt, via ``httpx.ASGITransport``; Bolt's
outbound calls reach the fake Slack Web API over real HTTP on 127.0.0.1. The sandbox is
reached in-process (``ASGITransport``); ``test_run`` uses it over HTTP like production.
"""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from itertools import count
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from slack_sdk.signature import SignatureVerifier

from adapters.slack import SlackDesk, SlackOptions
from bot.app.runtime import assemble
from bot.app.server import build_app
from bot.clock import FakeClock
from bot.config import Settings, StudioSettings
from bot.sandbox import Sandbox
from bot.store import SqliteStore, Store
from conversations import (
    Command,
    Engine,
    EngineOptions,
    Incoming,
    Outgoing,
    Services,
    StudioRuntime,
)
from conversations.ports import PushResult, Runtime
from testing.sandbox import SANDBOX_URL, sandbox_client
from testing.slack import FakeSlackApi, answer_text, serve_fake_slack
from testing.store import open_store

SIGNING_SECRET = "test-signing-secret"
BOT_TOKEN = "xoxb-test-bot-token"
TEAM = "T0STUDIO"
STAFF = "U0STAFF"
STAFF_CHANNEL = "C0STAFF"
BOT_USERNAME = "UpsellTestBot"

_triggers = count(1)


class FakeTelegram:
    """A push channel standing in for the Telegram adapter: records what members would get."""

    platform = "telegram"

    def __init__(self) -> None:
        self.sent: list[tuple[str, list[Outgoing]]] = []
        self.result = PushResult.SENT

    async def push(self, chat_id: str, messages: Sequence[Outgoing]) -> PushResult:
        self.sent.append((chat_id, list(messages)))
        return self.result


class Chat:
    """A Telegram member talking to the engine: commands, text and buttons by label."""

    def __init__(self, engine: Engine, chat_id: str, language: str = "en") -> None:
        self.engine = engine
        self.chat_id = chat_id
        self.language = language
        self.last: list[Outgoing] = []

    async def send(self, **kind: Any) -> list[Outgoing]:
        incoming = Incoming(
            platform="telegram",
            chat_id=self.chat_id,
            user_id=self.chat_id,
            language_hint=self.language,
            **kind,
        )
        self.last = await self.engine.handle(incoming)
        return self.last

    async def start(self, argument: str | None = None) -> list[Outgoing]:
        return await self.send(command=Command.START, argument=argument)

    async def say(self, text: str) -> list[Outgoing]:
        return await self.send(text=text)

    async def press(self, label: str, replies: list[Outgoing] | None = None) -> list[Outgoing]:
        buttons = [b for reply in replies or self.last for b in reply.flat_buttons]
        found = [b for b in buttons if label.lower() in b.label.lower()]
        assert found, f"no button like {label!r} in {[b.label for b in buttons]}"
        return await self.send(button=found[0].token)

    @property
    def text(self) -> str:
        return "\n".join(reply.text for reply in self.last)

    async def book(self, module: str, *, trial: bool = False) -> None:
        """Book a module with its first payment option, by the buttons' places: the book
        button, the trial question (yes first, no second) if asked, the confirm button."""
        await self.press("Discover modules")
        await self.press(module)
        await self.send(button=self.last[-1].buttons[0][0].token)
        if "trial" in self.text.lower() and len(self.last[-1].buttons) > 2:
            await self.send(button=self.last[-1].buttons[0 if trial else 1][0].token)
        await self.send(button=self.last[-1].buttons[0][0].token)

    async def link(self, number: str, born: str, *, offers: bool | None = None) -> None:
        """Link the chat; ``offers`` answers the consent question (None: ignore it)."""
        await self.start()
        if any(b.label == "Berlin Mitte" for r in self.last for b in r.flat_buttons):
            await self.press("Berlin Mitte")
        await self.say(number)
        await self.say(born)
        assert "linked" in self.text, self.text
        if offers is not None:
            await self.press("Yes, send me offers" if offers else "No, thanks")


def block_actions(value: str, *, user: str = STAFF, response_url: str) -> dict[str, Any]:
    """A "look up customer" button click, as Slack posts it (the ``payload`` form field)."""
    return {
        "type": "block_actions",
        "team": {"id": TEAM, "domain": "studio"},
        "user": {"id": user, "team_id": TEAM},
        "api_app_id": "A0UPSELL",
        "channel": {"id": STAFF_CHANNEL, "name": "upsell-staff"},
        "trigger_id": f"trigger-{next(_triggers)}",
        "response_url": response_url,
        "container": {"type": "message", "channel_id": STAFF_CHANNEL},
        "actions": [
            {
                "type": "button",
                "action_id": "upsell_lookup_customer",
                "block_id": "b1",
                "value": value,
                "action_ts": "1700000000.1",
            }
        ],
    }


def app_mention(text: str, event_id: str) -> dict[str, Any]:
    """An Events API callback for ``@upsell <text>`` in the staff channel."""
    return {
        "token": "legacy-verification-token",
        "team_id": TEAM,
        "api_app_id": "A0UPSELL",
        "type": "event_callback",
        "event_id": event_id,
        "event_time": int(time.time()),
        "event": {
            "type": "app_mention",
            "user": STAFF,
            "text": f"<@UBOT> {text}",
            "ts": "1700000000.000200",
            "channel": STAFF_CHANNEL,
            "event_ts": "1700000000.000200",
        },
    }


@dataclass
class Desk:
    """The running Slack desk and everything behind it."""

    runtime: Runtime
    component: SlackDesk
    slack: FakeSlackApi
    telegram: FakeTelegram
    sandbox: Sandbox
    clock: FakeClock
    http: httpx.AsyncClient
    sleeps: list[float] = field(default_factory=list)

    @property
    def store(self) -> Store:
        """The database, read synchronously to look behind the bot."""
        backend = self.runtime.services.store
        assert isinstance(backend, SqliteStore)
        return backend.sync

    def chat(self, chat_id: str = "4242", language: str = "en") -> Chat:
        return Chat(self.runtime.engine, chat_id, language)

    async def post(
        self,
        body: str,
        content_type: str,
        *,
        timestamp: int | None = None,
        secret: str = SIGNING_SECRET,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        """POST a body to /slack/events, signed as Slack signs it."""
        stamp = str(timestamp if timestamp is not None else int(time.time()))
        signature = SignatureVerifier(secret).generate_signature(timestamp=stamp, body=body)
        sent = {
            "content-type": content_type,
            "x-slack-request-timestamp": stamp,
            "x-slack-signature": signature,
            **(headers or {}),
        }
        return await self.http.post("/slack/events", content=body.encode(), headers=sent)

    async def command(
        self,
        text: str,
        *,
        user: str = STAFF,
        team: str = TEAM,
        channel: str = STAFF_CHANNEL,
        channel_name: str = "upsell-staff",
        hook: str = "hook",
        trigger: str | None = None,
        **options: Any,
    ) -> httpx.Response:
        form = {
            "token": "legacy-verification-token",
            "team_id": team,
            "team_domain": "studio",
            "channel_id": channel,
            "channel_name": channel_name,
            "user_id": user,
            "user_name": "staff",
            "command": "/upsell",
            "text": text,
            "api_app_id": "A0UPSELL",
            "response_url": self.slack.response_url(hook),
            "trigger_id": trigger or f"trigger-{next(_triggers)}",
        }
        return await self.post(urlencode(form), "application/x-www-form-urlencoded", **options)

    async def click(
        self, value: str, *, user: str = STAFF, hook: str = "click", **options: Any
    ) -> httpx.Response:
        payload = block_actions(value, user=user, response_url=self.slack.response_url(hook))
        body = urlencode({"payload": json.dumps(payload)})
        return await self.post(body, "application/x-www-form-urlencoded", **options)

    async def mention(self, text: str, *, event_id: str, **options: Any) -> httpx.Response:
        return await self.post(
            json.dumps(app_mention(text, event_id)), "application/json", **options
        )

    async def answer(self, hook: str = "hook", count: int = 1) -> str:
        """The text of the ``count``-th answer posted to the response_url ``hook``."""
        bodies = await self.slack.wait_for_response(hook, count)
        return answer_text(bodies[count - 1])


def studio_settings(
    sandbox: Sandbox, base_url: str, names: list[str], locale: str = "en_GB"
) -> list[StudioSettings]:
    channels = {"Berlin Mitte": "C0BERLIN", "Hamburg Altona": "C0HAMBURG"}
    return [
        StudioSettings(
            name=studio.name,
            base_url=base_url,
            api_key=studio.api_key,
            time_zone=studio.time_zone,
            locale=locale,
            slack_channel=channels[studio.name] if len(names) > 1 else None,
        )
        for studio in sandbox.studios.values()
        if studio.name in names
    ]


def slack_settings(slack: FakeSlackApi, studios: list[StudioSettings], **extra: Any) -> Settings:
    values: dict[str, Any] = {
        "studios": studios,
        "slack_bot_token": BOT_TOKEN,
        "slack_signing_secret": SIGNING_SECRET,
        "slack_api_base_url": slack.api_url,
        "slack_staff_channel": STAFF_CHANNEL,
        "slack_team_id": TEAM,
        "slack_allowed_users": [STAFF],  # the desk is closed to everyone else
        "telegram_bot_username": BOT_USERNAME,
    }
    values.update(extra)
    return Settings(**values)


@pytest.fixture
def studio_names() -> list[str]:
    return ["Berlin Mitte"]


@pytest.fixture
def studio_locale() -> str:
    """The studios' locale: what language staff read (``de_DE`` for German)."""
    return "en_GB"


@pytest.fixture
def slack_extra() -> dict[str, Any]:
    """Extra settings for a test (allowed users, user groups...)."""
    return {}


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """slack_sdk and aiohttp honour proxy variables; the fakes are on loopback."""
    for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlackApi]:
    async with serve_fake_slack(BOT_TOKEN, TEAM) as fake:
        yield fake


@pytest.fixture
async def desk(
    sandbox: Sandbox,
    clock: FakeClock,
    tmp_path: Path,
    slack: FakeSlackApi,
    studio_names: list[str],
    slack_extra: dict[str, Any],
    studio_locale: str,
) -> AsyncIterator[Desk]:
    settings = slack_settings(
        slack, studio_settings(sandbox, SANDBOX_URL, studio_names, studio_locale), **slack_extra
    )
    store = open_store(tmp_path / "bot.sqlite3")
    studios = {  # in-process: the Slack side is what runs over HTTP here
        s.name: StudioRuntime(
            s,
            sandbox_client(sandbox, s.api_key.get_secret_value(), backoff=0.001, max_retries=1),
        )
        for s in settings.studios
    }
    backend = SqliteStore.wrap(store)
    services = Services(
        store=backend, studios=studios, clock=clock, options=EngineOptions.from_settings(settings)
    )
    telegram = FakeTelegram()
    runtime = assemble(settings, services).runtime
    runtime.channels.register(telegram)
    sleeps = clock.sleeps  # Slack's waits, recorded on the FakeClock (they do not move it)

    options = SlackOptions.from_settings(settings)
    assert options is not None
    component = SlackDesk(runtime, options)
    app = build_app(runtime, [component])
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bot.test") as http:
        await component.start()
        result = Desk(runtime, component, slack, telegram, sandbox, clock, http, sleeps)
        try:
            yield result
        finally:
            await component.stop()
            await services.aclose()
            backend.close()
            store.close()
