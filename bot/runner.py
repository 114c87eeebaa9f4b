"""``upsell-bot run``: every configured channel, the HTTP server and the background loops.

One asyncio process. Components start after the HTTP server is up and stop (in reverse
order) before it goes down, on SIGINT or SIGTERM, so nothing in flight is lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Callable

from bot.config import ConfigError, Settings
from bot.runtime import Component, Runtime
from bot.server import build_app
from bot.serving import serve_asgi
from bot.store import Store, StoreError
from conversations import Engine, Services
from conversations.staff import StaffDesk

log = logging.getLogger("bot.runner")

ComponentFactory = Callable[[Runtime], Component | None]


def component_factories() -> list[ComponentFactory]:
    """Each package that can run inside ``upsell-bot run`` contributes one factory."""
    factories: list[ComponentFactory] = []
    from adapters.telegram import build_component as telegram

    factories.append(telegram)
    from adapters.slack import build_component as slack

    factories.append(slack)
    from bot.webhooks import build_component as webhooks

    factories.append(webhooks)
    from bot.reminders import build_component as reminders

    factories.append(reminders)
    from bot.reconciler import build_component as reconciler

    factories.append(reconciler)  # last: it pushes through channels started before it
    return factories


def open_store(settings: Settings) -> Store:
    secret = settings.secret_key.get_secret_value() if settings.secret_key else None
    try:
        return Store.open(settings.db_path, secret=secret)
    except StoreError as exc:
        raise ConfigError(str(exc)) from None


def build_runtime(settings: Settings, store: Store) -> Runtime:
    services = Services.from_settings(settings, store)
    engine = Engine(services)
    return Runtime(
        settings=settings,
        store=store,
        services=services,
        engine=engine,
        desk=StaffDesk(services),
    )


def build_components(runtime: Runtime) -> list[Component]:
    components = []
    for factory in component_factories():
        component = factory(runtime)
        if component is not None:
            components.append(component)
    return components


async def run_bot(settings: Settings, *, stop: asyncio.Event | None = None) -> int:
    settings.require_studios()
    store = open_store(settings)
    runtime: Runtime | None = None
    started: list[Component] = []
    try:
        runtime = build_runtime(settings, store)
        components = build_components(runtime)
        if not runtime.channels:
            log.warning(
                "no chat channel is configured (set TELEGRAM_BOT_TOKEN and/or SLACK_BOT_TOKEN)"
            )
        stop = stop or _stop_on_signals()
        app = build_app(runtime, components)
        async with contextlib.AsyncExitStack() as stack:
            try:
                url = await stack.enter_async_context(
                    serve_asgi(app, settings.http_host, settings.http_port, name="upsell-bot")
                )
            except OSError as exc:
                raise ConfigError(
                    f"HTTP_HOST/HTTP_PORT {settings.http_host}:{settings.http_port} cannot be "
                    f"served: {exc.strerror or exc}"
                ) from None
            log.info("HTTP server listening on %s", url)
            for component in components:
                await component.start()
                started.append(component)
                log.info("%s started", component.name)
            await stop.wait()
            log.info("shutting down")
            while started:
                await _stop(started.pop())
    finally:
        while started:
            await _stop(started.pop())
        if runtime is not None:
            await runtime.services.aclose()
        store.close()
    return 0


async def _stop(component: Component) -> None:
    try:
        await component.stop()
        log.info("%s stopped", component.name)
    except Exception:
        log.exception("%s did not stop cleanly", component.name)


def _stop_on_signals() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    return stop
