"""InFlight: work outlives the request that started it; drain waits; failures are logged."""

from __future__ import annotations

import asyncio
import logging

import pytest

from bot.sandbox._inflight import InFlight


async def test_cancelled_caller_leaves_the_work_running_until_drained() -> None:
    in_flight, done = InFlight(), asyncio.Event()

    async def work() -> str:
        await asyncio.sleep(0.05)
        done.set()
        return "made"

    caller = asyncio.create_task(in_flight.run(work(), "purchase"))
    await asyncio.sleep(0)
    caller.cancel()
    with pytest.raises(asyncio.CancelledError):
        await caller
    await in_flight.drain()
    assert done.is_set()


async def test_failure_nobody_awaits_is_logged(caplog: pytest.LogCaptureFixture) -> None:
    in_flight = InFlight()

    async def work() -> None:
        await asyncio.sleep(0.01)
        raise RuntimeError("boom")

    caller = asyncio.create_task(in_flight.run(work(), "purchase"))
    await asyncio.sleep(0)
    caller.cancel()
    with caplog.at_level(logging.ERROR, logger="bot.sandbox._inflight"):
        await in_flight.drain()
    assert "sandbox-purchase failed" in caplog.text
