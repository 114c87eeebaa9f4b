"""The worlds the fault scenarios run in.

In-process (most scenarios): PTB's real ``Application`` on the fake Bot API (respx), the real
engine and store, the sandbox in-process, on an event loop whose clock skips idle waits, so a
PerfectGym timeout costs no wall time (``telegram``). Real processes (SIGKILL, two processes,
a lock held by another process): ``upsell-bot run`` against the sandbox, the fake Bot API and
the fake Slack served from a thread of this process (``outside``, ``testing.processes``),
on the ordinary loop (mark the module ``wall_clock``).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette

from adapters.telegram import (
    FloodLimiter,
    TelegramChannel,
    Webhook,
    build_application,
)
from bot.clock import FakeClock, SimulatedClock, SystemClock
from bot.config import StudioSettings
from bot.sandbox import BERLIN_MITTE_API_KEY, Sandbox
from bot.store import SqliteStore, Store
from conversations import Engine, EventBus, Services, StaffEvent, StudioRuntime
from testing.loop import virtual_time_loop
from testing.processes import Outside, Servers
from testing.sandbox import SANDBOX_URL, sandbox_client
from testing.store import open_store
from testing.telegram import FakeBotApi
from tests.adapters.telegram.conftest import Member

WEBHOOK_SECRET = "fault-matrix-webhook-secret"
WEBHOOK_PATH = "/telegram/webhook"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "wall_clock: real time and the ordinary event loop (real processes, HTTP)"
    )


def pytest_asyncio_loop_factories(
    config: pytest.Config, item: pytest.Item
) -> dict[str, Callable[[], asyncio.AbstractEventLoop]]:
    if item.get_closest_marker("wall_clock"):
        return {"asyncio": asyncio.new_event_loop}
    return {"virtual-time": virtual_time_loop}


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> None:
    """PTB's timedelta durations; no bot settings from the machine running the tests."""
    monkeypatch.setenv("PTB_TIMEDELTA", "1")
    for name in list(os.environ):
        if name.upper().startswith(("TELEGRAM_", "SLACK_", "PERFECTGYM_", "UPSELL_")):
            monkeypatch.delenv(name)


# -- in-process: a member on Telegram ---------------------------------------------------------


@dataclass
class Telegram:
    """A member's Telegram chat through the real Application and engine, and what is behind."""

    sandbox: Sandbox
    clock: FakeClock
    fake: FakeBotApi
    store: Store
    services: Services
    engine: Engine
    channel: TelegramChannel
    limiter: FloodLimiter
    staff: list[StaffEvent] = field(default_factory=list)

    def member(self, chat_id: int = 4242) -> Member:
        return Member(self.channel, self.fake, chat_id)

    def texts(self, chat_id: int = 4242) -> list[str]:
        return self.fake.texts(chat_id)

    def module_contracts(self, contract_id: int) -> int:
        return len(self.sandbox.module_contracts_of(contract_id))

    @contextlib.asynccontextmanager
    async def webhook(self) -> AsyncIterator[tuple[TelegramChannel, httpx.AsyncClient]]:
        """A second channel in webhook mode on the same engine, started, with a client for its
        route (the bot's real Starlette endpoint through ``httpx.ASGITransport``)."""
        application = build_application(
            self.fake.token, base_url=self.fake.base_url, limiter=self.limiter, polling=False
        )
        webhook = Webhook("https://bot.example.org/telegram/webhook", WEBHOOK_SECRET, WEBHOOK_PATH)
        # The system clock for the channel's own timers (its inbox sweep sleeps for real,
        # which this loop skips); turns keep the engine's fake clock.
        channel = TelegramChannel(application, self.engine, SystemClock(), webhook=webhook)
        await channel.start()
        app = Starlette(routes=list(channel.routes()))
        transport = httpx.ASGITransport(app=app)
        try:
            async with httpx.AsyncClient(transport=transport, base_url="http://bot.test") as http:
                yield channel, http
        finally:
            if application.running:
                await channel.stop()

    @contextlib.asynccontextmanager
    async def polling(self) -> AsyncIterator[TelegramChannel]:
        """A channel that polls the fake's ``getUpdates`` (the default mode)."""
        application = build_application(
            self.fake.token, base_url=self.fake.base_url, limiter=self.limiter
        )
        channel = TelegramChannel(application, self.engine, SystemClock())
        await channel.start()
        try:
            yield channel
        finally:
            await channel.stop()


@pytest.fixture
async def telegram(sandbox: Sandbox, clock: FakeClock, tmp_path: Path) -> AsyncIterator[Telegram]:
    timer = SimulatedClock(clock)
    fake = FakeBotApi(now=timer.monotonic)
    limiter = FloodLimiter(clock=timer)
    store = open_store(tmp_path / "bot.sqlite3")
    backend = SqliteStore.wrap(store)
    studio = StudioSettings(name="Berlin Mitte", base_url=SANDBOX_URL, api_key=BERLIN_MITTE_API_KEY)
    client = sandbox_client(
        sandbox, BERLIN_MITTE_API_KEY, backoff=0.001, max_retries=2, timeout=2.0
    )
    events = EventBus()
    services = Services(
        store=backend,
        studios={studio.name: StudioRuntime(studio, client)},
        clock=clock,
        events=events,
    )
    engine = Engine(services)
    with fake.installed():
        application = build_application(
            fake.token, base_url=fake.base_url, limiter=limiter, polling=False
        )
        channel = TelegramChannel(application, engine, clock)
        world = Telegram(sandbox, clock, fake, store, services, engine, channel, limiter)

        async def record(event: StaffEvent) -> None:
            world.staff.append(event)

        events.subscribe(record)
        async with application:
            yield world
        assert fake.unanswered_callbacks() == [], "every button press must be answered"
        assert fake.violations == [], fake.violations
    await services.aclose()
    backend.close()
    store.close()


# -- real processes ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def servers() -> Iterator[Servers]:
    """One thread serving the fakes and sandboxes of every real-process scenario."""
    with Servers() as running:
        yield running


@pytest.fixture
def outside(servers: Servers) -> Iterator[Outside]:
    """A fresh sandbox, fake Bot API and fake Slack, served on 127.0.0.1."""
    world = Outside.start(servers)
    try:
        yield world
    finally:
        world.close()
