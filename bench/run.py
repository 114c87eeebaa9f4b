"""Run every benchmark and print its figures (``make bench``).

First the comparison with the bare python-telegram-bot baseline (``bench/compare.py``:
ratios, latency, counts, scale, memory), then the engine alone, webhook intake, the
reminder fan-out and replicas (real processes on PostgreSQL beside SQLite). ``--quick``
runs the comparison and the replicas at toy size (a smoke run).
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

BENCHMARKS = [
    "bench.engine_bench",
    "bench.webhooks_bench",
    "bench.reminders_bench",
    "bench.replicas_bench",
]
"""Each module's ``main()``; given ``quick`` when it takes it."""


async def main(quick: bool) -> None:
    from bench import compare

    print("== bench.compare")
    await compare.main([100] if quick else [300, 1000], 1 if quick else 3, quick)
    for name in BENCHMARKS:
        print(f"== {name}")
        module = importlib.import_module(name)
        if "quick" in inspect.signature(module.main).parameters:
            await module.main(quick=quick)
        else:
            await module.main()


if __name__ == "__main__":
    asyncio.run(main("--quick" in sys.argv[1:]))
