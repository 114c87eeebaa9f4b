"""Leader election: the one process that polls Telegram and runs Slack's Socket Mode.

Webhooks, reminders, the inbox and the reconciler run on every replica (their claims are
atomic); a Telegram bot token may be polled by one process only, and a Socket Mode app is
one connection. Every process tries to take the lead through the database (a ``flock`` on
the SQLite file's ``-leader.lock``, a PostgreSQL session advisory lock) and re-checks every
``interval`` seconds: a leader that dies frees the lead with its process or session, and a
standby takes it within one interval (plus the server noticing a vanished host).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from starlette.routing import BaseRoute

from bot.clock import Clock
from bot.loops import BackgroundLoop
from bot.store.protocols import LeaderStore
from conversations.ports import Leadership

log = logging.getLogger("bot.app.leader")

INTERVAL = 2.0


class LeaderElection:
    """Component: claims the lead every ``interval`` seconds, starts and stops the parts."""

    name = "leader"

    def __init__(
        self,
        store: LeaderStore,
        leadership: Leadership,
        *,
        interval: float = INTERVAL,
        clock: Clock | None = None,
    ) -> None:
        self.store = store
        self.leadership = leadership
        self.loop = BackgroundLoop(
            "leader",
            self._round,
            interval=interval,
            clock=clock,
            logger=log,
            failure="leader election round failed",
        )

    def routes(self) -> Sequence[BaseRoute]:
        return ()

    async def start(self) -> None:
        await self.loop.start()

    async def stop(self) -> None:
        await self.loop.stop()
        if self.leadership.leading:
            await self._follow()
            await self.store.resign_leadership()

    async def _round(self) -> None:
        try:
            leading = await self.store.claim_leadership()
        except Exception:
            leading = False  # no database, no lead: another replica may hold it now
            log.warning("could not confirm the lead; acting as a standby", exc_info=True)
        if leading and not self.leadership.leading:
            log.info("this process leads now: polling and Socket Mode run here")
            self.leadership.leading = True
            for part in self.leadership.parts:
                await part.lead()
        elif not leading and self.leadership.leading:
            log.warning("this process lost the lead; stopping its leader-only work")
            await self._follow()

    async def _follow(self) -> None:
        self.leadership.leading = False
        for part in reversed(self.leadership.parts):
            try:
                await part.follow()
            except Exception:
                log.exception("stopping leader-only work failed")


def build_component(store: LeaderStore, leadership: Leadership) -> LeaderElection | None:
    """Only when some part needs a leader (polling, Socket Mode)."""
    if not leadership.parts:
        return None
    return LeaderElection(store, leadership)
