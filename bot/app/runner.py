"""``upsell-bot run``: every configured channel, the HTTP server and the background loops.

One asyncio process. Components start after the HTTP server is up and stop (in reverse
order) before it goes down, on SIGINT or SIGTERM, so nothing in flight is lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal

from bot.app.observe import METRICS_PATH, metrics_app
from bot.app.runtime import App, build, open_store
from bot.app.server import build_app
from bot.config import ConfigError, Settings
from bot.serving import serve_asgi
from conversations.ports import Component

log = logging.getLogger("bot.app.runner")


async def run_bot(settings: Settings, *, stop: asyncio.Event | None = None) -> int:
    settings.require_studios()
    store = await asyncio.to_thread(open_store, settings)  # PostgreSQL: connects and migrates
    app: App | None = None
    started: list[Component] = []
    try:
        app = build(settings, store)
        components = app.components()
        if not app.runtime.channels:
            log.warning(
                "no chat channel is configured (set TELEGRAM_BOT_TOKEN and/or SLACK_BOT_TOKEN)"
            )
        stop = stop or _stop_on_signals()
        http = build_app(app.runtime, components)
        async with contextlib.AsyncExitStack() as stack:
            try:
                url = await stack.enter_async_context(
                    serve_asgi(http, settings.http_host, settings.http_port, name="upsell-bot")
                )
            except OSError as exc:
                raise ConfigError(
                    f"HTTP_HOST/HTTP_PORT {settings.http_host}:{settings.http_port} cannot be "
                    f"served: {exc.strerror or exc}"
                ) from None
            log.info("HTTP server listening on %s", url)
            await _serve_metrics(stack, app, settings)
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
        if app is not None:
            await app.runtime.services.aclose()
        store.close()
    return 0


async def _serve_metrics(stack: contextlib.AsyncExitStack, app: App, settings: Settings) -> None:
    """``/metrics`` on its own port when ``METRICS_PORT`` is set (see ``bot.app.observe``)."""
    if settings.metrics_port is None:
        where = "on the main server (METRICS_TOKEN)" if settings.metrics_token else "off"
        log.info("metrics: %s", where)
        return
    host, port = settings.metrics_host, settings.metrics_port
    try:
        url = await stack.enter_async_context(
            serve_asgi(metrics_app(app.runtime), host, port, name="upsell-bot-metrics")
        )
    except OSError as exc:
        raise ConfigError(
            f"METRICS_HOST/METRICS_PORT {host}:{port} cannot be served: {exc.strerror or exc}"
        ) from None
    log.info("metrics listening on %s%s", url, METRICS_PATH)


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
