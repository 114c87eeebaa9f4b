"""Our Telegram path against the bare python-telegram-bot baseline, measured in one run.

Prints, in this order (issue 13's goals beside each figure):

1. throughput at 300 and 1000 booking dialogs, 25 at a time: ours, PTB with its default
   persistence (every 60 s) and PTB persisting every update, run interleaved (A B C A B C
   ..., ``--pairs`` rounds), medians and the ratios of the medians (with the spread of the
   per-round ratios);
2. latency per update at one dialog at a time (p50, p99), interleaved the same way;
3. counts, which noise cannot blur: SQL statements and write transactions per update of
   our booking dialog, PerfectGym requests per completed booking after linking;
4. scale: our throughput with 1,000 and with 100,000 linked members in the database;
5. memory: peak RSS of a process with 100,000 linked members, 10,000 open conversations and
   a full outbox while dialogs run (``bench/memory_bench.py`` in a subprocess).

    .venv/bin/python bench/compare.py [--pairs 3] [--sizes 300,1000] [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.population import Population
from bench.systems import (
    DIALOG_BUTTONS,
    LINKING_UPDATES,
    OURS,
    PTB_DEFAULT,
    PTB_EVERY_UPDATE,
    SYSTEMS,
    Counters,
    Run,
    run_system,
)

CONCURRENCY = 25
GOALS = {PTB_DEFAULT: 0.8, PTB_EVERY_UPDATE: 1.5}
"""Our throughput at least this many times the baseline's."""
LATENCY_GOAL = 1.3
"""Our p50 at one dialog at a time at most this many times the default baseline's."""
MAX_STATEMENTS, MAX_TRANSACTIONS, MAX_BOOKING_CALLS = 15, 1.2, 5
SCALE_SIZES = (1_000, 100_000)
SCALE_GOAL = 0.10
ROOT = Path(__file__).resolve().parent.parent


def _verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


@dataclass
class Rounds:
    """Runs of each system, in the order they ran."""

    runs: dict[str, list[Run]] = field(default_factory=dict)

    def add(self, run: Run) -> None:
        self.runs.setdefault(run.system, []).append(run)

    def median_rate(self, system: str) -> float:
        return statistics.median(run.rate for run in self.runs[system])

    def ratios(self, system: str, against: str) -> list[float]:
        return [a.rate / b.rate for a, b in zip(self.runs[system], self.runs[against], strict=True)]


async def throughput(sizes: list[int], pairs: int) -> dict[int, Rounds]:
    print(f"== throughput: booking dialogs, {CONCURRENCY} at a time, {pairs} interleaved rounds")
    results: dict[int, Rounds] = {}
    for members in sizes:
        rounds = results[members] = Rounds()
        for _ in range(pairs):
            for system in SYSTEMS:
                run = await run_system(system, members, CONCURRENCY)
                if run.purchases != members:
                    raise RuntimeError(f"{system}: {run.purchases} purchases of {members}")
                rounds.add(run)
        print(f"  {members} dialogs ({members * 8} updates):")
        for system in SYSTEMS:
            rates = ", ".join(f"{run.rate:,.0f}" for run in rounds.runs[system])
            print(f"    {system:17} median {rounds.median_rate(system):7,.0f} updates/s  ({rates})")
        for against, goal in GOALS.items():
            ratio = rounds.median_rate(OURS) / rounds.median_rate(against)
            spread = rounds.ratios(OURS, against)
            print(
                f"    ours / {against:17} {ratio:5.2f}x  (rounds {min(spread):.2f}.."
                f"{max(spread):.2f}; goal >= {goal}x: {_verdict(ratio >= goal)})"
            )
    return results


async def latency(pairs: int, dialogs: int) -> None:
    print(f"== latency per update, one dialog at a time ({dialogs} dialogs x {pairs} rounds)")
    pooled: dict[str, list[float]] = {system: [] for system in SYSTEMS}
    for _ in range(pairs):
        for system in SYSTEMS:
            pooled[system] += (await run_system(system, dialogs, 1)).latencies
    p50 = {}
    for system in SYSTEMS:
        ordered = sorted(pooled[system])
        p50[system] = ordered[len(ordered) // 2] * 1000
        p99 = ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))] * 1000
        print(f"    {system:17} p50 {p50[system]:5.2f} ms   p99 {p99:6.2f} ms")
    ratio = p50[OURS] / p50[PTB_DEFAULT]
    print(
        f"    ours p50 / {PTB_DEFAULT} p50 = {ratio:.2f}x "
        f"(goal <= {LATENCY_GOAL}x: {_verdict(ratio <= LATENCY_GOAL)})"
    )


