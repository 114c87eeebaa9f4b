"""Slack's 429s: wait as long as ``Retry-After`` says, then try the same call again."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from slack_sdk.errors import SlackApiError

log = logging.getLogger("adapters.slack")

T = TypeVar("T")
Sleep = Callable[[float], Awaitable[None]]

MAX_WAIT_SECONDS = 120.0
DEFAULT_WAIT_SECONDS = 1.0


def retry_after(exc: SlackApiError) -> float | None:
    """Seconds Slack asked us to wait, or None if the error is not a rate limit."""
    response = exc.response
    if getattr(response, "status_code", None) != 429:
        return None
    headers = getattr(response, "headers", None) or {}
    raw = headers.get("Retry-After") or headers.get("retry-after")
    try:
        return min(max(float(str(raw)), 0.0), MAX_WAIT_SECONDS)
    except ValueError:  # missing or not a number
        return DEFAULT_WAIT_SECONDS


async def call_slack(
    call: Callable[[], Awaitable[T]], *, sleep: Sleep = asyncio.sleep, attempts: int = 3
) -> T:
    """Run a Web API call, waiting out up to ``attempts - 1`` rate limits."""
    for attempt in range(1, attempts + 1):
        try:
            return await call()
        except SlackApiError as exc:
            wait = retry_after(exc)
            if wait is None or attempt == attempts:
                raise
            log.info("Slack rate limit; waiting %.1f s as Retry-After asks", wait)
            await sleep(wait)
    raise AssertionError("unreachable")  # pragma: no cover
