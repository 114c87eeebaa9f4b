"""Serve an ASGI app with uvicorn inside the caller's event loop, on a pre-bound socket.

Used for the bot's own HTTP server, the sandbox, and the fakes tests run on port 0.
uvicorn polls for "should exit" every 0.1 s and pauses 0.1 s more while stopping; the server
here is woken at once instead, so leaving ``serve_asgi`` takes milliseconds, not 200 ms.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from collections.abc import AsyncIterator, Callable

import uvicorn
from starlette.types import ASGIApp

log = logging.getLogger("uvicorn.error")

TICK = 1.0  # seconds between uvicorn's housekeeping ticks (the Date header)
POLL = 0.001  # seconds between looks at the connections while stopping


class _Server(uvicorn.Server):
    """uvicorn's server, told to stop through an event rather than found stopping by a poll."""

    def __init__(self, config: uvicorn.Config) -> None:
        self._exit = asyncio.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._should_exit = False
        super().__init__(config)

    @property
    def should_exit(self) -> bool:
        return self._should_exit

    @should_exit.setter
    def should_exit(self, value: bool) -> None:
        self._should_exit = value
        if value and self._loop is not None:
            # thread-safe, and from a signal handler too: it wakes the loop's selector
            self._loop.call_soon_threadsafe(self._exit.set)

    async def main_loop(self) -> None:
        self._loop = asyncio.get_running_loop()
        counter = 0
        should_exit = await self.on_tick(counter)
        while not should_exit:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(TICK):
                    await self._exit.wait()
            counter = (counter + 10) % 864_000  # uvicorn's tick counts tenths of a second
            should_exit = await self.on_tick(counter)

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        """uvicorn's graceful shutdown, without its fixed 0.1 s pause and 0.1 s polling:
        stop accepting, let requests in flight finish (up to the graceful timeout), close
        idle connections, then the app's lifespan shutdown."""
        for server in self.servers:
            server.close()
        for sock in sockets or []:
            sock.close()
        state = self.server_state
        for connection in list(state.connections):
            connection.shutdown()
        try:
            async with asyncio.timeout(self.config.timeout_graceful_shutdown):
                # uvicorn tells no one when a connection is gone: look every millisecond
                while (state.connections or state.tasks) and not self.force_exit:  # noqa: ASYNC110
                    await asyncio.sleep(POLL)
                for server in self.servers:
                    await server.wait_closed()
        except TimeoutError:
            log.error("Cancel %s running task(s), graceful shutdown timed out", len(state.tasks))
            for task in state.tasks:
                task.cancel(msg="Task cancelled, timeout graceful shutdown exceeded")
        if not self.force_exit:
            await self.lifespan.shutdown()


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
    server = _Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]), name=name)
    try:
        while not server.started:
            if task.done():
                await task  # raises what made start-up fail
                raise RuntimeError(f"the {name} server stopped during start-up")
            await asyncio.sleep(0.001)
        bound_host, bound_port = sock.getsockname()[:2]
        shown = f"[{bound_host}]" if ":" in bound_host else bound_host
        yield f"http://{shown}:{bound_port}"
    finally:
        if before_exit is not None:
            before_exit()
        server.should_exit = True
        await task
        sock.close()
