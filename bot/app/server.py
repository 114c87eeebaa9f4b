"""The bot's one HTTP app: component routes plus ``/healthz`` (and ``/metrics`` behind its
token, see ``bot.app.observe``)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route

from bot.app.observe import public_metrics_routes
from conversations.ports import Component, Runtime

READ_WITHIN = 0.5
"""Seconds ``/healthz`` waits for the database to answer a read."""
DEGRADED_AFTER = 1.0
"""A database call waiting longer than this makes the store ``degraded``."""


def build_app(runtime: Runtime, components: Sequence[Component]) -> Starlette:
    async def healthz(request: Request) -> JSONResponse:
        """Within a second, whatever the database does: a locked or slow database shows as
        ``degraded`` (its calls waiting too long), so does one that refuses writes (a full
        or read-only disk: the last write failed, none succeeded since); an unreadable one
        as ``error``."""
        store = runtime.services.store
        health = store.health()
        database: dict[str, object] = {
            "calls_waiting": health.calls_waiting,
            "oldest_call_seconds": round(health.oldest_call_seconds, 3),
            "writes": "ok" if health.writes_failing is None else health.writes_failing,
        }
        body: dict[str, object] = {
            "status": "ok",
            "backend": store.backend,
            "leader": runtime.leadership.leading,
            "database": database,
            "studios": sorted(runtime.services.studios),
            "components": [component.name for component in components],
        }
        try:
            async with asyncio.timeout(READ_WITHIN):
                body["database_schema"] = await store.schema_version()
        except Exception:  # a broken database is exactly what health must report
            body["status"] = "error"
            database["reachable"] = False
            return JSONResponse(body, status_code=503)
        if health.oldest_call_seconds > DEGRADED_AFTER or health.writes_failing is not None:
            body["status"] = "degraded"
            return JSONResponse(body, status_code=503)
        return JSONResponse(body)

    routes: list[BaseRoute] = [Route("/healthz", healthz, methods=["GET"])]
    routes.extend(public_metrics_routes(runtime))
    for component in components:
        routes.extend(component.routes())
    return Starlette(routes=routes)
