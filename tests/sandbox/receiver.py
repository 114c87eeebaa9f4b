"""A tiny Starlette webhook receiver on a real port, to watch what the sandbox sends."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.serving import serve_asgi


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
    receiver = Receiver(url="")

    async def hook(request: Request) -> Response:
        receiver.received.append(Received(dict(request.headers), await request.json()))
        if receiver.delay:
            await asyncio.sleep(receiver.delay)
        return Response(status_code=receiver.status)

    app = Starlette(routes=[Route("/perfectgym/webhook", hook, methods=["POST"])])
    async with serve_asgi(app, name="webhook-receiver") as url:
        receiver.url = f"{url}/perfectgym/webhook"
        yield receiver
