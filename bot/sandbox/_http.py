"""What every vendor request goes through: key check, HEAD, rate limit, faults, errors.

`ApiKeyGate` is ASGI middleware in front of routing: a `HEAD` on any path only checks the key
(200/401, no body, no business logic); any other request without a valid `X-API-KEY` gets 401.
`operation()` wraps one vendor operation with the rate limit, injected faults and the
rendering of `VendorError` in the request's language.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from bot.sandbox._errors import VendorError
from bot.sandbox._model import Studio
from bot.sandbox._sandbox import Sandbox


def language_of(request: Request) -> str:
    """`de` for an Accept-Language starting with de, `en` otherwise; no header: studio's."""
    header = request.headers.get("accept-language")
    if header is None:
        studio = request.scope.get("state", {}).get("studio")
        return studio.language if isinstance(studio, Studio) else "en"
    return "de" if header.strip().lower().startswith("de") else "en"


class ApiKeyGate:
    """Authenticates every request by `X-API-KEY` and remembers its studio."""

    def __init__(self, app: ASGIApp, sandbox: Sandbox) -> None:
        self.app = app
        self.sandbox = sandbox

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        studio = self.sandbox.studio_for_key(Headers(scope=scope).get("x-api-key"))
        if scope["method"] == "HEAD":
            await Response(status_code=200 if studio else 401)(scope, receive, send)
            return
        if studio is None:
            request = Request(scope)
            error = VendorError(401, "UNAUTHORIZED")
            await error.response(language_of(request))(scope, receive, send)
            return
        scope.setdefault("state", {})["studio"] = studio
        await self.app(scope, receive, send)


@dataclass
class Call:
    """One authenticated vendor request."""

    request: Request
    sandbox: Sandbox
    studio: Studio

    @property
    def today(self) -> date:
        return self.sandbox.today(self.studio)

    @property
    def currency(self) -> str:
        return self.studio.currency


Handler = Callable[[Call], Awaitable[Any]]


def operation(
    sandbox: Sandbox, operation_id: str, handler: Handler
) -> Callable[[Request], Awaitable[Response]]:
    """A Starlette endpoint for one vendor operation; the handler returns JSON data.

    The operation runs to its end once the request is received, even if the client leaves
    (see `bot.sandbox._inflight`).
    """

    async def endpoint(request: Request) -> Response:
        try:
            await request.body()  # received in full before any work, as a real server does
        except ClientDisconnect:
            return Response(status_code=400)  # never fully sent, so never received; nobody reads
        return await sandbox.in_flight.run(answer(request), operation_id)

    async def answer(request: Request) -> Response:
        studio = request.state.studio
        sandbox.calls[operation_id] += 1
        try:
            if not sandbox.rate_limit.admit(studio.id, operation_id):
                raise VendorError(429, "TOO_MANY_REQUESTS")
            fault = sandbox.faults.take(operation_id, after_commit=False)
            if fault is not None:
                await sandbox.faults.strike(fault)
            result = await handler(Call(request, sandbox, studio))
            fault = sandbox.faults.take(operation_id, after_commit=True)
            if fault is not None:
                await sandbox.faults.strike(fault)
        except VendorError as error:
            return error.response(language_of(request))
        if isinstance(result, Response):
            return result
        return JSONResponse(result)

    endpoint.__name__ = operation_id
    return endpoint


_HTTP_ERROR_CODES = {404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED", 413: "REQUEST_TOO_LARGE"}


def http_error(request: Request, exc: Exception) -> Response:
    """Starlette's own refusals (unknown path, wrong method, huge body) as ErrorResponse.

    Their headers stay: a 405 must name the allowed methods in `Allow` (RFC 9110).
    """
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    code = _HTTP_ERROR_CODES.get(status, "INTERNAL_SERVER_ERROR")
    response = VendorError(status, code).response(language_of(request))
    if isinstance(exc, HTTPException) and exc.headers:
        response.headers.update(exc.headers)
    return response
