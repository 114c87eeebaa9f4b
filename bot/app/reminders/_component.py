"""The reminders component of ``upsell-bot run``: the watch loop and the sender loop.

No routes. It starts after the HTTP server (so the chat channels are up), abandons rows a
crashed process left half-sent, and stops its loops before the server goes down.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from starlette.routing import BaseRoute

from bot.app.reminders._hub import Reminders
from conversations.ports import Runtime

log = logging.getLogger("bot.app.reminders")


class RemindersComponent:
    name = "reminders"

    def __init__(self, hub: Reminders) -> None:
        self.hub = hub

    def routes(self) -> Sequence[BaseRoute]:
        return []

    async def start(self) -> None:
        await self.hub.sender.abandon_stale()
        await self.hub.start()

    async def stop(self) -> None:
        """Let the loops finish what they are doing (a send in flight ends normally)."""
        await self.hub.stop()


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
