"""The real PTB Application and engine, the sandbox in-process, a fake Bot API on a FakeClock."""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from telegram import Update

from adapters.telegram import FloodLimiter, TelegramChannel, build_application
from bot.clock import FakeClock, SimulatedClock
from bot.config import StudioSettings
from bot.sandbox import BERLIN_MITTE_API_KEY, Sandbox
from bot.store import SqliteStore, Store
from conversations import Engine, EventBus, Services, StaffEvent, StudioRuntime
from testing.sandbox import SANDBOX_URL, sandbox_client
from testing.store import open_store
from testing.telegram import ChatMessage, FakeBotApi


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> None:
    """PTB's timedelta durations; no bot settings from the machine running the tests."""
    monkeypatch.setenv("PTB_TIMEDELTA", "1")
    for name in list(os.environ):
        if name.upper().startswith(("TELEGRAM_", "SLACK_", "PERFECTGYM_", "UPSELL_")):
            monkeypatch.delenv(name)


@pytest.fixture
def timer(clock: FakeClock) -> SimulatedClock:
    return SimulatedClock(clock)


@pytest.fixture
def fake(timer: SimulatedClock) -> Iterator[FakeBotApi]:
    api = FakeBotApi(now=timer.monotonic)
    with api.installed():
        yield api
    assert api.unanswered_callbacks() == [], "every button press must be answered"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path / "bot.sqlite3")
    yield opened
    opened.close()


@pytest.fixture
def staff_events() -> list[StaffEvent]:
    return []


@pytest.fixture
async def services(
    sandbox: Sandbox, store: Store, clock: FakeClock, staff_events: list[StaffEvent]
) -> AsyncIterator[Services]:
    """One studio (Berlin Mitte) so linking needs no studio choice; the sandbox in-process
    (``test_run.py`` reaches it over HTTP, as ``upsell-bot run`` does)."""
    studio = StudioSettings(name="Berlin Mitte", base_url=SANDBOX_URL, api_key=BERLIN_MITTE_API_KEY)
    events = EventBus()

    async def record(event: StaffEvent) -> None:
        staff_events.append(event)

    events.subscribe(record)
    backend = SqliteStore.wrap(store)
    built = Services(
        store=backend,
        studios={studio.name: StudioRuntime(studio, sandbox_client(sandbox, BERLIN_MITTE_API_KEY))},
        clock=clock,
        events=events,
    )
    yield built
    await built.aclose()
    backend.close()


@pytest.fixture
def engine(services: Services) -> Engine:
    return Engine(services)


@pytest.fixture
def limiter(timer: SimulatedClock) -> FloodLimiter:
    return FloodLimiter(clock=timer)


@pytest.fixture
def bare_engine(store: Store, clock: FakeClock) -> Iterator[Engine]:
    """An engine without studios, for tests that never reach it (pushes, refused requests)."""
    backend = SqliteStore.wrap(store)
    yield Engine(Services(store=backend, studios={}, clock=clock))
    backend.close()


@contextlib.asynccontextmanager
async def running_channel(
    fake: FakeBotApi, engine: Engine, store: Store, clock: FakeClock, limiter: FloodLimiter
) -> AsyncIterator[TelegramChannel]:
    """The channel with an initialized Application (no updater), driven by ``process_update``."""
    application = build_application(
        fake.token, base_url=fake.base_url, limiter=limiter, polling=False
    )
    built = TelegramChannel(application, engine, clock)
    async with application:
        yield built


@pytest.fixture
async def channel(
    fake: FakeBotApi, engine: Engine, store: Store, clock: FakeClock, limiter: FloodLimiter
) -> AsyncIterator[TelegramChannel]:
    async with running_channel(fake, engine, store, clock, limiter) as built:
        yield built


@pytest.fixture
async def bare_channel(
    fake: FakeBotApi, bare_engine: Engine, store: Store, clock: FakeClock, limiter: FloodLimiter
) -> AsyncIterator[TelegramChannel]:
    async with running_channel(fake, bare_engine, store, clock, limiter) as built:
        yield built


class Member:
    """One member's private chat, driving the real Application like Telegram would."""

    def __init__(self, channel: TelegramChannel, fake: FakeBotApi, chat_id: int) -> None:
        self.channel = channel
        self.fake = fake
        self.chat_id = chat_id

    async def deliver(self, update: dict[str, Any]) -> list[ChatMessage]:
        """Feed one update JSON; return the bot messages that are new or changed."""
        before = {m.message_id: (m.text, m.edits) for m in self.fake.bot_messages(self.chat_id)}
        app = self.channel.application
        await app.process_update(Update.de_json(update, app.bot))
        return [
            m
            for m in self.fake.bot_messages(self.chat_id)
            if before.get(m.message_id) != (m.text, m.edits)
        ]

    async def send(self, text: str) -> list[ChatMessage]:
        return await self.deliver(self.fake.message(self.chat_id, text))

    async def press(self, label: str) -> list[ChatMessage]:
        return await self.deliver(self.fake.press(self.chat_id, label))

    async def link(self, number: str = "1-1001", born: str = "12.03.1994") -> list[ChatMessage]:
        await self.send("/start")
        await self.send(number)
        return await self.send(born)

    @property
    def last(self) -> ChatMessage:
        return self.fake.last(self.chat_id)


@pytest.fixture
def member(channel: TelegramChannel, fake: FakeBotApi) -> Member:
    return Member(channel, fake, chat_id=4242)
