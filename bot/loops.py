"""Background work of a running bot: one task that repeats a round, woken early when asked.

The reconciler, the reminders' watch and sender, the webhook inbox worker and the Slack feed
are each a ``BackgroundLoop`` around a round of their own; the life cycle (start, pause,
wake, stop) and what a failed round does are written once, here.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from starlette.routing import BaseRoute

from bot.clock import Clock, SystemClock

log = logging.getLogger("bot.loops")

Round = Callable[[], Awaitable[float | None]]
"""One round of work; returns the seconds until the next (None: the loop's ``interval``)."""

STOP_TIMEOUT = 10.0


class BackgroundLoop:
    """Runs ``work`` in a task: at start, then after a pause or as soon as ``wake`` is called.

    The pause is what the round returned, else ``interval`` seconds (None: until woken), timed
    on ``clock``. A round that raises is logged and the loop goes on after
    ``pause_after_error`` (default ``interval``). ``stop`` lets the round in flight finish
    (then one more if ``final_round``, so a queue drains), waits at most ``stop_timeout``
    seconds, then cancels. A component in itself: ``name``, ``routes``, ``start``, ``stop``.
    """

    def __init__(
        self,
        name: str,
        work: Round,
        *,
        interval: float | None,
        pause_after_error: float | None = None,
        stop_timeout: float = STOP_TIMEOUT,
        final_round: bool = False,
        clock: Clock | None = None,
        logger: logging.Logger | None = None,
        failure: str | None = None,
    ) -> None:
        self.name = name
        self.work = work
        self.interval = interval
        self.pause_after_error = interval if pause_after_error is None else pause_after_error
        self.stop_timeout = stop_timeout
        self.final_round = final_round
        self.clock: Clock = clock or SystemClock()
        self._log = logger or log
        self._failure = failure or f"{name}: a round failed; trying again later"
        self._wake = asyncio.Event()
        self._stopping = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def routes(self) -> Sequence[BaseRoute]:
        return ()

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def wake(self) -> None:
        """Run the next round now (or right after the one in flight)."""
        self._wake.set()

    async def start(self) -> None:
        if self._task is not None:
            raise RuntimeError(f"{self.name} already started")
        self._wake, self._stopping = asyncio.Event(), asyncio.Event()  # this event loop's
        self._task = asyncio.create_task(self._run(), name=self.name)

    async def stop(self, grace: float | None = None) -> None:
        """Finish the round in flight (within ``grace``, default ``stop_timeout``), then end."""
        task, self._task = self._task, None
        if task is None:
            return
        self._stopping.set()
        grace = self.stop_timeout if grace is None else grace
        done, _ = await asyncio.wait([task], timeout=grace)
        if not done:
            self._log.warning("%s did not stop within %.0f s; cancelled", self.name, grace)
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        elif not task.cancelled() and task.exception() is not None:
            self._log.error("%s ended with an error", self.name, exc_info=task.exception())

    async def _run(self) -> None:
        while not self._stopping.is_set():
            await self._pause(await self._round())
        if self.final_round:
            await self._round()

    async def _round(self) -> float | None:
        self._wake.clear()  # a wake during the round asks for the next one at once
        try:
            pause = await self.work()
        except Exception:  # one bad round must not end the loop
            self._log.exception(self._failure)
            return self.pause_after_error
        return self.interval if pause is None else pause

    async def _pause(self, seconds: float | None) -> None:
        """Until woken, stopped or ``seconds`` passed on the clock (None: no time limit)."""
        waits: list[Awaitable[Any]] = [self._wake.wait(), self._stopping.wait()]
        if seconds is not None:
            waits.append(self.clock.sleep(seconds))
        waiters = [asyncio.ensure_future(wait) for wait in waits]
        try:
            await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiter in waiters:
                waiter.cancel()
            for waiter in waiters:
                with contextlib.suppress(asyncio.CancelledError):
                    await waiter
