"""`serve_sandbox`: the sandbox over real HTTP inside the caller's event loop."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from collections.abc import AsyncIterator

import uvicorn

from bot.sandbox._app import create_app
from bot.sandbox._sandbox import Sandbox

log = logging.getLogger(__name__)


@contextlib.asynccontextmanager
async def serve_sandbox(
    sandbox: Sandbox, host: str = "127.0.0.1", port: int = 0
) -> AsyncIterator[str]:
    """Run uvicorn on a pre-bound socket and yield the base URL (`http://127.0.0.1:54321`).

    Port 0 picks a free port. On exit hanging requests are released, the server stops
    accepting, finishes what is in flight and runs the app's shutdown.
    """
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.listen(128)
    sock.setblocking(False)
    config = uvicorn.Config(
        create_app(sandbox),
        log_level="warning",
        access_log=False,
        lifespan="on",
        ws="none",
        timeout_graceful_shutdown=3,
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]), name="perfectgym-sandbox")
    try:
        while not server.started:
            if task.done():
                await task  # raises what made start-up fail
                raise RuntimeError("the sandbox server stopped during start-up")
            await asyncio.sleep(0.005)
        bound_host, bound_port = sock.getsockname()[:2]
        shown = f"[{bound_host}]" if ":" in bound_host else bound_host
        yield f"http://{shown}:{bound_port}"
    finally:
        sandbox.faults.release_hangs()
        server.should_exit = True
        await task
        sock.close()
