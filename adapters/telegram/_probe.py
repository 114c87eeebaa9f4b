"""``upsell-bot check`` for Telegram: ``getMe`` with the bot token, the bot's user name back."""

from __future__ import annotations

from telegram import Bot
from telegram.error import InvalidToken, NetworkError, TelegramError

from adapters.telegram._build import bot_api_url
from adapters.telegram._redact import redact_in_logs
from bot.config import ConfigError


async def probe(token: str, base_url: str | None = None) -> str:
    """The bot's user name; ``ConfigError`` (one line, never the token) when it fails."""
    redact_in_logs(token, "<TELEGRAM_BOT_TOKEN>")
    bot = Bot(token, base_url=bot_api_url(base_url))
    refused: ConfigError | None = None
    try:
        async with bot:  # initialize() asks getMe
            return bot.username
    except InvalidToken:
        refused = ConfigError("TELEGRAM_BOT_TOKEN was rejected by the Telegram Bot API")
    except NetworkError as exc:
        refused = ConfigError(
            "cannot reach the Telegram Bot API (check TELEGRAM_API_BASE_URL and the network): "
            + type(exc).__name__
        )
    except TelegramError as exc:
        refused = ConfigError(f"Telegram refused getMe: {type(exc).__name__}")
    raise refused  # raised out here, so PTB's error (with the token) is not chained
