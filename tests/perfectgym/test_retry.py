"""Reads are retried with bounded backoff; a purchase is never sent twice."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime

import httpx
import pytest

from bot.clock import FakeClock
from bot.perfectgym import (
    ConnectError,
    NotFound,
    PerfectGymClient,
    PerfectGymError,
    RateLimited,
    RequestTimeout,
    RetryPolicy,
    ServerError,
    Unavailable,
)

from .conftest import API_KEY, Recorder, error_body

CUSTOMER = {"id": 1001, "status": "MEMBER", "accessRefusal": False}


def replies(*answers: httpx.Response | type[httpx.TransportError]) -> Callable[..., httpx.Response]:
    """A handler that plays ``answers`` in order (an exception class is raised)."""
    queue: Iterator[httpx.Response | type[httpx.TransportError]] = iter(answers)

    def handle(request: httpx.Request) -> httpx.Response:
        answer = next(queue)
        if isinstance(answer, httpx.Response):
            return answer
        raise answer("simulated", request=request)

    return handle


@pytest.mark.parametrize(
    "first",
    [
        httpx.Response(429, headers={"Retry-After": "1"}, json=error_body()),
        httpx.Response(503, json=error_body()),
        httpx.ReadTimeout,
        httpx.ConnectTimeout,
        httpx.ConnectError,
    ],
    ids=["429", "503", "read-timeout", "connect-timeout", "connect-error"],
)
async def test_get_is_retried_then_succeeds(
    first: httpx.Response | type[httpx.TransportError],
    make_client: Callable[..., PerfectGymClient],
    recorder: Recorder,
) -> None:
    client = make_client(replies(first, httpx.Response(200, json=CUSTOMER)))
    customer = await client.customer(1001)
    assert customer.id == 1001
    assert len(recorder.requests) == 2
    assert len(recorder.sleeps) == 1


async def test_retry_after_is_honoured(
    make_client: Callable[..., PerfectGymClient], recorder: Recorder
) -> None:
    limited = httpx.Response(429, headers={"Retry-After": "4"}, json=error_body())
    client = make_client(replies(limited, httpx.Response(200, json=CUSTOMER)))
    await client.customer(1001)
    assert recorder.sleeps == [4.0]


async def test_gives_up_after_max_retries_with_growing_bounded_waits(
    make_client: Callable[..., PerfectGymClient], recorder: Recorder
) -> None:
    client = make_client(lambda r: httpx.Response(503, json=error_body()), backoff=0.5)
    with pytest.raises(Unavailable):
        await client.customer(1001)
    assert len(recorder.requests) == 4  # first try + max_retries=3
    for n, wait in enumerate(recorder.sleeps):
        assert 0.5 * 2**n * 0.5 <= wait <= 0.5 * 2**n


async def test_waits_never_exceed_max_retry_wait(
    make_client: Callable[..., PerfectGymClient], recorder: Recorder
) -> None:
    client = make_client(
        lambda r: httpx.Response(503), backoff=8.0, max_retries=4, max_retry_wait=10.0
    )
    with pytest.raises(Unavailable):
        await client.studio_information()
    assert len(recorder.sleeps) == 4 and max(recorder.sleeps) == 10.0


async def test_long_rate_limit_is_raised_at_once(
    make_client: Callable[..., PerfectGymClient], recorder: Recorder, clock: FakeClock
) -> None:
    clock.set(datetime(2026, 11, 26, 10, 0, 5, tzinfo=UTC))  # blocked for up to a minute
    client = make_client(lambda r: httpx.Response(429, json=error_body()))
    with pytest.raises(RateLimited) as caught:
        await client.additional_modules()
    assert caught.value.retry_after == 60.0
    assert len(recorder.requests) == 1 and recorder.sleeps == []


@pytest.mark.parametrize(
    "answer", [httpx.Response(500, json=error_body()), httpx.Response(404, json=error_body())]
)
async def test_definite_failures_are_not_retried(
    answer: httpx.Response, make_client: Callable[..., PerfectGymClient], recorder: Recorder
) -> None:
    client = make_client(lambda r: answer)
    with pytest.raises((ServerError, NotFound)):
        await client.customer(1001)
    assert len(recorder.requests) == 1


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(503, json=error_body()),
        httpx.Response(429, headers={"Retry-After": "1"}, json=error_body()),
        httpx.ReadTimeout,
        httpx.RemoteProtocolError,
    ],
    ids=["503", "429", "read-timeout", "dropped"],
)
async def test_purchase_is_never_retried_once_sent(
    answer: httpx.Response | type[httpx.TransportError],
    make_client: Callable[..., PerfectGymClient],
    recorder: Recorder,
) -> None:
    client = make_client(replies(answer, httpx.Response(200, json={"id": 1001})))
    with pytest.raises(PerfectGymError):
        await client.purchase(1000, 203, 204, False)
    assert len(recorder.requests) == 1
    assert recorder.sleeps == []


async def test_purchase_is_retried_when_the_connection_never_opened(
    make_client: Callable[..., PerfectGymClient], recorder: Recorder
) -> None:
    client = make_client(replies(httpx.ConnectError, httpx.Response(200, json={"id": 1001})))
    contract = await client.purchase(1000, 203, 204, False)
    assert contract.id == 1001
    assert len(recorder.requests) == 2


async def test_purchase_connect_errors_give_up_after_max_retries(
    make_client: Callable[..., PerfectGymClient], recorder: Recorder
) -> None:
    client = make_client(replies(*[httpx.ConnectError] * 3), max_retries=2)
    with pytest.raises(ConnectError):
        await client.purchase(1000, 203, 204, False)
    assert len(recorder.requests) == 3


@pytest.fixture
async def counting_silent_server() -> AsyncIterator[tuple[str, list[bytes]]]:
    """A real server on loopback that reads each request and never answers."""
    received: list[bytes] = []
    release = asyncio.Event()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        received.append(await reader.read(65536))
        await release.wait()
        writer.close()
        await writer.wait_closed()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    yield f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}", received
    release.set()
    server.close()
    await server.wait_closed()


async def test_purchase_timeout_reaches_the_server_exactly_once(
    counting_silent_server: tuple[str, list[bytes]], recorder: Recorder
) -> None:
    url, received = counting_silent_server
    async with PerfectGymClient(url, API_KEY, timeout=0.15, clock=recorder.clock) as client:
        with pytest.raises(RequestTimeout) as caught:
            await client.purchase(1000, 203, 204, False)
    assert caught.value.request_sent is True
    assert len(received) == 1 and b"/additional-modules/purchase" in received[0]


def test_policy_jitter_stays_within_half_to_full_backoff() -> None:
    low = RetryPolicy(backoff=1.0, random=lambda: 0.0)
    high = RetryPolicy(backoff=1.0, random=lambda: 1.0)
    error = Unavailable(503, "busy")
    assert [low.delay("GET", error, n) for n in range(3)] == [0.5, 1.0, 2.0]
    assert [high.delay("GET", error, n) for n in range(3)] == [1.0, 2.0, 4.0]
    assert high.delay("GET", error, 3) is None
