"""The systems the comparison runs, each the same booking dialog through PTB's real
``Application.process_update``, the same fake Bot API (respx) and the same PerfectGym
sandbox in-process:

- ``ours``: the bot's whole Telegram path (``TelegramChannel`` -> ``Engine`` -> SQLite);
- ``ptb-60s`` and ``ptb-every-update``: the bare PTB bot of ``bench.ptb_baseline``.

``run_system`` times one run and returns a ``Run``; ``Counters`` (ours only) count SQL
statements, write transactions and PerfectGym requests per update and per booking.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import tempfile
import time
import warnings
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.ext import Application

from adapters.telegram import FloodLimiter, TelegramChannel, build_application
from bench.options import BENCH_OPTIONS
from bench.population import Population, seed_population
from bench.ptb_baseline import build_baseline
from bot.clock import FakeClock, SimulatedClock
from bot.config import StudioSettings
from bot.perfectgym import PerfectGymClient
from bot.sandbox import BERLIN_MITTE_API_KEY, Sandbox, seed_members
from bot.store import SqliteStore
from conversations import Engine, Services, StudioRuntime
from testing.counting import CountingTransport, SqlCounter
from testing.sandbox import SANDBOX_URL, SandboxTransport
from testing.telegram import FakeBotApi

OURS = "ours"
PTB_DEFAULT = "ptb-60s"
PTB_EVERY_UPDATE = "ptb-every-update"
SYSTEMS = (OURS, PTB_DEFAULT, PTB_EVERY_UPDATE)
LINKING_UPDATES = 3
"""/start, the customer number, the date of birth: the rest of the dialog is the booking."""
DIALOG_BUTTONS = ("Discover modules", "Sauna", "Book", "No, book without trial", "Book and pay")


@dataclass
class Run:
    system: str
    members: int
    concurrency: int
    updates: int
    seconds: float
    latencies: list[float]
    purchases: int

    @property
    def rate(self) -> float:
        return self.updates / self.seconds

    def percentile(self, share: float) -> float:
        """Milliseconds."""
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


@dataclass
class Counters:
    """What our dialogs cost, counted rather than timed."""

    sql: SqlCounter | None = None
    calls: CountingTransport | None = None
    booking_calls: list[int] = field(default_factory=list)
    """PerfectGym requests of each completed booking after linking (offers to receipt)."""
    booking_sql: list[tuple[int, int]] = field(default_factory=list)
    """(write transactions, statements) of each booking after linking (one at a time)."""


def _client(sandbox: Sandbox, counters: Counters | None) -> PerfectGymClient:
    transport: Any = SandboxTransport(sandbox)
    if counters is not None:
        counters.calls = transport = CountingTransport(transport)
    return PerfectGymClient(
        SANDBOX_URL, BERLIN_MITTE_API_KEY, transport=transport, requests_per_minute=10**6
    )


async def booking_dialog(
    app: Application,  # type: ignore[type-arg]
    fake: FakeBotApi,
    chat: int,
    number: str,
    latencies: list[float],
    after_linking: Callable[[], None] | None = None,
) -> None:
    """Link, then discover, open the sauna, book it without trial and pay: 8 updates."""

    async def deliver(update: dict[str, Any]) -> None:
        started = time.perf_counter()
        await app.process_update(Update.de_json(update, app.bot))
        latencies.append(time.perf_counter() - started)

    await deliver(fake.message(chat, "/start"))
    await deliver(fake.message(chat, number))
    await deliver(fake.message(chat, "01.01.1990"))
    if after_linking is not None:
        after_linking()
    for label in DIALOG_BUTTONS:
        await deliver(fake.press(chat, label))
    if not any(text.startswith("Booked!") or "\nBooked!" in text for text in fake.texts(chat)):
        raise RuntimeError(f"booking failed in chat {chat}: {fake.texts(chat)[-3:]!r}")


async def run_system(
    system: str,
    members: int,
    concurrency: int,
    *,
    population: Population | None = None,
    counters: Counters | None = None,
    scratch: Path | None = None,
) -> Run:
    """One timed run of ``members`` booking dialogs, ``concurrency`` at a time."""
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    warnings.filterwarnings("ignore", message=".*per_message.*")
    with tempfile.TemporaryDirectory(dir=scratch) as directory:
        gc.collect()
        if system == OURS:
            return await _run_ours(members, concurrency, Path(directory), population, counters)
        per_update = system == PTB_EVERY_UPDATE
        return await _run_baseline(members, concurrency, Path(directory), per_update)


async def _drive(
    app: Application,  # type: ignore[type-arg]
    fake: FakeBotApi,
    people: list[Any],
    concurrency: int,
    counters: Counters | None,
) -> tuple[float, list[float]]:
    latencies: list[float] = []
    gate = asyncio.Semaphore(concurrency)

    async def one(index: int) -> None:
        async with gate:
            start_calls = [0]
            start_sql = [(0, 0)]

            def linked() -> None:
                if counters is not None and counters.calls is not None:
                    start_calls[0] = len(counters.calls.requests)
                if counters is not None and counters.sql is not None:
                    start_sql[0] = (counters.sql.commits, counters.sql.statements)

            await booking_dialog(
                app, fake, 10_000 + index, people[index].customer_number, latencies, linked
            )
            if counters is not None and counters.calls is not None:
                counters.booking_calls.append(len(counters.calls.requests) - start_calls[0])
            if counters is not None and counters.sql is not None:
                commits, statements = start_sql[0]
                counters.booking_sql.append(
                    (counters.sql.commits - commits, counters.sql.statements - statements)
                )

    started = time.perf_counter()
    await asyncio.gather(*(one(i) for i in range(len(people))))
    return time.perf_counter() - started, latencies


async def _run_ours(
    members: int,
    concurrency: int,
    directory: Path,
    population: Population | None,
    counters: Counters | None,
) -> Run:
    clock = FakeClock()
    sandbox = Sandbox.demo(clock=clock)
    people = seed_members(sandbox, members)
    db = directory / "bot.sqlite3"
    if population is not None:
        seed_population(db, population, now=clock.now())
    timer = SimulatedClock(clock)
    fake = FakeBotApi(now=timer.monotonic)
    studio = StudioSettings(name="Berlin Mitte", base_url=SANDBOX_URL, api_key=BERLIN_MITTE_API_KEY)
    store = SqliteStore.open(db)
    client = _client(sandbox, counters)
    services = Services(
        store=store,
        studios={"Berlin Mitte": StudioRuntime(studio, client)},
        clock=clock,
        options=BENCH_OPTIONS,
    )
    if counters is not None:
        counters.sql = SqlCounter.attach(store)
    try:
        with fake.installed():
            application = build_application(
                fake.token, base_url=fake.base_url, limiter=FloodLimiter(clock=timer), polling=False
            )
            TelegramChannel(application, Engine(services), clock)
            async with application:
                if counters is not None and counters.sql is not None:
                    counters.sql.reset()
                seconds, latencies = await _drive(application, fake, people, concurrency, counters)
        if fake.violations or fake.unanswered_callbacks():
            raise RuntimeError(f"Telegram limits broken: {fake.violations[:3]}")
    finally:
        if counters is not None and counters.sql is not None:
            counters.sql.detach()
        await services.aclose()
        store.close()
    purchases = sum(len(sandbox.module_contracts_of(1_000_000 + p.id)) for p in people)
    return Run(OURS, members, concurrency, len(latencies), seconds, latencies, purchases)


async def _run_baseline(members: int, concurrency: int, directory: Path, per_update: bool) -> Run:
    clock = FakeClock()
    sandbox = Sandbox.demo(clock=clock)
    people = seed_members(sandbox, members)
    # The bare bot has no rate limiter (most have none), so the fake must not refuse it.
    fake = FakeBotApi(overall_per_second=10**9, chat_interval=0.0)
    client = _client(sandbox, None)
    system = PTB_EVERY_UPDATE if per_update else PTB_DEFAULT
    try:
        with fake.installed():
            application = build_baseline(
                client, fake.token, fake.base_url, directory / "ptb.pickle", per_update=per_update
            )
            async with application:
                await application.start()  # the persistence task (every 60 s)
                seconds, latencies = await _drive(application, fake, people, concurrency, None)
                await application.stop()  # the last write of the pickle file
    finally:
        await client.aclose()
    purchases = sum(len(sandbox.module_contracts_of(1_000_000 + p.id)) for p in people)
    return Run(system, members, concurrency, len(latencies), seconds, latencies, purchases)


Runner = Callable[..., Awaitable[Run]]

__all__ = [
    "OURS",
    "PTB_DEFAULT",
    "PTB_EVERY_UPDATE",
    "SYSTEMS",
    "Counters",
    "Run",
    "booking_dialog",
    "run_system",
]
