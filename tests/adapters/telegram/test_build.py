"""Building the channel from settings: API base URL, webhook route, secrets, logs."""

from __future__ import annotations

import logging

import pytest
from pydantic import ValidationError

from adapters.telegram import bot_api_url, build_application, webhook_from_settings
from bot.config import Settings


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (None, "https://api.telegram.org/bot"),
        ("https://api.telegram.org/", "https://api.telegram.org/bot"),
        ("http://localhost:8081", "http://localhost:8081/bot"),
        ("http://localhost:8081/bot/", "http://localhost:8081/bot"),
    ],
)
def test_the_bot_api_url_accepts_the_root_or_the_bot_path(given: str | None, expected: str) -> None:
    assert bot_api_url(given) == expected


def test_the_webhook_route_follows_the_public_url_unless_told_otherwise() -> None:
    settings = Settings(
        telegram_webhook_url="https://bot.example.org/tg/hook", telegram_webhook_secret="abc_DEF-1"
    )
    webhook = webhook_from_settings(settings)
    assert webhook is not None and webhook.path == "/tg/hook" and webhook.secret == "abc_DEF-1"
    behind_proxy = settings.model_copy(update={"telegram_webhook_path": "/telegram/webhook"})
    assert webhook_from_settings(behind_proxy).path == "/telegram/webhook"  # type: ignore[union-attr]
    assert webhook_from_settings(Settings()) is None


@pytest.mark.parametrize("secret", ["has space", "ümlaut", "x" * 257, ""])
def test_a_webhook_secret_telegram_would_refuse_is_a_config_error(secret: str) -> None:
    with pytest.raises(ValidationError, match="A-Z, a-z, 0-9"):
        Settings(
            telegram_webhook_url="https://bot.example.org/hook", telegram_webhook_secret=secret
        )


def test_the_token_never_reaches_the_logs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    token = "424242:secret-token-for-log-test"
    build_application(token, base_url="http://tg.test")
    assert "Set Bot API URL" not in caplog.text, "PTB's DEBUG records (member text) stay off"
    caplog.set_level(logging.DEBUG, logger="telegram")  # an operator switching them on
    logging.getLogger("telegram.Bot").debug("Set Bot API URL: http://tg.test/bot%s", token)
    logging.getLogger("httpx").info("HTTP Request: POST http://tg.test/bot%s/getMe", token)
    assert "Set Bot API URL" in caplog.text
    assert token not in caplog.text
    assert "<TELEGRAM_BOT_TOKEN>" in caplog.text
