"""Requests the sandbox has received run to their end, whether or not the client still waits.

A real server that has received a purchase makes it even when the client times out or hangs
up mid-request; crash tests must see that outcome, not an abandoned write. So each operation
runs in a task of its own that the sandbox keeps, and the request only awaits it shielded:
cancelling the request (a disconnect, a server stopping) does not cancel the work.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")


class InFlight:
    """The operations under way; `drain()` waits for them."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()

    async def run(self, work: Coroutine[Any, Any, T], name: str) -> T:
        """Start `work` as a task the sandbox keeps, and await it without owning it."""
        task = asyncio.create_task(work, name=f"sandbox-{name}")
        self._tasks.add(task)
        task.add_done_callback(self._finished)
        return await asyncio.shield(task)

    def __len__(self) -> int:
        """How many operations are under way now."""
        return len(self._tasks)

    async def drain(self) -> None:
        """Wait until every operation under way has ended (cancelling the wait spares them)."""
        while self._tasks:
            await asyncio.wait(set(self._tasks))

    def _finished(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and (error := task.exception()) is not None:
            # nobody may be awaiting the result any more: say so here
            log.error("%s failed", task.get_name(), exc_info=error)
