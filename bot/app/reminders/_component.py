"""The reminders component of ``upsell-bot run``: the watch loop and the sender loop.

No routes. It starts after the HTTP server (so the chat channels are up), abandons rows a
crashed process left half-sent, and stops its loops before the server goes down.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence

from starlette.routing import BaseRoute

from bot.app.reminders._hub import Reminders
from conversations.ports import Runtime

log = logging.getLogger("bot.app.reminders")

STOP_TIMEOUT = 10.0


class RemindersComponent:
    name = "reminders"

    def __init__(self, hub: Reminders) -> None:
        self.hub = hub
        self._stop = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []

    def routes(self) -> Sequence[BaseRoute]:
        return []

    async def start(self) -> None:
        self._stop = asyncio.Event()
        self.hub.sender.abandon_stale()
        self._tasks = [
            asyncio.create_task(self.hub.run_watch(self._stop), name="reminders-watch"),
            asyncio.create_task(self.hub.run_sender(self._stop), name="reminders-sender"),
        ]

    async def stop(self) -> None:
        """Let the loops finish what they are doing (a send in flight ends normally)."""
        self._stop.set()
        tasks, self._tasks = self._tasks, []
        if not tasks:
            return
        done, pending = await asyncio.wait(tasks, timeout=STOP_TIMEOUT)
        for task in pending:
            task.cancel()
        for task in pending:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        for task in done:
            if task.exception() is not None:
                log.error("a reminders loop ended with an error", exc_info=task.exception())


def build_component(runtime: Runtime, reminders: Reminders) -> RemindersComponent:
    """Always on: even with every reminder rule off, news of contract changes goes out."""
    rules = runtime.settings.reminders
    on = [
        rule for rule in ("cancelation", "trial", "viewed", "campaign") if rules.rule_enabled(rule)
    ]
    log.info(
        "reminders: rules on: %s; news of contract changes %s",
        ", ".join(on) or "none",
        "on" if rules.changes_enabled else "off",
    )
    return RemindersComponent(reminders)
