"""Posts feed messages to Slack channels from a queue, in order, without ever blocking a turn.

Producers (the engine's event bus, ``StaffDesk.post_notice``) only enqueue. One worker posts
with ``chat.postMessage``; a 429 is waited out (``Retry-After``) and the same message sent
again, so order is kept. On stop the queue is drained (bounded by a timeout).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack._blocks import Answer
from adapters.slack._ratelimit import Sleep, retry_after

log = logging.getLogger("adapters.slack")

MAX_QUEUE = 1000
MAX_ATTEMPTS = 6
DRAIN_SECONDS = 10.0


@dataclass(frozen=True)
class Post:
    channel: str
    answer: Answer


class ChannelPoster:
    """A queue of channel messages and the one task that sends them."""

    def __init__(self, client: AsyncWebClient, *, sleep: Sleep = asyncio.sleep) -> None:
        self.client = client
        self.sleep = sleep
        self._queue: asyncio.Queue[Post | None] = asyncio.Queue(MAX_QUEUE)
        self._worker: asyncio.Task[None] | None = None
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
        return True

    async def start(self) -> None:
        self._closed = False
        self._worker = asyncio.create_task(self._run(), name="slack-feed")

    async def stop(self, grace: float = DRAIN_SECONDS) -> None:
        """Send what is queued (for up to ``grace`` seconds), then end the worker."""
        self._closed = True
        worker, self._worker = self._worker, None
        if worker is None:
            return
        await self._queue.put(None)
        try:
            await asyncio.wait_for(asyncio.shield(worker), grace)
        except TimeoutError:
            log.error("Slack feed did not drain in %.0f s; %d left", grace, self._queue.qsize())
            worker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await worker

    async def _run(self) -> None:
        while True:
            post = await self._queue.get()
            if post is None:
                return
            try:
                await self._send(post)
            except Exception:
                log.exception("posting to Slack channel %s failed", post.channel)

    async def _send(self, post: Post) -> None:
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                await self.client.chat_postMessage(
                    channel=post.channel,
                    text=post.answer.text,
                    blocks=post.answer.blocks,
                    unfurl_links=False,
                    unfurl_media=False,
                )
                return
            except SlackApiError as exc:
                wait = retry_after(exc)
                if wait is None:
                    error = exc.response.get("error") if exc.response is not None else None
                    log.error("Slack refused a feed message for %s: %s", post.channel, error)
                    return
                log.info("Slack rate limit on the feed; waiting %.1f s", wait)
                await self.sleep(wait)
            except (aiohttp.ClientError, TimeoutError) as exc:
                if attempt == MAX_ATTEMPTS:
                    raise
                log.warning("Slack unreachable (%s); trying again", type(exc).__name__)
                await self.sleep(min(2.0**attempt, 30.0))
        log.error("gave up on a feed message for %s after %d tries", post.channel, MAX_ATTEMPTS)
