"""Telegram throughput: the engine benchmark's booking dialogs through the whole Telegram path.

Every turn is a realistic Update JSON through PTB's ``Application.process_update`` -> dedupe
in SQLite -> ``Engine.handle`` (sandbox in-process) -> SQLite -> replies rendered and sent
through the flood limiter to the fake Bot API (respx), which enforces Telegram's limits.
The limiter runs on a simulated clock, so the 1 message/s per chat costs no wall time; the
figure is what the bot's own code costs. Prints updates per second beside the engine-only
figure from ``bench/engine_bench.py``.

    .venv/bin/python bench/telegram_bench.py [--members 300] [--concurrency 25]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from telegram import Update

from adapters.telegram import FloodLimiter, TelegramChannel, build_application
from bench.engine_bench import BenchResult, build_engine, run_engine_bench
from bot.clock import FakeClock, SimulatedClock
from bot.sandbox import Sandbox, seed_members
from testing.telegram import FakeBotApi

DIALOG_BUTTONS = ("Discover modules", "Sauna", "Book", "No, book without trial", "Book and pay")


async def booking_dialog(
    channel: TelegramChannel, fake: FakeBotApi, chat: int, number: str, latencies: list[float]
) -> None:
    """The same 8 turns as the engine benchmark, typed and tapped like on a phone."""
    app = channel.application

    async def deliver(update: dict[str, Any]) -> None:
        started = time.perf_counter()
        await app.process_update(Update.de_json(update, app.bot))
        latencies.append(time.perf_counter() - started)

    await deliver(fake.message(chat, "/start"))
    await deliver(fake.message(chat, number))
    await deliver(fake.message(chat, "01.01.1990"))
    for label in DIALOG_BUTTONS:
        await deliver(fake.press(chat, label))
    if not any("Booked!" in text for text in fake.texts(chat)):  # the receipt, then the menu
        raise RuntimeError(f"booking failed in chat {chat}: {fake.texts(chat)[-3:]!r}")


async def run_telegram_bench(
    members: int = 300, concurrency: int = 25
) -> tuple[BenchResult, FakeBotApi]:
    """The timed dialogs, and the fake Bot API (to check that no limit was broken)."""
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    clock = FakeClock()
    sandbox = Sandbox.demo(clock=clock)
    people = seed_members(sandbox, members)
    timer = SimulatedClock(clock)
    fake = FakeBotApi(now=timer.monotonic)
    with tempfile.TemporaryDirectory() as scratch, fake.installed():
        engine, services = build_engine(sandbox, Path(scratch) / "bench.sqlite3")
        application = build_application(
            fake.token, base_url=fake.base_url, limiter=FloodLimiter(clock=timer), polling=False
        )
        channel = TelegramChannel(application, engine, clock)
        latencies: list[float] = []
        gate = asyncio.Semaphore(concurrency)

        async def one(index: int) -> None:
            async with gate:
                await booking_dialog(
                    channel, fake, 10_000 + index, people[index].customer_number, latencies
                )

        async with application:
            started = time.perf_counter()
            await asyncio.gather(*(one(i) for i in range(members)))
            seconds = time.perf_counter() - started
        purchases = sum(len(sandbox.module_contracts_of(1_000_000 + p.id)) for p in people)
        await services.aclose()
        services.store.close()
    return BenchResult(len(latencies), seconds, latencies, purchases), fake


async def main(members: int = 300, concurrency: int = 25) -> BenchResult:
    logging.getLogger("httpx").setLevel(logging.WARNING)
    engine = await run_engine_bench(members, concurrency)
    result, fake = await run_telegram_bench(members, concurrency)
    label = f"({members} booking dialogs, {concurrency} at a time)"
    print(engine.summary(f"engine only {label}").replace("turns", "updates"))
    print(result.summary(f"telegram path {label}").replace("turns", "updates"))
    share = result.turns_per_second / engine.turns_per_second
    print(f"  telegram path runs at {share:.0%} of the engine-only rate")
    print(
        f"  {len(fake.calls)} Bot API calls, {len(fake.violations)} limit violations "
        f"(the limiter's clock is simulated: its 1 msg/s per chat costs no wall time, but a "
        f"turn's latency includes the other dialogs' work while it waits for its slot)"
    )
    if fake.violations or fake.unanswered_callbacks():
        raise RuntimeError(f"limits broken: {fake.violations[:3]}")
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=25)
    args = parser.parse_args()
    asyncio.run(main(args.members, args.concurrency))
