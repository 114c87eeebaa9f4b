"""Posts feed messages to Slack channels from a queue, in order, without ever blocking a turn.

Producers (the engine's event bus, ``StaffDesk.post_notice``) only enqueue. One background
loop posts with ``chat.postMessage``; a 429 is waited out (``Retry-After``) and the same
message sent again, so order is kept. On stop the queue is drained (bounded by a timeout).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack._blocks import Answer
from adapters.slack._ratelimit import rate_limited, retry_after
from bot.clock import Clock, SystemClock
from bot.loops import BackgroundLoop
from bot.retry import Again, Backoff, retry

log = logging.getLogger("adapters.slack")

MAX_QUEUE = 1000
MAX_ATTEMPTS = 6
DRAIN_SECONDS = 10.0
BACKOFF = Backoff(MAX_ATTEMPTS - 1, first=2.0, most=30.0)
"""Rate limits wait ``Retry-After``; Slack out of reach waits 2, 4, 8, 16, 30 s."""


@dataclass(frozen=True)
class Post:
    channel: str
    answer: Answer


class ChannelPoster:
    """A queue of channel messages and the one loop that sends them."""

    def __init__(self, client: AsyncWebClient, *, clock: Clock | None = None) -> None:
        self.client = client
        self.clock: Clock = clock or SystemClock()
        self._queue: asyncio.Queue[Post] = asyncio.Queue(MAX_QUEUE)
        self._loop = BackgroundLoop(
            "slack-feed", self._drain, interval=None, final_round=True, logger=log
        )
        self._closed = False

    def submit(self, post: Post) -> bool:
        """Queue a message; False (and a log line) when stopped or hopelessly behind."""
        if self._closed:
            log.warning("Slack feed stopped; dropping a message for %s", post.channel)
            return False
        try:
            self._queue.put_nowait(post)
        except asyncio.QueueFull:
            log.error("Slack feed queue full; dropping a message for %s", post.channel)
            return False
        self._loop.wake()
        return True

    async def start(self) -> None:
        self._closed = False
        await self._loop.start()

    async def stop(self, grace: float = DRAIN_SECONDS) -> None:
        """Send what is queued (for up to ``grace`` seconds), then end the loop."""
        self._closed = True
        await self._loop.stop(grace)
        if not self._queue.empty():
            log.error("Slack feed did not drain in %.0f s; %d left", grace, self._queue.qsize())

    async def _drain(self) -> None:
        while not self._queue.empty():
            post = self._queue.get_nowait()
            try:
                await self._send(post)
            except Exception:
                log.exception("posting to Slack channel %s failed", post.channel)

    async def _send(self, post: Post) -> None:
        try:
            await retry(
                lambda: self.client.chat_postMessage(
                    channel=post.channel,
                    text=post.answer.text,
                    blocks=post.answer.blocks,
                    unfurl_links=False,
                    unfurl_media=False,
                ),
                backoff=BACKOFF,
                clock=self.clock,
                should_retry=_feed_rule,
                on_retry=_told,
            )
        except SlackApiError as exc:
            if retry_after(exc) is not None:
                log.error(
                    "gave up on a feed message for %s after %d tries", post.channel, MAX_ATTEMPTS
                )
                return
            error = exc.response.get("error") if exc.response is not None else None
            log.error("Slack refused a feed message for %s: %s", post.channel, error)


def _feed_rule(exc: Exception) -> Again | None:
    """Slack's 429 after ``Retry-After``; Slack out of reach after the backoff."""
    if isinstance(exc, aiohttp.ClientError | TimeoutError):
        return Again()
    return rate_limited(exc)


def _told(exc: Exception, retries: int, wait: float) -> None:
    if isinstance(exc, SlackApiError):
        log.info("Slack rate limit on the feed; waiting %.1f s", wait)
    else:
        log.warning("Slack unreachable (%s); trying again", type(exc).__name__)
