"""Where a turn's time goes: our Telegram path under pyinstrument (``make profile``).

Runs the booking dialogs of ``bench/compare.py`` (ours only) inside pyinstrument's
sampling profiler, writes the whole profile as HTML and text beside each other, and prints
the functions with the most time of their own (flat) and the top of the call tree.

    .venv/bin/python bench/profile.py [--dialogs 300] [--members-in-db 0] [--out profile]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from collections import Counter
from typing import Any

from pyinstrument import Profiler

from bench.population import Population
from bench.systems import OURS, run_system


async def profile(dialogs: int, concurrency: int, population: Population | None) -> Profiler:
    profiler = Profiler(interval=0.001, async_mode="disabled")
    profiler.start()
    run = await run_system(OURS, dialogs, concurrency, population=population)
    profiler.stop()
    print(f"{run.updates} updates at {run.rate:,.0f}/s (slower under the profiler)")
    return profiler


def main(dialogs: int, concurrency: int, members: int, out: Path, top: int) -> None:
    population = Population(linked=members) if members else None
    profiler = asyncio.run(profile(dialogs, concurrency, population))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.with_suffix(".html").write_text(profiler.output_html())
    out.with_suffix(".txt").write_text(profiler.output_text(unicode=True, show_all=False))
    session = profiler.last_session
    assert session is not None
    root = session.root_frame()
    assert root is not None
    own: Counter[str] = Counter()
    total: Counter[str] = Counter()
    areas: Counter[str] = Counter()
    _walk(root, own, total, areas, frozenset())
    whole = root.time
    print(f"-- whole profile in {out}.html / .txt; {whole:.1f} s sampled")
    print("-- time by area (own time of the functions in it)")
    for area, seconds in areas.most_common():
        print(f"   {seconds / whole:6.1%}  {area}")
    print(f"-- top {top} of our code by time spent in it and below (inclusive)")
    ours = [(name, t) for name, t in total.most_common() if _ours(name)]
    for name, seconds in ours[:top]:
        print(f"   {seconds / whole:6.1%}  {name}")
    print(f"-- top {top} functions by own time")
    for name, seconds in own.most_common(top):
        print(f"   {seconds / whole:6.1%}  {name}")


AREAS = (
    ("bot/store/", "store (bot/store)"),
    ("sqlite_utils/", "store (sqlite-utils)"),
    ("conversations/", "conversations"),
    ("adapters/", "adapters"),
    ("bot/perfectgym/", "PerfectGym client"),
    ("bot/sandbox/", "sandbox (PerfectGym stand-in)"),
    ("testing/", "fakes (testing/)"),
    ("respx/", "fakes (respx)"),
    ("telegram/", "python-telegram-bot"),
    ("httpx/", "httpx"),
    ("httpcore/", "httpx"),
    ("starlette/", "sandbox (starlette)"),
    ("pydantic", "pydantic"),
    ("babel/", "babel"),
    ("asyncio/", "asyncio"),
)


def _area(path: str) -> str:
    for marker, area in AREAS:
        if marker in path:
            return area
    if path.startswith("<"):
        return "built-ins (sqlite3 calls, json, ...)"
    return "other"


def _ours(name: str) -> bool:
    return any(part in name for part in ("bot/", "conversations/", "adapters/"))


def _walk(
    frame: Any,
    own: Counter[str],
    total: Counter[str],
    areas: Counter[str],
    above: frozenset[str],
) -> None:
    """Own time per function, inclusive time per function (once per stack), time per area.

    pyinstrument puts a function's own time in synthetic ``[self]`` leaves under it.
    """
    name = f"{frame.function}  {frame.file_path_short}:{frame.line_no}"
    if name not in above:
        total[name] += frame.time
    path = frame.file_path or ""
    leaves = [child for child in frame.children if child.is_synthetic_leaf]
    mine = sum(child.time for child in leaves) if frame.children else frame.time
    own[name] += mine
    areas[_area(path)] += mine
    for child in frame.children:
        if not child.is_synthetic_leaf:
            _walk(child, own, total, areas, above | {name})


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dialogs", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=25)
    parser.add_argument("--members-in-db", type=int, default=0)
    parser.add_argument("--out", type=Path, default=Path("profile"))
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()
    main(args.dialogs, args.concurrency, args.members_in_db, args.out, args.top)
