"""Members on Telegram: a python-telegram-bot ``Application`` in front of the engine.

Polling by default, webhook on the bot's own HTTP server when ``TELEGRAM_WEBHOOK_URL`` and
``TELEGRAM_WEBHOOK_SECRET`` are set. Every outgoing call (replies and pushes) goes through
``FloodLimiter``; a ``bot.clock.SimulatedClock`` lets tests and benchmarks run it on a
``FakeClock``.
"""

from adapters.telegram._build import (
    bot_api_url,
    build_application,
    build_component,
    webhook_from_settings,
)
from adapters.telegram._channel import ALLOWED_UPDATES, TelegramChannel, Webhook
from adapters.telegram._delivery import Delivery
from adapters.telegram._limiter import FloodLimiter, surely_not_sent
from adapters.telegram._mapping import PLATFORM, reachability, to_incoming
from adapters.telegram._probe import probe
from adapters.telegram._render import TelegramMessage, render, split_text, utf16_length
from adapters.telegram._webhook import SECRET_HEADER

__all__ = [
    "ALLOWED_UPDATES",
    "PLATFORM",
    "SECRET_HEADER",
    "Delivery",
    "FloodLimiter",
    "TelegramChannel",
    "TelegramMessage",
    "Webhook",
    "bot_api_url",
    "build_application",
    "build_component",
    "probe",
    "reachability",
    "render",
    "split_text",
    "surely_not_sent",
    "to_incoming",
    "utf16_length",
    "webhook_from_settings",
]
