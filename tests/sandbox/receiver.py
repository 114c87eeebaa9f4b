"""A tiny Starlette webhook receiver on a real port, to watch what the sandbox sends."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route


@dataclass
class Received:
    headers: dict[str, str]
    body: Any


@dataclass
class Receiver:
    url: str
    received: list[Received] = field(default_factory=list)
    status: int = 200
    delay: float = 0.0

    @property
    def types(self) -> list[str]:
        return [r.body["payload"][0]["type"] for r in self.received]


@contextlib.asynccontextmanager
async def serve_receiver() -> AsyncIterator[Receiver]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    receiver = Receiver(url=f"http://127.0.0.1:{sock.getsockname()[1]}/perfectgym/webhook")

    async def hook(request: Request) -> Response:
        receiver.received.append(Received(dict(request.headers), await request.json()))
        if receiver.delay:
            await asyncio.sleep(receiver.delay)
        return Response(status_code=receiver.status)

    app = Starlette(routes=[Route("/perfectgym/webhook", hook, methods=["POST"])])
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", ws="none", lifespan="off"))
    task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started:
        if task.done():
            await task
        await asyncio.sleep(0.005)
    try:
        yield receiver
    finally:
        server.should_exit = True
        await task
        sock.close()
