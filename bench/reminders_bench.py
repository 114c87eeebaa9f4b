"""Reminder fan-out: a campaign to 10,000 linked members through the real Telegram path.

Outbox -> claim -> facts and consent checked with PerfectGym (sandbox in-process) ->
``notices.show`` through ``Engine.push`` (button tokens in SQLite) -> the real
``TelegramChannel`` and ``FloodLimiter`` -> PTB's real HTTP calls, caught by the fake Bot API
(respx), which enforces Telegram's limits (30 messages/s overall, 1/s per chat, retry_after)
on a simulated clock shared with the limiter, the bot and the sandbox. Prints the achieved
rate as a share of 30 messages/s on that clock, duplicates (a chat that got it twice), lost
members (never got it) and limit violations; then the same fan-out with PerfectGym's budget
enforced (950 requests/minute per endpoint, and the reminders' own share), which is what
bounds a single studio in production.

    .venv/bin/python bench/reminders_bench.py [--members 10000] [--budgeted 2000]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from adapters.telegram import FloodLimiter, TelegramChannel, build_application
from bot.app.reminders import ApiBudget, Reminders
from bot.app.runtime import assemble
from bot.clock import FakeClock, SimulatedClock
from bot.config import ReminderSettings, Settings, StudioSettings
from bot.perfectgym import SlidingWindowLimiter
from bot.sandbox import BERLIN_MITTE_API_KEY, Sandbox, seed_members
from bot.store import ChatLink, SqliteStore, Store
from conversations import EventBus, Services, StudioRuntime
from testing.sandbox import SANDBOX_URL, sandbox_client
from testing.telegram import FakeBotApi

TELEGRAM_LIMIT = 30.0


@dataclass
class FanOut:
    members: int
    sent: int
    simulated: float
    wall: float
    duplicates: int
    lost: int
    violations: int

    @property
    def rate(self) -> float:
        """Messages per second over the span of the sends plus the last one's 1 s window."""
        return self.sent / (self.simulated + 1.0)

    def summary(self, label: str) -> str:
        return (
            f"{label}: {self.sent:,}/{self.members:,} sent over {self.simulated:,.0f} s simulated "
            f"({self.wall:,.1f} s wall) = {self.rate:.1f} msg/s = "
            f"{self.rate / TELEGRAM_LIMIT:.0%} of Telegram's 30 msg/s; duplicates "
            f"{self.duplicates}, lost {self.lost}, limit violations {self.violations}"
        )


async def fan_out(members: int, *, vendor_budget: bool, concurrency: int = 32) -> FanOut:
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    clock = FakeClock()
    timer = SimulatedClock(clock)
    sandbox = Sandbox.demo(clock=clock)
    people = seed_members(sandbox, members)
    fake = FakeBotApi(now=timer.monotonic)
    per_endpoint = 950 if vendor_budget else 10**9
    client = sandbox_client(
        sandbox,
        BERLIN_MITTE_API_KEY,
        limiter=SlidingWindowLimiter(per_endpoint, clock=timer),
    )
    studio = StudioSettings(name="Berlin Mitte", base_url=SANDBOX_URL, api_key=BERLIN_MITTE_API_KEY)
    reminders = ReminderSettings(send_concurrency=concurrency)
    settings = Settings(studios=[studio], reminders=reminders)
    with tempfile.TemporaryDirectory() as scratch, fake.installed():
        store = Store.open(Path(scratch) / "bench.sqlite3")
        backend = SqliteStore.wrap(store)
        services = Services(
            store=backend,
            studios={studio.name: StudioRuntime(studio, client)},
            clock=clock,
            events=EventBus(),
        )
        runtime = assemble(settings, services).runtime
        application = build_application(
            fake.token, base_url=fake.base_url, limiter=FloodLimiter(clock=timer), polling=False
        )
        channel = TelegramChannel(application, runtime.engine, clock)
        runtime.channels.register(channel)
        link_all(store, [p.id for p in people], clock)
        budget = (
            ApiBudget(
                None,
                SlidingWindowLimiter(settings.reminders.api_calls_per_minute, clock=timer),
            )
            if vendor_budget
            else ApiBudget.unlimited()
        )
        hub = Reminders(
            settings,
            services,
            runtime.engine,
            runtime.channels,
            budget=budget,
            concurrency=concurrency,
        )
        async with application:
            await runtime.desk.schedule_campaign(None, "Sauna", clock.now(), actor="bench")
            await hub.plan()
            wall = time.perf_counter()
            report = await hub.send_due()
            wall = time.perf_counter() - wall
        await services.aclose()
        backend.close()
        store.close()
    accepted = [call for call in fake.calls_to("sendMessage") if call.status == 200]
    delivered = Counter(call.params["chat_id"] for call in accepted)
    simulated = accepted[-1].at - accepted[0].at if accepted else 0.0
    return FanOut(
        members=members,
        sent=report.sent,
        simulated=simulated,
        wall=wall,
        duplicates=sum(1 for count in delivered.values() if count > 1),
        lost=members - len(delivered),
        violations=len(fake.violations),
    )


def link_all(store: Store, customers: list[int], clock: FakeClock) -> None:
    now = clock.now()
    with store.transaction():
        for customer_id in customers:
            store.save_link(
                ChatLink(
                    platform="telegram",
                    chat_id=str(customer_id),
                    studio="Berlin Mitte",
                    customer_id=customer_id,
                    contract_id=1_000_000 + customer_id,
                    language="en",
                    marketing_consent=True,
                    linked_at=now,
                    updated_at=now,
                )
            )


async def main(members: int = 10_000, budgeted: int = 2_000) -> FanOut:
    logging.getLogger("httpx").setLevel(logging.WARNING)
    free = await fan_out(members, vendor_budget=False)
    print(free.summary(f"reminder fan-out, {members:,} members, PerfectGym budget lifted"))
    if budgeted:
        bound = await fan_out(budgeted, vendor_budget=True)
        print(
            bound.summary(
                f"same with PerfectGym's budget (950/min per endpoint, reminders' share "
                f"{ReminderSettings().api_calls_per_minute}/min), {budgeted:,} members"
            )
        )
    if free.duplicates or free.lost or free.violations:
        raise RuntimeError("reminders were duplicated, lost, or broke Telegram's limits")
    return free


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--budgeted", type=int, default=2_000)
    args = parser.parse_args()
    asyncio.run(main(args.members, args.budgeted))
