"""Slack's 429s: wait as long as ``Retry-After`` says, then try the same call again."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from slack_sdk.errors import SlackApiError

from bot.clock import Clock, SystemClock
from bot.retry import Again, Backoff, retry

log = logging.getLogger("adapters.slack")

T = TypeVar("T")

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


def rate_limited(exc: Exception) -> Again | None:
    """The Slack rule: try again after ``Retry-After`` on a 429, never otherwise."""
    wait = retry_after(exc) if isinstance(exc, SlackApiError) else None
    return None if wait is None else Again(after=wait)


async def call_slack(
    call: Callable[[], Awaitable[T]], *, clock: Clock | None = None, attempts: int = 3
) -> T:
    """Run a Web API call, waiting out up to ``attempts - 1`` rate limits."""

    def told(error: Exception, retries: int, wait: float) -> None:
        log.info("Slack rate limit; waiting %.1f s as Retry-After asks", wait)

    return await retry(
        call,
        backoff=Backoff(attempts - 1),
        clock=clock or SystemClock(),
        should_retry=rate_limited,
        on_retry=told,
    )
