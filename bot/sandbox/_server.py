"""`serve_sandbox`: the sandbox over real HTTP inside the caller's event loop."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from bot.sandbox._app import create_app
from bot.sandbox._sandbox import Sandbox
from bot.serving import serve_asgi


@contextlib.asynccontextmanager
async def serve_sandbox(
    sandbox: Sandbox, host: str = "127.0.0.1", port: int = 0
) -> AsyncIterator[str]:
    """Yield the sandbox's base URL (`http://127.0.0.1:54321`); port 0 picks a free port.

    On exit hanging requests are released first, so the server can finish what is in flight.
    """
    async with serve_asgi(
        create_app(sandbox),
        host,
        port,
        name="perfectgym-sandbox",
        before_exit=sandbox.faults.release_hangs,
    ) as url:
        yield url
