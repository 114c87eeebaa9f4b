"""The one place where foreign failures (httpx, HTTP status, pydantic) become PerfectGym errors."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import TypeVar

import httpx
from pydantic import TypeAdapter, ValidationError

from ._errors import (
    ApiError,
    AuthenticationFailed,
    BadRequest,
    Conflict,
    ConnectError,
    Forbidden,
    InvalidResponse,
    NotFound,
    RateLimited,
    RequestTimeout,
    ServerError,
    TransportError,
    Unavailable,
)
from ._models import ErrorResponse

T = TypeVar("T")
Scrub = Callable[[str], str]

STATUS_ERRORS: dict[int, type[ApiError]] = {
    400: BadRequest,
    401: AuthenticationFailed,
    403: Forbidden,
    404: NotFound,
    409: Conflict,
    429: RateLimited,
    503: Unavailable,
}

_NOT_SENT = (httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol)
"""Failures that happen before any byte of the request reached the server."""


@contextmanager
def transport_errors(endpoint: str, scrub: Scrub) -> Iterator[None]:
    """Turn httpx's transport failures into ``TransportError``s that say if the request left."""
    try:
        yield
    except httpx.TimeoutException as exc:
        sent = not isinstance(exc, _NOT_SENT)
        phase = type(exc).__name__
        raise RequestTimeout(f"{endpoint}: no answer in time ({phase})", request_sent=sent) from exc
    except (httpx.ConnectError, httpx.ProxyError) as exc:
        raise ConnectError(f"{endpoint}: cannot connect: {scrub(str(exc))}") from exc
    except httpx.TransportError as exc:
        sent = not isinstance(exc, (*_NOT_SENT, httpx.LocalProtocolError))
        detail = scrub(str(exc)) or type(exc).__name__
        raise TransportError(f"{endpoint}: connection failed: {detail}", request_sent=sent) from exc


def error_from_response(
    response: httpx.Response, endpoint: str, now: datetime, scrub: Scrub
) -> ApiError:
    """Build the exception for a non-2xx answer; a missing or garbled body still gives one."""
    status = response.status_code
    body = _error_body(response)
    if body is None:
        message = f"HTTP {status} {response.reason_phrase}".strip()
        code = trace_id = reference = None
    else:
        message = scrub(body.errorMessage)
        code = _scrub_opt(body.errorCode, scrub)
        trace_id = _scrub_opt(body.traceId, scrub)
        reference = _scrub_opt(body.reference, scrub)
    retry_after = _retry_after(response, now)
    if status == 429 and retry_after is None:
        # Blocked "for the next minute" after the limit was hit; when that was is unknown.
        retry_after = 60.0
    cls = STATUS_ERRORS.get(status) or (ServerError if status >= 500 else ApiError)
    return cls(
        status,
        message,
        error_code=code,
        trace_id=trace_id,
        reference=reference,
        endpoint=endpoint,
        retry_after=retry_after,
    )


def parse(adapter: TypeAdapter[T], response: httpx.Response, endpoint: str) -> T:
    """Validate a 2xx body; never echo the body itself (it holds personal data)."""
    try:
        return adapter.validate_json(response.content)
    except ValidationError as exc:
        where = sorted({".".join(str(p) for p in err["loc"]) or "<body>" for err in exc.errors()})
        if any(err["type"] == "json_invalid" for err in exc.errors()):
            raise InvalidResponse(f"{endpoint}: answer is not JSON") from exc
        raise InvalidResponse(
            f"{endpoint}: answer does not fit the model at {', '.join(where[:5])}"
        ) from exc


def _error_body(response: httpx.Response) -> ErrorResponse | None:
    try:
        return ErrorResponse.model_validate_json(response.content)
    except (ValidationError, json.JSONDecodeError, UnicodeDecodeError):
        return None


def _retry_after(response: httpx.Response, now: datetime) -> float | None:
    """Seconds from a ``Retry-After`` header (delta seconds or HTTP date), if one was sent."""
    raw = response.headers.get("Retry-After")
    if not raw:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        pass
    try:
        moment = parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        return None
    return max(0.0, (moment - now).total_seconds())


def _scrub_opt(value: str | None, scrub: Scrub) -> str | None:
    return None if value is None else scrub(value)
