"""Serve an ASGI app with uvicorn inside the caller's event loop, on a pre-bound socket.

Used for the bot's own HTTP server, the sandbox, and the fakes tests run on port 0.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator, Callable

import uvicorn
from starlette.types import ASGIApp


@contextlib.asynccontextmanager
async def serve_asgi(
    app: ASGIApp,
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    name: str = "http",
    before_exit: Callable[[], None] | None = None,
) -> AsyncIterator[str]:
    """Run uvicorn and yield the base URL (``http://127.0.0.1:54321``); port 0 picks a free port.

    On exit the server stops accepting, finishes what is in flight and runs the app's shutdown.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)  # asyncio sets TCP_NODELAY
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.listen(128)
    sock.setblocking(False)
    config = uvicorn.Config(
        app,
        log_level="warning",
        access_log=False,
        lifespan="on",
        ws="none",
        timeout_graceful_shutdown=3,
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]), name=name)
    try:
        while not server.started:
            if task.done():
                await task  # raises what made start-up fail
                raise RuntimeError(f"the {name} server stopped during start-up")
            await asyncio.sleep(0.005)
        bound_host, bound_port = sock.getsockname()[:2]
        shown = f"[{bound_host}]" if ":" in bound_host else bound_host
        yield f"http://{shown}:{bound_port}"
    finally:
        if before_exit is not None:
            before_exit()
        server.should_exit = True
        await task
        sock.close()
