"""``VirtualTimeLoop``: idle waits cost no wall time, order and I/O stay as they were."""

from __future__ import annotations

import asyncio
import time

from testing.loop import VirtualTimeLoop


def run(coroutine_function: object) -> object:
    with asyncio.Runner(loop_factory=VirtualTimeLoop) as runner:
        return runner.run(coroutine_function())  # type: ignore[operator]


def test_sleeps_and_timeouts_take_loop_time_not_wall_time() -> None:
    async def scenario() -> tuple[float, bool]:
        loop = asyncio.get_running_loop()
        started = loop.time()
        await asyncio.sleep(30)
        try:
            async with asyncio.timeout(60):
                await asyncio.Event().wait()
            timed_out = False
        except TimeoutError:
            timed_out = True
        return loop.time() - started, timed_out

    wall = time.perf_counter()
    elapsed, timed_out = run(scenario)  # type: ignore[misc]
    assert time.perf_counter() - wall < 1.0
    assert timed_out and 90 <= elapsed < 91


def test_timers_fire_in_their_order() -> None:
    async def scenario() -> list[int]:
        order: list[int] = []

        async def after(delay: float, mark: int) -> None:
            await asyncio.sleep(delay)
            order.append(mark)

        await asyncio.gather(after(3, 3), after(1, 1), after(2, 2))
        return order

    assert run(scenario) == [1, 2, 3]


def test_a_thread_with_no_timer_pending_is_waited_for() -> None:
    async def scenario() -> int:
        return await asyncio.to_thread(lambda: (time.sleep(0.02), 42)[1])

    assert run(scenario) == 42
