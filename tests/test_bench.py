"""The benchmarks still run, at toy sizes: a changed helper breaks them here, not in silence."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from bench import engine_bench, reminders_bench, systems, telegram_bench, webhooks_bench
from bench.population import Population


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


@pytest.mark.parametrize("system", systems.SYSTEMS)
async def test_each_compared_system_books_for_every_member(system: str) -> None:
    run = await systems.run_system(system, members=2, concurrency=2)
    assert (run.updates, run.purchases) == (16, 2)


async def test_the_counts_cover_every_update_and_booking() -> None:
    counters = systems.Counters()
    population = Population(linked=20, conversations=5, outbox=20)
    run = await systems.run_system(
        systems.OURS, members=2, concurrency=1, counters=counters, population=population
    )
    assert counters.sql is not None and counters.sql.commits > 0
    assert run.updates == 16 and len(counters.booking_calls) == 2
