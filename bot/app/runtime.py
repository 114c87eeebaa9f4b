"""The composition root: every part of a running bot is built here once and passed in.

``assemble`` wires the heart (services, engine, staff desk) to the application's reminders
and campaigns and to the push channels adapters register; ``App.components`` builds what
``upsell-bot run`` starts. Tests and benchmarks use the same two calls, with their own
``Services`` (a sandbox client, a fake clock).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from bot.app.observe import count_sales
from bot.app.reminders import Campaigns, Reminders
from bot.config import ConfigError, Settings
from bot.store import Store, StoreError
from conversations import Engine, EventBus, Services
from conversations.ports import Channels, Component, Runtime
from conversations.staff import StaffDesk

log = logging.getLogger("bot.app")

ComponentFactory = Callable[["App"], Component | None]


@dataclass(frozen=True)
class App:
    """A bot assembled: the runtime every component shares, plus the reminders behind it."""

    runtime: Runtime
    reminders: Reminders
    campaigns: Campaigns

    def components(self) -> list[Component]:
        """What ``upsell-bot run`` starts, in order (each package contributes one factory)."""
        built = []
        for factory in component_factories():
            component = factory(self)
            if component is not None:
                built.append(component)
        return built


def assemble(settings: Settings, services: Services) -> App:
    """Build the engine, reminders, campaigns and staff desk around ``services``, once."""
    channels = Channels()
    engine = Engine(services)
    reminders = Reminders(settings, services, engine, channels)
    services.events.subscribe(reminders.on_staff_event)
    services.events.subscribe(count_sales)
    campaigns = Campaigns(settings, services, on_scheduled=reminders.plan_soon)
    desk = StaffDesk(services, engine=engine, channels=channels, campaigns=campaigns)
    runtime = Runtime(settings, services, engine, desk, channels)
    return App(runtime, reminders, campaigns)


def build(settings: Settings, store: Store, *, events: EventBus | None = None) -> App:
    """The production assembly: one API client per configured studio, the system clock."""
    return assemble(settings, Services.from_settings(settings, store, events=events))


def open_store(settings: Settings) -> Store:
    secret = settings.secret_key.get_secret_value() if settings.secret_key else None
    try:
        return Store.open(settings.db_path, secret=secret)
    except StoreError as exc:
        raise ConfigError(str(exc)) from None


def component_factories() -> list[ComponentFactory]:
    """Telegram, Slack, webhooks, reminders, reconciler: the reconciler last, since it pushes
    through channels started before it."""
    from adapters.slack import build_component as slack
    from adapters.telegram import build_component as telegram
    from bot.app.reconciler import build_component as reconciler
    from bot.app.reminders import build_component as reminders
    from bot.app.webhooks import build_component as webhooks

    return [
        lambda app: telegram(app.runtime),
        lambda app: slack(app.runtime),
        lambda app: webhooks(app.runtime, app.reminders),
        lambda app: reminders(app.runtime, app.reminders),
        lambda app: reconciler(app.runtime),
    ]


__all__ = ["App", "ComponentFactory", "assemble", "build", "component_factories", "open_store"]