async def counts(dialogs: int) -> None:
    print(f"== counts: our booking dialog ({dialogs} dialogs, one at a time)")
    counters = Counters()
    run = await run_system(OURS, dialogs, 1, counters=counters)
    assert counters.sql is not None and counters.calls is not None
    sql = counters.sql
    statements, transactions = sql.statements / run.updates, sql.commits / run.updates
    print(
        f"    SQL statements per update   {statements:5.1f}  (goal <= {MAX_STATEMENTS}: "
        f"{_verdict(statements <= MAX_STATEMENTS)})"
    )
    print(
        f"    write transactions / update {transactions:5.2f}  (BEGIN..COMMIT; goal <= "
        f"{MAX_TRANSACTIONS}: {_verdict(transactions <= MAX_TRANSACTIONS)})"
    )
    booked = len(counters.booking_sql) * len(DIALOG_BUTTONS)
    booking_tx = sum(c for c, _ in counters.booking_sql) / booked
    booking_statements = sum(n for _, n in counters.booking_sql) / booked
    print(
        f"    the booking after linking ({len(DIALOG_BUTTONS)} updates): "
        f"{booking_tx:.2f} write transactions and {booking_statements:.1f} statements per update "
        f"(goals <= {MAX_TRANSACTIONS} and <= {MAX_STATEMENTS}: "
        f"{_verdict(booking_tx <= MAX_TRANSACTIONS and booking_statements <= MAX_STATEMENTS)})"
    )
    kinds = ", ".join(f"{kind} {n / run.updates:.1f}" for kind, n in sql.kinds.most_common())
    print(f"      by kind per update: {kinds}")
    booking = max(counters.booking_calls)
    total = len(counters.calls.requests) / dialogs
    print(
        f"    PerfectGym calls per completed booking after linking {booking} "
        f"(goal <= {MAX_BOOKING_CALLS}: {_verdict(booking <= MAX_BOOKING_CALLS)}); "
        f"{total:.1f} per dialog with the {LINKING_UPDATES} linking updates"
    )
    per_endpoint = Counter(counters.calls.by_endpoint())
    for endpoint, n in sorted(per_endpoint.items(), key=lambda item: -item[1]):
        print(f"      {n / dialogs:4.1f}  {endpoint}")


async def scale(pairs: int, dialogs: int) -> None:
    print(f"== scale: ours, {dialogs} dialogs {CONCURRENCY} at a time, by linked members in the DB")
    rates: dict[int, list[float]] = {size: [] for size in SCALE_SIZES}
    for _ in range(pairs):
        for size in SCALE_SIZES:
            population = Population(linked=size)
            run = await run_system(OURS, dialogs, CONCURRENCY, population=population)
            rates[size].append(run.rate)
    medians = {size: statistics.median(values) for size, values in rates.items()}
    for size in SCALE_SIZES:
        values = ", ".join(f"{rate:,.0f}" for rate in rates[size])
        print(f"    {size:>7,} linked members  median {medians[size]:6,.0f} updates/s  ({values})")
    low, high = SCALE_SIZES
    drop = 1 - medians[high] / medians[low]
    print(
        f"    {high:,} vs {low:,}: {-drop:+.0%} (goal within {SCALE_GOAL:.0%}: "
        f"{_verdict(abs(drop) <= SCALE_GOAL)})"
    )


def memory(dialogs: int) -> None:
    print("== memory (a process of its own)")
    script = ROOT / "bench" / "memory_bench.py"
    command = [sys.executable, str(script), "--dialogs", str(dialogs)]
    subprocess.run(command, check=True)


async def main(sizes: list[int], pairs: int, quick: bool = False) -> None:
    scale_dialogs, latency_dialogs, memory_dialogs = (100, 20, 100) if quick else (300, 50, 300)
    await counts(20 if quick else 50)
    await throughput(sizes, pairs)
    await latency(pairs, latency_dialogs)
    await scale(pairs, scale_dialogs)
    memory(memory_dialogs)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=3, help="interleaved rounds (default 3)")
    parser.add_argument("--sizes", default="300,1000", help="dialog counts (default 300,1000)")
    parser.add_argument("--quick", action="store_true", help="1 round, 100 dialogs: a smoke run")
    args = parser.parse_args()
    sizes = [100] if args.quick else [int(size) for size in args.sizes.split(",")]
    asyncio.run(main(sizes, 1 if args.quick else args.pairs, args.quick))
