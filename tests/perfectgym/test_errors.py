"""Every way a call can fail ends as the right PerfectGymError, with what the caller needs."""

from __future__ import annotations

import asyncio
import inspect
import socket
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime

import httpx
import pytest
from pydantic import ValidationError

import bot.perfectgym._errors as errors_module
from bot.clock import FakeClock
from bot.perfectgym import (
    ApiError,
    AuthenticationFailed,
    BadRequest,
    Conflict,
    ConnectError,
    Forbidden,
    InvalidResponse,
    NotFound,
    PerfectGymClient,
    PerfectGymError,
    RateLimited,
    RequestTimeout,
    ServerError,
    TransportError,
    Unavailable,
)

from .conftest import API_KEY, Recorder, error_body

STATUS_CASES = [
    (400, BadRequest),
    (401, AuthenticationFailed),
    (403, Forbidden),
    (404, NotFound),
    (409, Conflict),
    (429, RateLimited),
    (500, ServerError),
    (502, ServerError),
    (503, Unavailable),
    (418, ApiError),
    (302, ApiError),
]


@pytest.mark.parametrize(("status", "expected"), STATUS_CASES)
async def test_vendor_status_maps_to_its_exception(
    status: int, expected: type[ApiError], make_client: Callable[..., PerfectGymClient]
) -> None:
    body = error_body("Kunde nicht gefunden", "customer.not.found", "trace-42")
    client = make_client(lambda r: httpx.Response(status, json=body), max_retries=0)
    with pytest.raises(ApiError) as caught:
        await client.customer(1001)
    error = caught.value
    assert type(error) is expected
    assert (error.status_code, error.error_code, error.error_message, error.trace_id) == (
        status,
        "customer.not.found",
        "Kunde nicht gefunden",
        "trace-42",
    )
    assert error.reference == "id"
    assert error.endpoint == "GET /v1/customers/{customerId}"
    assert "trace-42" in str(error) and "Kunde nicht gefunden" in str(error)


@pytest.mark.parametrize(
    "content", [b"<html>502 Bad Gateway</html>", b"", b'{"unexpected": true}', b"\xff\xfe"]
)
async def test_garbled_error_body_still_gives_the_status_exception(
    content: bytes, make_client: Callable[..., PerfectGymClient]
) -> None:
    client = make_client(lambda r: httpx.Response(500, content=content), max_retries=0)
    with pytest.raises(ServerError) as caught:
        await client.studio_information()
    assert caught.value.error_message == "HTTP 500 Internal Server Error"
    assert caught.value.error_code is None and caught.value.trace_id is None


async def test_rate_limited_takes_retry_after_from_the_header(
    make_client: Callable[..., PerfectGymClient],
) -> None:
    reply = httpx.Response(429, headers={"Retry-After": "7"}, json=error_body())
    client = make_client(lambda r: reply, max_retries=0)
    with pytest.raises(RateLimited) as caught:
        await client.customer(1)
    assert caught.value.retry_after == 7.0


async def test_rate_limited_understands_an_http_date(
    make_client: Callable[..., PerfectGymClient], clock: FakeClock
) -> None:
    clock.set(datetime(2026, 11, 26, 10, 0, 0, tzinfo=UTC))
    reply = httpx.Response(429, headers={"Retry-After": "Thu, 26 Nov 2026 10:00:20 GMT"})
    client = make_client(lambda r: reply, max_retries=0)
    with pytest.raises(RateLimited) as caught:
        await client.customer(1)
    assert caught.value.retry_after == 20.0


async def test_rate_limited_without_header_waits_a_whole_minute(
    make_client: Callable[..., PerfectGymClient], clock: FakeClock
) -> None:
    clock.set(datetime(2026, 11, 26, 10, 0, 15, 500000, tzinfo=UTC))
    client = make_client(lambda r: httpx.Response(429, json=error_body()), max_retries=0)
    with pytest.raises(RateLimited) as caught:
        await client.customer(1)
    assert caught.value.retry_after == 60.0  # when the block began is unknown


@pytest.mark.parametrize(
    ("raised", "expected", "request_sent"),
    [
        (httpx.ConnectTimeout, RequestTimeout, False),
        (httpx.PoolTimeout, RequestTimeout, False),
        (httpx.ReadTimeout, RequestTimeout, True),
        (httpx.WriteTimeout, RequestTimeout, True),
        (httpx.ConnectError, ConnectError, False),
        (httpx.ReadError, TransportError, True),
        (httpx.RemoteProtocolError, TransportError, True),
        (httpx.UnsupportedProtocol, TransportError, False),
    ],
)
async def test_httpx_failures_map_to_transport_errors(
    raised: type[httpx.TransportError],
    expected: type[TransportError],
    request_sent: bool,
    make_client: Callable[..., PerfectGymClient],
) -> None:
    def fail(request: httpx.Request) -> httpx.Response:
        raise raised("boom", request=request)

    client = make_client(fail, max_retries=0)
    with pytest.raises(TransportError) as caught:
        await client.customer(1)
    assert type(caught.value) is expected
    assert caught.value.request_sent is request_sent
    assert isinstance(caught.value.__cause__, raised)


