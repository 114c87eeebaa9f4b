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

from adapters.telegram import (
    FloodLimiter,
    TelegramChannel,
    Webhook,
    build_application,
)
from bot.app.runtime import assemble
from bot.app.server import build_app
from bot.app.webhooks import build_component as build_webhooks
from bot.clock import FakeClock, SimulatedClock, SystemClock
from bot.config import Settings, StudioSettings
from bot.sandbox import BERLIN_MITTE_API_KEY, BERLIN_MITTE_WEBHOOK_KEY, Sandbox
from bot.store import SqliteStore, Store
from conversations import Engine, EventBus, Services, StaffEvent, StudioRuntime
from testing.disks import MountRefused, small_disk
from testing.loop import virtual_time_loop
from testing.outside import Outside, Servers
from testing.sandbox import SANDBOX_URL, sandbox_client
from testing.store import open_store
from testing.telegram import FakeBotApi
from tests.adapters.slack.conftest import (  # noqa: F401 - the Slack desk's fixtures, shared
    desk,
    slack,
    slack_extra,
    studio_locale,
    studio_names,
)
from tests.adapters.telegram.conftest import Member

WEBHOOK_SECRET = "fault-matrix-webhook-secret"
WEBHOOK_PATH = "/telegram/webhook"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "wall_clock: real time and the ordinary event loop (real processes, HTTP)"
    )
    config.addinivalue_line(
        "markers", "small_disk: the bot's database on a 1 MiB tmpfs (root and mount needed)"
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
    limiter: FloodLimiter
    database: Path
    store: Store = field(init=False)
    """The database, read synchronously to look behind the bot."""
    services: Services = field(init=False)
    engine: Engine = field(init=False)
    channel: TelegramChannel = field(init=False)
    """Driven by ``process_update`` (``member``); ``serving`` starts one in webhook mode."""
    staff: list[StaffEvent] = field(default_factory=list)

    async def open(self) -> None:
        """Store, engine and Application on ``database``: what a process builds at start."""
        self.store = open_store(self.database)
        backend = SqliteStore.wrap(self.store)
        studio = StudioSettings(
            name="Berlin Mitte", base_url=SANDBOX_URL, api_key=BERLIN_MITTE_API_KEY
        )
        client = sandbox_client(
            self.sandbox, BERLIN_MITTE_API_KEY, backoff=0.001, max_retries=2, timeout=2.0
        )
        events = EventBus()
        events.subscribe(self._record)
        self.services = Services(
            store=backend,
            studios={studio.name: StudioRuntime(studio, client)},
            clock=self.clock,
            events=events,
        )
        self.engine = Engine(self.services)
        application = build_application(
            self.fake.token, base_url=self.fake.base_url, limiter=self.limiter, polling=False
        )
        self.channel = TelegramChannel(application, self.engine, self.clock)
        await application.initialize()

    async def close(self) -> None:
        await self.channel.application.shutdown()
        await self.services.aclose()
        self.services.store.close()
        self.store.close()

    async def restart(self) -> None:
        """As after a restart of the process: everything built anew on the same database."""
        await self.close()
        await self.open()

    async def _record(self, event: StaffEvent) -> None:
        self.staff.append(event)

    def member(self, chat_id: int = 4242) -> Member:
        return Member(self.channel, self.fake, chat_id)

    def texts(self, chat_id: int = 4242) -> list[str]:
        return self.fake.texts(chat_id)

    def module_contracts(self, contract_id: int) -> int:
        return len(self.sandbox.module_contracts_of(contract_id))

    @contextlib.asynccontextmanager
    async def serving(self) -> AsyncIterator[tuple[TelegramChannel, httpx.AsyncClient]]:
        """The bot's real HTTP app (``/healthz``, the Telegram webhook, the PerfectGym
        webhook) with a channel in webhook mode on this engine, started; a client for it
        (``httpx.ASGITransport``). Needs the ordinary loop (``wall_clock``): the store writes
        on a thread, and the webhook waits for it with a timeout."""
        application = build_application(
            self.fake.token, base_url=self.fake.base_url, limiter=self.limiter, polling=False
        )
        webhook = Webhook("https://bot.example.org/telegram/webhook", WEBHOOK_SECRET, WEBHOOK_PATH)
        # The system clock for the channel's own timers (its inbox sweep); turns keep the
        # engine's fake clock.
        channel = TelegramChannel(application, self.engine, SystemClock(), webhook=webhook)
        studio = StudioSettings(
            name="Berlin Mitte",
            base_url=SANDBOX_URL,
            api_key=BERLIN_MITTE_API_KEY,
            webhook_key=BERLIN_MITTE_WEBHOOK_KEY,
        )
        assembled = assemble(Settings(studios=[studio]), self.services)
        components = [channel, build_webhooks(assembled.runtime, assembled.reminders)]
        transport = httpx.ASGITransport(app=build_app(assembled.runtime, components))
        await channel.start()
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
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Path]:
    """The bot's SQLite file; on a 1 MiB file system of its own for tests marked
    ``small_disk`` (a tmpfs: needs root and ``mount``, else the test is skipped)."""
    if request.node.get_closest_marker("small_disk") is None:
        yield tmp_path / "bot.sqlite3"
        return
    with contextlib.ExitStack() as stack:
        try:
            disk = stack.enter_context(small_disk(tmp_path / "disk"))
        except MountRefused as exc:
            pytest.skip(f"a full disk needs a small tmpfs: {exc}")
        yield disk / "bot.sqlite3"


@pytest.fixture
async def telegram(sandbox: Sandbox, clock: FakeClock, database: Path) -> AsyncIterator[Telegram]:
    timer = SimulatedClock(clock)
    fake = FakeBotApi(now=timer.monotonic)
    world = Telegram(sandbox, clock, fake, FloodLimiter(clock=timer), database)
    with fake.installed():
        await world.open()
        try:
            yield world
        finally:
            await world.close()
        assert fake.unanswered_callbacks() == [], "every button press must be answered"
        assert fake.violations == [], fake.violations


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
