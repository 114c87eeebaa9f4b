"""The bot's one HTTP app: component routes plus ``/healthz`` (and ``/metrics`` behind its
token, see ``bot.app.observe``)."""

from __future__ import annotations

from collections.abc import Sequence

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route

from bot.app.observe import public_metrics_routes
from conversations.ports import Component, Runtime


def build_app(runtime: Runtime, components: Sequence[Component]) -> Starlette:
    async def healthz(request: Request) -> JSONResponse:
        try:
            version = runtime.services.store.schema_version()
        except Exception:  # a broken database is exactly what health must report
            return JSONResponse({"status": "error", "database": "unavailable"}, status_code=503)
        return JSONResponse(
            {
                "status": "ok",
                "database_schema": version,
                "studios": sorted(runtime.services.studios),
                "components": [component.name for component in components],
            }
        )

    routes: list[BaseRoute] = [Route("/healthz", healthz, methods=["GET"])]
    routes.extend(public_metrics_routes(runtime))
    for component in components:
        routes.extend(component.routes())
    return Starlette(routes=routes)
