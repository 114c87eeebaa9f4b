"""Clients for the sandbox: in-process (ASGITransport) per studio, and a webhook receiver."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from bot.sandbox import BERLIN_MITTE_API_KEY, HAMBURG_ALTONA_API_KEY, Sandbox, create_app
from tests.conftest import vendor_openapi
from tests.sandbox.fuzzing import Background
from tests.sandbox.receiver import Receiver, serve_receiver

FUZZING = pytest.StashKey[Background]()
FUZZ_TEST = "sandbox/test_schemathesis.py::test_schemathesis_finds_nothing"


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start the schemathesis run now when it is among the tests to run: it takes a core for
    about ten seconds and needs nothing from the rest, so it runs beside them."""
    if session.config.option.collectonly:
        return
    if any(item.nodeid.endswith(FUZZ_TEST) for item in session.items):
        start_fuzzing(session.config)


def start_fuzzing(config: pytest.Config) -> Background:
    run = Background(vendor_openapi())
    config.stash[FUZZING] = run
    config.add_cleanup(run.stop)
    return run


@pytest.fixture
def fuzzing(request: pytest.FixtureRequest) -> Background:
    """The schemathesis run the collection started (or one started now, if it did not)."""
    return request.config.stash.get(FUZZING, None) or start_fuzzing(request.config)


def client_for(sandbox: Sandbox, api_key: str | None) -> httpx.AsyncClient:
    headers = {"X-API-KEY": api_key} if api_key else {}
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=create_app(sandbox)),
        base_url="http://sandbox.test",
        headers=headers,
    )


@pytest.fixture
async def api(sandbox: Sandbox) -> AsyncIterator[httpx.AsyncClient]:
    """The Berlin Mitte studio's view of the sandbox, in-process."""
    async with client_for(sandbox, BERLIN_MITTE_API_KEY) as client:
        yield client


@pytest.fixture
async def hamburg(sandbox: Sandbox) -> AsyncIterator[httpx.AsyncClient]:
    """The Hamburg Altona studio's view of the sandbox, in-process."""
    async with client_for(sandbox, HAMBURG_ALTONA_API_KEY) as client:
        yield client


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    """A small webhook receiver on 127.0.0.1 (free port) that records what it gets."""
    async with serve_receiver() as running:
        yield running
