"""A background loop that settles writes whose outcome is still unknown.

Members also learn the outcome at their next turn; this loop tells those who do not write
again, and runs once right at start-up for what a crash left open.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from starlette.routing import BaseRoute

from bot.clock import Clock
from bot.loops import BackgroundLoop
from conversations.ports import Runtime

log = logging.getLogger("bot.app.reconciler")


class Reconciler:
    name = "reconciler"

    def __init__(
        self, runtime: Runtime, *, interval: float = 10.0, clock: Clock | None = None
    ) -> None:
        self.runtime = runtime
        self.interval = interval
        self.loop = BackgroundLoop(
            "reconciler",
            self._round,
            interval=interval,
            clock=clock,
            logger=log,
            failure="reconciliation round failed",
        )

    def routes(self) -> Sequence[BaseRoute]:
        return ()

    async def start(self) -> None:
        await self.loop.start()

    async def stop(self) -> None:
        """Let a round in flight finish (its news goes out), then end the loop."""
        await self.loop.stop()

    async def run_once(self) -> int:
        """Settle what can be settled now and deliver the news; returns the chats told."""
        return len(await self.runtime.engine.reconcile_open_operations(self.runtime.push))

    async def _round(self) -> None:
        await self.run_once()


def build_component(runtime: Runtime) -> Reconciler:
    return Reconciler(runtime)
