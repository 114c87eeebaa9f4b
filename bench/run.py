"""Run every benchmark and print its figures (``make bench``)."""

from __future__ import annotations

import asyncio
import importlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

BENCHMARKS = [
    "bench.engine_bench",
    "bench.telegram_bench",
    "bench.webhooks_bench",
    "bench.reminders_bench",
]


async def main() -> None:
    for name in BENCHMARKS:
        print(f"== {name}")
        module = importlib.import_module(name)
        await module.main()


if __name__ == "__main__":
    asyncio.run(main())
