"""Peak memory of the bot with a big database while dialogs run (a process of its own).

Seeds 100,000 linked members, 10,000 open conversations and a full outbox (a reminder for
every member) with bulk SQL, then runs booking dialogs through the whole Telegram path and
prints the process's peak resident set (``VmHWM``), before and after.

    .venv/bin/python bench/memory_bench.py [--dialogs 300] [--members 100000]
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.population import Population
from bench.systems import OURS, run_system

GOAL_MB = 150


def peak_mb() -> float:
    """Peak resident set of this process so far, in MB.

    Linux: ``VmHWM`` of /proc/self/status, since ``ru_maxrss`` carries over the parent's peak
    through fork and exec (``make bench`` runs this after big runs in its own process).
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


async def main(dialogs: int, members: int, conversations: int, outbox: int) -> float:
    population = Population(linked=members, conversations=conversations, outbox=outbox)
    before = peak_mb()
    run = await run_system(OURS, dialogs, 25, population=population)
    after = peak_mb()
    print(f"    database: {population.describe()}")
    print(
        f"    {run.updates} updates at {run.rate:,.0f}/s; peak RSS {after:.0f} MB "
        f"(before seeding and dialogs {before:.0f} MB; goal < {GOAL_MB} MB: "
        f"{'met' if after < GOAL_MB else 'NOT met'})"
    )
    return after


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dialogs", type=int, default=300)
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--conversations", type=int, default=10_000)
    parser.add_argument("--outbox", type=int, default=100_000)
    args = parser.parse_args()
    asyncio.run(main(args.dialogs, args.members, args.conversations, args.outbox))
