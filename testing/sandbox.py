"""The PerfectGym sandbox in-process: a real ``PerfectGymClient`` on the sandbox's ASGI app.

No socket, no server start-up: the client's requests go through ``httpx.ASGITransport``
straight into the sandbox's Starlette app, which answers exactly as it does over HTTP
(key check, rate limit, faults, in-flight work that outlives the request). Unlike
``ASGITransport``, ``SandboxTransport`` keeps the client's timeouts: a request the sandbox
holds (a hang or a latency fault) ends in ``httpx.ReadTimeout`` once the read timeout has
passed, as over a socket, while the sandbox finishes what it received.

Use::

    client = sandbox_client(sandbox, BERLIN_MITTE_API_KEY, backoff=0.001)
    for settings in studio_settings(sandbox, ["Berlin Mitte"]): ...
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any

import httpx

from bot.config import StudioSettings
from bot.perfectgym import PerfectGymClient
from bot.sandbox import Sandbox, create_app

SANDBOX_URL = "http://sandbox.test"
"""The base URL in-process clients use; nothing resolves it, the transport never dials."""


class SandboxTransport(httpx.AsyncBaseTransport):
    """``httpx.ASGITransport`` on the sandbox's app, with the request's read timeout."""

    def __init__(self, sandbox: Sandbox) -> None:
        self._asgi = httpx.ASGITransport(app=create_app(sandbox))

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        read = request.extensions.get("timeout", {}).get("read")
        try:
            async with asyncio.timeout(read):
                return await self._asgi.handle_async_request(request)
        except TimeoutError as exc:  # received, so the sandbox may act on it: as over a socket
            raise httpx.ReadTimeout(f"no answer within {read} s", request=request) from exc


def sandbox_client(
    sandbox: Sandbox, api_key: str, *, base_url: str = SANDBOX_URL, **options: Any
) -> PerfectGymClient:
    """A client of one studio (by its API key) talking to ``sandbox`` in-process."""
    return PerfectGymClient(base_url, api_key, transport=SandboxTransport(sandbox), **options)


def studio_settings(
    sandbox: Sandbox, names: Iterable[str], *, base_url: str = SANDBOX_URL, **extra: Any
) -> list[StudioSettings]:
    """Settings for the sandbox's studios named in ``names``, in the sandbox's order."""
    wanted = set(names)
    return [
        StudioSettings(
            name=studio.name,
            base_url=base_url,
            api_key=studio.api_key,
            time_zone=studio.time_zone,
            **extra,
        )
        for studio in sandbox.studios.values()
        if studio.name in wanted
    ]
