"""Fixtures for the PerfectGym client tests: the vendor spec and a capturing mock API."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.clock import FakeClock
from bot.perfectgym import PerfectGymClient

from .vendor import SERVER, example, load_spec, ok_schema, operations, route

API_KEY = "pg-test-key-9f3a7c1e"

Handler = Callable[[httpx.Request], httpx.Response]


@pytest.fixture
def vendor_spec(vendor_openapi_path: Path) -> dict[str, Any]:
    return load_spec(vendor_openapi_path)


class Recorder:
    """Records every request the client sends and the delays it sleeps (on ``clock``)."""

    def __init__(self, clock: FakeClock) -> None:
        self.requests: list[httpx.Request] = []
        self.clock = clock

    @property
    def sleeps(self) -> list[float]:
        return self.clock.sleeps


@pytest.fixture
def recorder(clock: FakeClock) -> Recorder:
    return Recorder(clock)


@pytest.fixture
async def make_client(
    recorder: Recorder, clock: FakeClock
) -> AsyncIterator[Callable[..., PerfectGymClient]]:
    """Build a client whose transport is ``handler``; sleeping is recorded, not done."""
    created: list[PerfectGymClient] = []

    def build(handler: Handler, **options: Any) -> PerfectGymClient:
        def transport_handler(request: httpx.Request) -> httpx.Response:
            recorder.requests.append(request)
            return handler(request)

        options.setdefault("clock", clock)
        client = PerfectGymClient(
            SERVER, API_KEY, transport=httpx.MockTransport(transport_handler), **options
        )
        created.append(client)
        return client

    yield build
    for client in created:
        await client.aclose()


def vendor_example_handler(spec: dict[str, Any]) -> Handler:
    """A mock API answering every excerpt operation with the vendor's own example body."""

    def handle(request: httpx.Request) -> httpx.Response:
        operation_id = route(spec, request.method, request.url.path)
        if operation_id is None:
            return httpx.Response(404, json={"errorMessage": "no such operation"})
        schema = ok_schema(operations(spec)[operation_id][2])
        if schema is None:
            return httpx.Response(200)
        return httpx.Response(200, content=json.dumps(example(spec, schema)).encode())

    return handle


def error_body(
    message: str = "Customer not found", code: str = "customer.not.found", trace: str = "t-123"
) -> dict[str, Any]:
    return {"errorMessage": message, "errorCode": code, "traceId": trace, "reference": "id"}