@pytest.mark.parametrize(
    "content", [b"not json at all", b"", b'{"id": "x"}', b'[{"id": 1}]', b'{"email": "e@x.de"}']
)
async def test_a_2xx_body_that_does_not_fit_is_invalid_response(
    content: bytes, make_client: Callable[..., PerfectGymClient]
) -> None:
    client = make_client(lambda r: httpx.Response(200, content=content))
    with pytest.raises(InvalidResponse) as caught:
        await client.customer(1)
    assert isinstance(caught.value.__cause__, ValidationError)
    assert "e@x.de" not in str(caught.value)
    assert "GET /v1/customers/{customerId}" in str(caught.value)


async def test_the_api_key_never_appears_in_an_exception(
    make_client: Callable[..., PerfectGymClient],
) -> None:
    echo = error_body(f"Invalid key {API_KEY}", f"key.{API_KEY}", API_KEY)
    client = make_client(lambda r: httpx.Response(401, json=echo))
    with pytest.raises(AuthenticationFailed) as caught:
        await client.customer(1)
    assert API_KEY not in str(caught.value) and API_KEY not in repr(caught.value)
    assert API_KEY not in (caught.value.error_message + str(caught.value.error_code))
    assert API_KEY not in repr(client)


@pytest.mark.parametrize(
    ("error", "retryable"),
    [
        (RequestTimeout("t", request_sent=True), True),
        (ConnectError("c"), True),
        (TransportError("d", request_sent=True), True),
        (RateLimited(429, "slow down", retry_after=3.0), True),
        (Unavailable(503, "busy"), True),
        (ServerError(500, "oops"), False),
        (BadRequest(400, "bad"), False),
        (NotFound(404, "gone"), False),
        (InvalidResponse("junk"), False),
    ],
)
def test_retryable(error: PerfectGymError, retryable: bool) -> None:
    assert error.retryable is retryable


def test_every_exception_is_in_the_tree_with_a_one_line_docstring() -> None:
    classes = [
        obj
        for obj in vars(errors_module).values()
        if inspect.isclass(obj) and issubclass(obj, PerfectGymError)
    ]
    assert len(classes) == 14
    for cls in classes:
        doc = cls.__doc__ or ""
        assert doc and "\n" not in doc.strip(), cls.__name__
        assert cls.__name__ in (errors_module.__doc__ or ""), cls.__name__


# --- real sockets on loopback -------------------------------------------------------------


@pytest.fixture
async def silent_server() -> AsyncIterator[tuple[str, list[bytes]]]:
    """Accepts connections and reads requests but never answers."""
    received: list[bytes] = []
    release = asyncio.Event()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        received.append(await reader.read(65536))
        await release.wait()
        writer.close()
        await writer.wait_closed()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}", received
    release.set()
    server.close()
    await server.wait_closed()


@pytest.fixture
async def hanging_up_server() -> AsyncIterator[str]:
    """Reads the request, then drops the connection without a word."""

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read(65536)
        writer.close()
        await writer.wait_closed()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    server.close()
    await server.wait_closed()


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_read_timeout_means_the_request_may_have_been_processed(
    silent_server: tuple[str, list[bytes]], recorder: Recorder
) -> None:
    url, received = silent_server
    async with PerfectGymClient(url, API_KEY, timeout=0.2, max_retries=0) as client:
        with pytest.raises(RequestTimeout) as caught:
            await client.customer(1)
    assert caught.value.request_sent is True
    assert received and received[0].startswith(b"GET /v1/customers/1 ")


async def test_refused_connection_means_nothing_was_sent() -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    async with PerfectGymClient(url, API_KEY, max_retries=0) as client:
        with pytest.raises(ConnectError) as caught:
            await client.purchase(1000, 203, 204, False)
    assert caught.value.request_sent is False
    assert API_KEY not in str(caught.value)


async def test_dropped_connection_is_an_unclear_outcome(hanging_up_server: str) -> None:
    async with PerfectGymClient(hanging_up_server, API_KEY, max_retries=0) as client:
        with pytest.raises(TransportError) as caught:
            await client.purchase(1000, 203, 204, False)
    assert type(caught.value) is TransportError
    assert caught.value.request_sent is True
