"""Engine throughput: full booking dialogs through ``Engine.handle``, in-process sandbox.

Each member links (customer number + date of birth), opens the offers, the sauna, chooses
"without trial" and confirms: 8 turns, 5 of them calling PerfectGym, one purchase each.
Prints turns per second and p50/p99 latency of one turn.

    .venv/bin/python bench/engine_bench.py [--members 300] [--concurrency 25]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.options import BENCH_OPTIONS
from bot.config import StudioSettings
from bot.sandbox import BERLIN_MITTE_API_KEY, Sandbox, seed_members
from bot.store import SqliteStore
from conversations import Command, Engine, Incoming, Outgoing, Services, StudioRuntime
from testing.sandbox import SANDBOX_URL, sandbox_client


@dataclass
class BenchResult:
    turns: int
    seconds: float
    latencies: list[float]
    purchases: int

    @property
    def turns_per_second(self) -> float:
        return self.turns / self.seconds

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000

    def summary(self, label: str) -> str:
        return (
            f"{label}: {self.turns} turns in {self.seconds:.2f} s = {self.turns_per_second:,.0f} "
            f"turns/s; turn latency p50 {self.percentile(0.5):.1f} ms, "
            f"p99 {self.percentile(0.99):.1f} ms; purchases {self.purchases}"
        )


def build_engine(sandbox: Sandbox, db: Path) -> tuple[Engine, Services]:
    """An engine whose PerfectGym client talks to the sandbox app in-process (no sockets)."""
    client = sandbox_client(sandbox, BERLIN_MITTE_API_KEY, requests_per_minute=10**6)
    studio = StudioSettings(name="Berlin Mitte", base_url=SANDBOX_URL, api_key=BERLIN_MITTE_API_KEY)
    services = Services(
        store=SqliteStore.open(db),
        studios={"Berlin Mitte": StudioRuntime(studio, client)},
        clock=sandbox.clock,
        options=BENCH_OPTIONS,
    )
    return Engine(services), services


def _button(replies: list[Outgoing], label: str) -> str:
    for reply in replies:
        for button in reply.flat_buttons:
            if label in button.label:
                return button.token
    raise RuntimeError(f"no button {label!r} in {[r.text for r in replies]}")


async def booking_dialog(engine: Engine, chat_id: str, number: str, latencies: list[float]) -> None:
    async def turn(**kind: object) -> list[Outgoing]:
        incoming = Incoming(platform="bench", chat_id=chat_id, user_id=chat_id, language_hint="en",
                            **kind)  # type: ignore[arg-type]  # fmt: skip
        started = time.perf_counter()
        replies = await engine.handle(incoming)
        latencies.append(time.perf_counter() - started)
        return replies

    await turn(command=Command.START)
    await turn(text=number)
    replies = await turn(text="01.01.1990")
    replies = await turn(button=_button(replies, "Discover modules"))
    replies = await turn(button=_button(replies, "Sauna"))
    replies = await turn(button=_button(replies, "Book"))
    replies = await turn(button=_button(replies, "without trial"))
    replies = await turn(button=_button(replies, "Book and pay"))
    if not any("Booked!" in reply.text for reply in replies):
        raise RuntimeError(f"booking failed: {[r.text for r in replies]}")


async def run_engine_bench(members: int = 300, concurrency: int = 25) -> BenchResult:
    sandbox = Sandbox.demo()
    people = seed_members(sandbox, members)
    with tempfile.TemporaryDirectory() as scratch:
        engine, services = build_engine(sandbox, Path(scratch) / "bench.sqlite3")
        latencies: list[float] = []
        gate = asyncio.Semaphore(concurrency)

        async def one(index: int) -> None:
            async with gate:
                await booking_dialog(
                    engine, f"chat{index}", people[index].customer_number, latencies
                )

        started = time.perf_counter()
        await asyncio.gather(*(one(i) for i in range(members)))
        seconds = time.perf_counter() - started
        purchases = sum(len(sandbox.module_contracts_of(1_000_000 + p.id)) for p in people)
        await services.aclose()
        services.store.close()
    return BenchResult(len(latencies), seconds, latencies, purchases)


async def main(members: int = 300, concurrency: int = 25) -> BenchResult:
    result = await run_engine_bench(members, concurrency)
    print(result.summary(f"engine only ({members} booking dialogs, {concurrency} at a time)"))
    print(f"  mean turn {statistics.mean(result.latencies) * 1000:.1f} ms")
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=25)
    args = parser.parse_args()
    asyncio.run(main(args.members, args.concurrency))
