"""The client-side window keeps each endpoint under the vendor quota by waiting, not failing."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import httpx
import pytest

from bot.clock import FakeClock, SimulatedClock
from bot.perfectgym import PerfectGymClient, SlidingWindowLimiter

PURCHASABLE = "GET /v1/memberships/{contractId}/self-service/additional-modules/purchasable"


@pytest.fixture
def fake_time() -> SimulatedClock:
    """A clock that only moves when someone sleeps (or the test advances it)."""
    return SimulatedClock()


def limiter(limit: int, fake_time: SimulatedClock) -> SlidingWindowLimiter:
    return SlidingWindowLimiter(limit, clock=fake_time)


async def test_the_request_after_a_full_window_waits_for_its_slot(
    fake_time: SimulatedClock,
) -> None:
    window = limiter(3, fake_time)
    for _ in range(3):
        await window.acquire("GET /x")
    assert fake_time.sleeps == []
    await window.acquire("GET /x")
    assert fake_time.sleeps == [60.0]


async def test_the_window_slides(fake_time: SimulatedClock) -> None:
    window = limiter(3, fake_time)
    for step in (0.0, 30.0, 10.0):
        fake_time.clock.advance(seconds=step)
        await window.acquire("GET /x")
    fake_time.clock.advance(seconds=5.0)  # t = 45: the oldest slot frees at t = 60
    await window.acquire("GET /x")
    assert fake_time.sleeps == [15.0]
    assert window.in_window("GET /x") == 3


async def test_separate_endpoints_have_separate_windows(fake_time: SimulatedClock) -> None:
    window = limiter(1, fake_time)
    await window.acquire("GET /a")
    await window.acquire("POST /a")
    await window.acquire("GET /b")
    assert fake_time.sleeps == []


async def test_concurrent_callers_all_get_through_in_turn(fake_time: SimulatedClock) -> None:
    window = limiter(2, fake_time)
    await asyncio.gather(*(window.acquire("GET /x") for _ in range(5)))
    assert fake_time.sleeps == [60.0, 60.0]
    assert window.in_window("GET /x") == 1


def test_a_window_needs_room_for_one_request() -> None:
    with pytest.raises(ValueError):
        SlidingWindowLimiter(0)


async def test_client_counts_per_path_template_not_per_url(
    fake_time: SimulatedClock, make_client: Callable[..., PerfectGymClient]
) -> None:
    window = limiter(2, fake_time)
    client = make_client(lambda r: httpx.Response(200, json=[]), limiter=window)
    await client.purchasable_modules(1)
    await client.purchasable_modules(2)
    assert window.in_window(PURCHASABLE) == 2
    await client.cancelation_reasons()  # another endpoint: no wait
    assert fake_time.sleeps == []
    await client.purchasable_modules(3)
    assert fake_time.sleeps == [60.0]


class Waited(Exception):
    """Raised by a sleep that refuses to wait, to observe how long the client would wait."""


async def test_requests_per_minute_sets_the_default_window(
    make_client: Callable[..., PerfectGymClient],
) -> None:
    class Refusing(FakeClock):
        async def sleep(self, seconds: float) -> None:
            raise Waited(seconds)

    client = make_client(
        lambda r: httpx.Response(200, json=[]), requests_per_minute=1, clock=Refusing()
    )
    await client.cancelation_reasons()
    with pytest.raises(Waited) as waited:
        await client.cancelation_reasons()
    assert 59.0 < waited.value.args[0] <= 60.0
