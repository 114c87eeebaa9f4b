"""A chat held by one process is held for every other process on the file, and a killed
holder frees it at once (real processes: POSIX record locks belong to a process)."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from pathlib import Path

from bot.store import SqliteStore

HOLDER = """
import asyncio, sys
from bot.store import SqliteStore

async def main() -> None:
    store = SqliteStore.open(sys.argv[1])
    async with store.hold_chat("telegram", "42"):
        print("held", flush=True)
        await asyncio.sleep(float(sys.argv[2]))
    print("released", flush=True)

asyncio.run(main())
"""


def _holder(db: Path, seconds: float) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db), str(seconds)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "held"
    return child


def _end(child: subprocess.Popen[str]) -> None:
    child.kill()
    child.wait()
    assert child.stdout is not None
    child.stdout.close()


async def _time_to_hold(store: SqliteStore, chat: str = "42") -> float:
    started = time.monotonic()
    async with store.hold_chat("telegram", chat):
        return time.monotonic() - started


async def test_another_process_waits_for_the_holder(tmp_path: Path) -> None:
    db = tmp_path / "bot.sqlite3"
    store = SqliteStore.open(db)
    child = _holder(db, 0.5)
    try:
        assert await _time_to_hold(store, "7") < 0.2  # another chat: not held up
        waited = await _time_to_hold(store)
        assert waited > 0.3
        assert child.wait(timeout=5) == 0
    finally:
        _end(child)
        store.close()


async def test_a_killed_holder_frees_the_chat_at_once(tmp_path: Path) -> None:
    db = tmp_path / "bot.sqlite3"
    store = SqliteStore.open(db)
    child = _holder(db, 60)
    try:
        attempt = asyncio.create_task(_time_to_hold(store))
        await asyncio.sleep(0.2)
        assert not attempt.done()
        child.kill()
        assert await asyncio.wait_for(attempt, timeout=5) < 2
    finally:
        _end(child)
        store.close()
