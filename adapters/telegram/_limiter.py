"""Telegram's flood limits, enforced for every Bot API call PTB makes (replies and pushes).

PTB routes each request through a ``BaseRateLimiter``; this one keeps the bot within
Telegram's published limits instead of hoping: at most ``overall_per_second`` messages in any
one-second window, one message per ``chat_interval`` per chat (edits count as messages), in
order per chat. A 429 pauses every chat-bound request for its ``retry_after`` and retries; a
network error is retried only when the request surely never left (no connection, or no free
connection), so nothing is ever sent twice. Calls without a chat (answering a button press,
``getMe``, ``setWebhook``) are not paced, so a pressed button stops spinning at once.
PTB's own ``AIORateLimiter`` paces only group chats, has no per-chat limit for private chats
and runs on the wall clock, which is why this exists.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any, Protocol

import httpx
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Conflict,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)
from telegram.ext import BaseRateLimiter

from bot import metrics
from bot.clock import Clock, SystemClock
from bot.locks import KeyedLocks
from bot.perfectgym import RequestLimiter
from bot.retry import Again, Backoff, retry

log = logging.getLogger("adapters.telegram.limiter")

JSONResult = bool | dict[str, Any] | list[dict[str, Any]]
_EPSILON = 1e-6
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


def surely_not_sent(exc: NetworkError) -> bool:
    """True when PTB's network error means the request never reached Telegram."""
    return isinstance(exc.__cause__, _NOT_SENT)


def retry_after_seconds(exc: RetryAfter) -> float:
    value: Any = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


_STATUSES: tuple[tuple[type[Exception], str], ...] = (
    (RetryAfter, "429"),
    (InvalidToken, "401"),
    (Forbidden, "403"),
    (EndPointNotFound, "404"),
    (Conflict, "409"),
    (ChatMigrated, "400"),
    (BadRequest, "400"),
    (TimedOut, "timeout"),
    (NetworkError, "network"),
)


def call_status(exc: Exception) -> str:
    """The Bot API status an error stands for (``429``, ``403``...; ``network`` without one)."""
    for kind, status in _STATUSES:
        if isinstance(exc, kind):
            return status
    return "error"


OVERALL_PER_SECOND = 28
"""Two under Telegram's 30 a second: messages paced exactly at the limit reach Telegram with
the jitter of the network, and 31 land in some second (measured: 15 times in 38 s)."""


class SharedPace(RequestLimiter, Protocol):
    """The bot's pace kept where every replica sees it (``bot.store.SharedBudget``)."""

    async def pause(self, key: str, seconds: float) -> None:
        """Hold every replica's next slot for ``key`` back by ``seconds``."""


class FloodLimiter(BaseRateLimiter[int]):
    """Paces chat-bound Bot API calls; honours ``retry_after``; retries what surely failed.

    ``rate_limit_args`` (PTB's per-call hook) may give the number of retries for one call.
    """

    def __init__(
        self,
        *,
        overall_per_second: int = OVERALL_PER_SECOND,
        chat_interval: float = 1.0,
        max_retries: int = 3,
        network_backoff: float = 0.5,
        clock: Clock | None = None,
        shared: SharedPace | None = None,
        shared_chats: RequestLimiter | None = None,
    ) -> None:
        """``shared`` and ``shared_chats``: the bot's overall pace and each chat's, kept in
        the database, for several replicas sending with one token (a chat's turns may run
        on different replicas one after the other)."""
        if overall_per_second < 1 or chat_interval < 0 or max_retries < 0:
            raise ValueError("overall_per_second >= 1, chat_interval >= 0, max_retries >= 0")
        self.overall_per_second = overall_per_second
        self.chat_interval = chat_interval
        self.max_retries = max_retries
        self.network_backoff = network_backoff
        self.clock: Clock = clock or SystemClock()
        self.shared = shared
        self.shared_chats = shared_chats
        self._window: deque[float] = deque()
        self._overall = asyncio.Lock()
        self._chats = KeyedLocks()
        self._chat_last: dict[str, float] = {}
        self._paused_until = 0.0
        self._pause_to_share = 0.0
        """A ``retry_after`` this replica got and the others have not heard of yet."""
        self.waited = 0.0
        """Seconds spent waiting for slots or pauses, for benchmarks and logs."""

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, JSONResult]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> JSONResult:
        chat = data.get("chat_id")
        retries = self.max_retries if rate_limit_args is None else rate_limit_args

        async def call() -> JSONResult:
            try:
                result = await callback(*args, **kwargs)
            except Exception as exc:
                metrics.record_chat_api_call("telegram", endpoint, call_status(exc))
                raise
            metrics.record_chat_api_call("telegram", endpoint, "200")
            return result

        async def once() -> JSONResult:
            if chat is None:
                return await call()
            async with self._chats.hold(str(chat)):
                await self._take_slot(str(chat))
                return await call()

        def should_retry(exc: Exception) -> Again | None:
            if isinstance(exc, RetryAfter):
                pause = retry_after_seconds(exc)
                log.warning("Telegram flood control on %s: waiting %.1f s", endpoint, pause)
                self._paused_until = max(self._paused_until, self.clock.monotonic() + pause)
                self._pause_to_share = max(self._pause_to_share, pause)
                # A chat-bound call waits in its slot, with every other chat.
                return Again(after=pause if chat is None else 0.0)
            if isinstance(exc, NetworkError) and surely_not_sent(exc):
                log.warning("Telegram not reachable for %s; retrying (nothing was sent)", endpoint)
                return Again()
            return None

        return await retry(
            once,
            backoff=Backoff(retries, self.network_backoff),
            clock=self.clock,
            should_retry=should_retry,
            on_retry=self._count_wait,
        )

    async def _take_slot(self, chat: str) -> None:
        """Wait until this chat and the whole bot may send again, then claim the moment."""
        if self.shared is not None and self._pause_to_share:
            # Telegram counts the token, not the replica: every replica waits it out.
            pause, self._pause_to_share = self._pause_to_share, 0.0
            await self.shared.pause("messages", pause)
        last = self._chat_last.get(chat)
        if last is not None:
            await self._until(last + self.chat_interval)
        if self.shared_chats is not None:
            await self.shared_chats.acquire(chat)
        async with self._overall:
            while True:
                now = self.clock.monotonic()
                while self._window and self._window[0] <= now - 1.0 + _EPSILON:
                    self._window.popleft()
                ready = self._paused_until
                if len(self._window) >= self.overall_per_second:
                    ready = max(ready, self._window[0] + 1.0)
                if ready <= now + _EPSILON:
                    break
                await self._sleep(ready - now)
            if self.shared is not None:
                await self.shared.acquire("messages")
                now = self.clock.monotonic()
            self._window.append(now)
            self._chat_last[chat] = now
        if len(self._chat_last) > 4096:
            self._forget_idle_chats(now)

    async def _until(self, moment: float) -> None:
        now = self.clock.monotonic()
        if moment > now + _EPSILON:
            await self._sleep(moment - now)

    async def _sleep(self, seconds: float) -> None:
        self.waited += seconds
        await self.clock.sleep(seconds)

    def _count_wait(self, error: Exception, retries: int, seconds: float) -> None:
        self.waited += seconds

    def _forget_idle_chats(self, now: float) -> None:
        """Chats that may send right away need no memory; keeps 10,000-member fan-outs small."""
        idle = [c for c, last in self._chat_last.items() if last + self.chat_interval <= now]
        for chat in idle:
            del self._chat_last[chat]
