"""The webhook receiver as a component of ``upsell-bot run``, and webhook activation.

The route is always served: with no studio ``webhook_key`` configured it answers 401 to
every delivery (logged at start), so a misconfigured vendor side shows up as 401s rather
than as 404s.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from starlette.routing import BaseRoute

from bot.app.reminders import Reminders
from bot.app.webhooks._receiver import WEBHOOK_PATH, webhook_route
from bot.app.webhooks._worker import InboxWorker
from bot.config import Settings
from bot.perfectgym import PerfectGymClient, PerfectGymError
from conversations.ports import Runtime

log = logging.getLogger("bot.app.webhooks")


class WebhooksComponent:
    """``POST /perfectgym/webhook`` plus the inbox worker."""

    name = "perfectgym-webhooks"

    def __init__(self, runtime: Runtime, reminders: Reminders, *, path: str = WEBHOOK_PATH) -> None:
        self.runtime = runtime
        self.path = path
        self.worker = InboxWorker(runtime, reminders)
        self.keys = [
            (studio.name, studio.webhook_key.get_secret_value().encode())
            for studio in runtime.settings.studios
            if studio.webhook_key is not None
        ]

    def routes(self) -> Sequence[BaseRoute]:
        store, clock = self.runtime.services.store, self.worker.clock
        return [webhook_route(store, self.keys, clock, self.worker.wake, path=self.path)]

    async def start(self) -> None:
        await self.worker.requeue_stuck()
        await self.worker.loop.start()

    async def stop(self) -> None:
        """Finish the delivery being processed; the rest waits in the inbox for next time."""
        await self.worker.loop.stop()


def build_component(runtime: Runtime, reminders: Reminders) -> WebhooksComponent:
    component = WebhooksComponent(runtime, reminders)
    if not component.keys:
        log.warning(
            "PerfectGym webhooks: no studio has a webhook_key, so %s answers 401 to every "
            "delivery; set PERFECTGYM_WEBHOOK_KEY or webhook_key in [[studios]]",
            WEBHOOK_PATH,
        )
    else:
        names = ", ".join(name for name, _ in component.keys)
        log.info("PerfectGym webhooks accepted at %s for %s", WEBHOOK_PATH, names)
    return component


@dataclass(frozen=True)
class Activation:
    """How ``POST /v1/studios/confirmActivation`` went for one studio."""

    studio: str
    ok: bool
    error: str | None = None


async def activate_webhooks(settings: Settings, studios: Sequence[str] = ()) -> list[Activation]:
    """Switch PerfectGym webhook events on for the named studios (all if none are named)."""
    chosen = [s for s in settings.studios if not studios or s.name in studios]
    results = []
    for studio in chosen:
        async with PerfectGymClient(str(studio.base_url), studio.api_key) as client:
            try:
                await client.confirm_activation()
            except PerfectGymError as exc:
                results.append(Activation(studio.name, False, f"{type(exc).__name__}: {exc}"))
            else:
                results.append(Activation(studio.name, True))
    return results
