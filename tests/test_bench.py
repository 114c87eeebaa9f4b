"""The benchmarks still run, at toy sizes: a changed helper breaks them here, not in silence."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from bench import engine_bench, reminders_bench, telegram_bench, webhooks_bench


@pytest.fixture(autouse=True)
def _quiet(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The benchmarks set PTB's duration type and quiet httpx's log: undone afterwards."""
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    level = logging.getLogger("httpx").level
    yield
    logging.getLogger("httpx").setLevel(level)


async def test_engine_benchmark_books_for_every_member() -> None:
    result = await engine_bench.main(members=3, concurrency=2)
    assert (result.turns, result.purchases) == (24, 3)


async def test_telegram_benchmark_books_for_every_member_within_the_limits() -> None:
    result = await telegram_bench.main(members=2, concurrency=2)
    assert (result.turns, result.purchases) == (16, 2)


async def test_webhooks_benchmark_accepts_and_drains_every_delivery() -> None:
    assert await webhooks_bench.main(count=20, connections=2) > 0


async def test_reminders_benchmark_reaches_everyone_once() -> None:
    free = await reminders_bench.main(members=10, budgeted=5)
    assert (free.sent, free.duplicates, free.lost, free.violations) == (10, 0, 0, 0)
