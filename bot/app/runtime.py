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
from bot.config import ConfigError, Settings, StudioSettings
from bot.perfectgym import RequestLimiter, pace
from bot.store import SharedBudget, SqliteStore, Store, StoreError, budget_scope
from bot.store.protocols import StoreAPI
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


def build(settings: Settings, store: StoreAPI, *, events: EventBus | None = None) -> App:
    """The production assembly: one API client per configured studio, the system clock.

    On a shared database (PostgreSQL: several replicas) each API key's request budget and
    the reminders' share of it are kept in the database, so the replicas together stay
    under PerfectGym's limit; on SQLite (one process) the clients count for themselves."""
    shared = store.backend != "sqlite"

    def limiter_for(studio: StudioSettings) -> RequestLimiter | None:
        if not shared:
            return None
        scope = budget_scope("perfectgym", studio.api_key.get_secret_value())
        limit = pace(studio.requests_per_minute)  # never above the key's limit in any minute
        return SharedBudget(store, scope, per_second=limit.per_minute / 60, burst=limit.burst)

    services = Services.from_settings(settings, store, events=events, limiter_for=limiter_for)
    app = assemble(settings, services)
    if shared:
        per_minute = settings.reminders.api_calls_per_minute
        app.reminders.budget.share(
            SharedBudget(store, "perfectgym-background", per_second=per_minute / 60)
        )
    return app


def open_store(settings: Settings) -> StoreAPI:
    """The configured database, migrated: the SQLite file, or PostgreSQL when the settings
    name a URL (``Settings.postgres_url``). Blocks while it connects and migrates, so call it
    before serving (or in a thread); a problem is one line for the operator."""
    secret = settings.secret_key.get_secret_value() if settings.secret_key else None
    url = _chosen_database(settings)
    try:
        if url is None:
            return SqliteStore.open(settings.db_path, secret=secret)
        from bot.store import PostgresStore

        return PostgresStore.open(url, secret=secret, pool_size=settings.db_pool_size)
    except StoreError as exc:
        raise ConfigError(settings.redact(str(exc))) from None


def open_sync_store(settings: Settings) -> Store:
    """The configured database as the synchronous ``Store``, migrated (operator commands)."""
    secret = settings.secret_key.get_secret_value() if settings.secret_key else None
    url = _chosen_database(settings)
    try:
        if url is None:
            return Store.open(settings.db_path, secret=secret)
        return Store.connect(url, secret=secret)
    except StoreError as exc:
        raise ConfigError(settings.redact(str(exc))) from None


def _chosen_database(settings: Settings) -> str | None:
    if settings.database_shadowed:
        log.warning(
            "DATABASE_URL is set, but UPSELL_DB names the SQLite file %s, which wins",
            settings.db_path,
        )
    log.info("database: %s", settings.database_label)
    return settings.postgres_url


def component_factories() -> list[ComponentFactory]:
    """Telegram, Slack, webhooks, reminders, reconciler: the reconciler after the channels it
    pushes through; the leader election last, as it starts work (polling) on started parts."""
    from adapters.slack import build_component as slack
    from adapters.telegram import build_component as telegram
    from bot.app.leader import build_component as leader
    from bot.app.reconciler import build_component as reconciler
    from bot.app.reminders import build_component as reminders
    from bot.app.webhooks import build_component as webhooks

    return [
        lambda app: telegram(app.runtime),
        lambda app: slack(app.runtime),
        lambda app: webhooks(app.runtime, app.reminders),
        lambda app: reminders(app.runtime, app.reminders),
        lambda app: reconciler(app.runtime),
        lambda app: leader(app.runtime.services.store, app.runtime.leadership),
    ]


__all__ = [
    "App",
    "ComponentFactory",
    "assemble",
    "build",
    "component_factories",
    "open_store",
    "open_sync_store",
]
