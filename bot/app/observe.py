"""``GET /metrics`` for Prometheus, and the staff-event listener that counts sales by studio.

Where ``/metrics`` is served, and how it is protected:

- ``METRICS_PORT`` set: on a listener of its own (``METRICS_HOST``, default 127.0.0.1), off
  the public port; only ``/metrics`` is there.
- ``METRICS_TOKEN`` set: also on the bot's main HTTP server, for ``Authorization: Bearer
  <token>`` only (compared in constant time; anything else is answered 401). With both set,
  the separate listener asks for the token too.
- Neither: no ``/metrics`` anywhere.

The queue gauges (inbox and outbox depth, age of the oldest row) are read from the database
at scrape time, in ``scrape``; everything else is counted where it happens (``bot.metrics``).
"""

from __future__ import annotations

import hmac

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from bot import metrics
from bot.clock import Clock
from bot.store.protocols import QueueStore
from conversations.events import StaffEvent, StaffEventKind
from conversations.ports import Runtime

METRICS_PATH = "/metrics"
SALES = frozenset({StaffEventKind.PURCHASE, StaffEventKind.CANCELATION, StaffEventKind.WITHDRAWAL})


async def scrape(store: QueueStore, clock: Clock) -> bytes:
    """Every metric, with the queue gauges read from the database right now."""
    now = clock.now()
    for queue in await store.queue_depths(now):
        age = (now - queue.oldest).total_seconds() if queue.oldest is not None else 0.0
        metrics.set_queue(queue.queue, queue.depth, age if queue.queue != "outbox_scheduled" else 0)
    return metrics.render()


def metrics_route(runtime: Runtime, token: str | None) -> Route:
    """``GET /metrics``; with a ``token``, only for ``Authorization: Bearer <token>``."""
    expected = f"Bearer {token}".encode() if token else None
    services = runtime.services

    async def serve(request: Request) -> Response:
        if expected is not None:
            given = request.headers.get("authorization", "").encode("latin-1")
            if not hmac.compare_digest(given, expected):
                return PlainTextResponse(
                    "unauthorized", status_code=401, headers={"WWW-Authenticate": "Bearer"}
                )
        body = await scrape(services.store, services.clock)
        return Response(body, media_type=metrics.CONTENT_TYPE)

    return Route(METRICS_PATH, serve, methods=["GET"])


def metrics_app(runtime: Runtime) -> Starlette:
    """The separate listener of ``METRICS_PORT``: ``/metrics`` alone."""
    token = runtime.settings.metrics_token
    return Starlette(routes=[metrics_route(runtime, token.get_secret_value() if token else None)])


def public_metrics_routes(runtime: Runtime) -> list[Route]:
    """``/metrics`` on the main server: only behind ``METRICS_TOKEN``."""
    token = runtime.settings.metrics_token
    return [metrics_route(runtime, token.get_secret_value())] if token is not None else []


async def count_sales(event: StaffEvent) -> None:
    """Event-bus listener: purchases, cancelations and withdrawals by studio."""
    if event.kind in SALES:
        metrics.record_sale(event.studio, event.kind.value)


__all__ = [
    "METRICS_PATH",
    "count_sales",
    "metrics_app",
    "metrics_route",
    "public_metrics_routes",
    "scrape",
]
