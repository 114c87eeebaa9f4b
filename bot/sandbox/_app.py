"""`create_app(sandbox)`: the vendor operations and the admin knobs as one Starlette app."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.routing import BaseRoute, Match, Route
from starlette.types import Scope

from bot.sandbox._admin import admin_routes
from bot.sandbox._api import OPERATIONS
from bot.sandbox._http import ApiKeyGate, http_error, operation
from bot.sandbox._sandbox import Sandbox

MAX_BODY_SIZE = 1024 * 1024  # the vendor's bodies are tiny; refuse anything huge
SHUTDOWN_DRAIN = 5.0  # seconds the server waits at shutdown for requests and webhooks


class VendorRoute(Route):
    """A route whose literal path (no parameters) answers 405 for the methods it lacks.

    Without this `GET /v1/customers/search` would fall through to `/v1/customers/{customerId}`
    and be a 400 for the id "search"; the vendor's description has that path for POST only.
    """

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        match, child_scope = super().matches(scope)
        if match is Match.PARTIAL and not self.param_convertors:
            return Match.FULL, child_scope  # Route.handle answers 405 with `Allow`
        return match, child_scope


def create_app(sandbox: Sandbox) -> Starlette:
    """A real ASGI app serving `sandbox` under the vendor's paths (`/v1/...`)."""
    routes: list[BaseRoute] = [
        VendorRoute(path, operation(sandbox, operation_id, handler), methods=[method])
        for method, path, operation_id, handler in OPERATIONS
    ]
    routes += admin_routes(sandbox)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        # on shutdown: nothing may hang on; what was received finishes, queued webhooks go out
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.shield(sandbox.settle()), SHUTDOWN_DRAIN)

    return Starlette(
        routes=routes,
        middleware=[Middleware(ApiKeyGate, sandbox=sandbox)],
        exception_handlers={HTTPException: http_error},
        lifespan=lifespan,
        max_body_size=MAX_BODY_SIZE,
    )
