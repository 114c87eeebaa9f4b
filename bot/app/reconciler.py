"""A background loop that settles writes whose outcome is still unknown.

Members also learn the outcome at their next turn; this loop tells those who do not write
again, and runs once right at start-up for what a crash left open.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence

from starlette.routing import BaseRoute

from conversations.ports import Runtime

log = logging.getLogger("bot.app.reconciler")


class Reconciler:
    name = "reconciler"

    def __init__(self, runtime: Runtime, *, interval: float = 60.0) -> None:
        self.runtime = runtime
        self.interval = interval
        self._task: asyncio.Task[None] | None = None

    def routes(self) -> Sequence[BaseRoute]:
        return ()

    async def start(self) -> None:
        self._task = asyncio.create_task(self._loop(), name="reconciler")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def run_once(self) -> int:
        """Settle what can be settled now and deliver the news; returns the chats told."""
        return len(await self.runtime.engine.reconcile_open_operations(self.runtime.push))

    async def _loop(self) -> None:
        while True:
            try:
                await self.run_once()
            except Exception:  # one bad round must not end the loop
                log.exception("reconciliation round failed")
            await asyncio.sleep(self.interval)


def build_component(runtime: Runtime) -> Reconciler:
    return Reconciler(runtime)
