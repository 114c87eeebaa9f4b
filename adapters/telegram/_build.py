"""Building the Telegram channel from settings, for ``upsell-bot run`` and for tests."""

from __future__ import annotations

import logging
import os
from datetime import timedelta
from urllib.parse import urlsplit

from telegram.ext import Application

from adapters.telegram._channel import TelegramChannel, Webhook
from adapters.telegram._inbox import InboxQueue
from adapters.telegram._limiter import FloodLimiter
from adapters.telegram._redact import redact_in_logs
from bot.config import Settings
from bot.store import SharedBudget, budget_scope
from conversations.ports import Runtime

log = logging.getLogger("adapters.telegram")

PUBLIC_API = "https://api.telegram.org/bot"
DEFAULT_WEBHOOK_PATH = "/telegram/webhook"
CONCURRENT_UPDATES = 128


def build_application(
    token: str,
    *,
    base_url: str | None = None,
    limiter: FloodLimiter | None = None,
    polling: bool = True,
) -> Application:  # type: ignore[type-arg]
    """PTB's ``Application`` with the flood limiter, concurrent turns and no job queue.

    ``base_url`` is the Bot API root (``https://api.telegram.org`` or a self-hosted Bot API
    server such as ``http://localhost:8081``), with or without the trailing ``/bot``.
    Without ``polling`` there is no updater: updates come from the webhook or from tests.
    """
    redact_in_logs(token, "<TELEGRAM_BOT_TOKEN>")
    quiet_debug_logs()
    # PTB reports durations (retry_after) as timedelta when opted in; its switch is this variable.
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    api = bot_api_url(base_url)
    builder = (
        Application.builder()
        .token(token)
        .base_url(api)
        .base_file_url(api.removesuffix("/bot") + "/file/bot")
        .rate_limiter(limiter or FloodLimiter())
        .concurrent_updates(CONCURRENT_UPDATES)
        .job_queue(None)
        .update_queue(InboxQueue())
    )
    if not polling:
        builder = builder.updater(None)
    return builder.build()


def quiet_debug_logs() -> None:
    """PTB logs every Bot API call's parameters and answer, and every update, at DEBUG: member
    text (a date of birth, a link code) and button tokens would reach the log. Its loggers stay
    at INFO even when the bot runs with ``LOG_LEVEL=DEBUG``."""
    logger = logging.getLogger("telegram")
    if logger.level < logging.INFO:  # also NOTSET: a DEBUG root must not switch it on
        logger.setLevel(logging.INFO)


def bot_api_url(base_url: str | None) -> str:
    """``.../bot``, the form PTB appends the token to."""
    if not base_url:
        return PUBLIC_API
    root = base_url.rstrip("/")
    return root if root.endswith("/bot") else root + "/bot"


def webhook_from_settings(settings: Settings) -> Webhook | None:
    if settings.telegram_webhook_url is None or settings.telegram_webhook_secret is None:
        return None
    url = str(settings.telegram_webhook_url)
    path = settings.telegram_webhook_path or urlsplit(url).path
    if path in ("", "/"):
        path = DEFAULT_WEBHOOK_PATH
    return Webhook(url=url, secret=settings.telegram_webhook_secret.get_secret_value(), path=path)


def build_component(runtime: Runtime) -> TelegramChannel | None:
    """The Telegram channel for ``upsell-bot run``, or None (logged) without a bot token."""
    settings = runtime.settings
    if settings.telegram_bot_token is None:
        log.info("Telegram channel off: TELEGRAM_BOT_TOKEN is not set")
        return None
    webhook = webhook_from_settings(settings)
    base_url = settings.telegram_api_base_url
    token = settings.telegram_bot_token.get_secret_value()
    store = runtime.services.store
    limiter = None
    if store.backend != "sqlite":  # replicas: one pace for the bot, kept in the database
        scope = budget_scope("telegram", token)
        limiter = FloodLimiter(
            # At most 22 in any second: room for the network's (and a loaded host's) jitter
            # under Telegram's 30, when three replicas send to many chats at once.
            shared=SharedBudget(store, scope, per_second=20, burst=2),
            shared_chats=SharedBudget(store, scope + ":chat", per_second=1 / 1.05),
        )
    application = build_application(
        token,
        base_url=str(base_url) if base_url else None,
        limiter=limiter,
        polling=webhook is None,
    )
    channel = TelegramChannel(
        application,
        runtime.engine,
        runtime.services.clock,
        webhook=webhook,
        channels=runtime.channels,
        leadership=runtime.leadership,
        lease=timedelta(seconds=settings.telegram_update_lease_seconds),
    )
    runtime.channels.register(channel)
    return channel
