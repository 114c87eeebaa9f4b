"""Clients for the sandbox: in-process (ASGITransport) per studio, and a webhook receiver."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from bot.sandbox import BERLIN_MITTE_API_KEY, HAMBURG_ALTONA_API_KEY, Sandbox, create_app
from tests.sandbox.receiver import Receiver, serve_receiver


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
