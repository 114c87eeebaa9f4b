"""Keep the bot token out of the logs: it is part of every Bot API URL.

httpx logs each request URL at INFO, and PTB logs its API URL at DEBUG; both include the
token. A filter on those loggers rewrites the record before any handler sees it.
"""

from __future__ import annotations

import logging

TOKEN_LOGGERS = ("httpx", "telegram.Bot", "telegram.ext.ExtBot")
MASK = "<TELEGRAM_BOT_TOKEN>"


class RedactToken(logging.Filter):
    """Replace the token in a record's message (and its arguments) with a mask."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self.token in message:
            record.msg = message.replace(self.token, MASK)
            record.args = None
        return True


def redact_token_in_logs(token: str) -> None:
    for name in TOKEN_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactToken) and f.token == token for f in logger.filters):
            logger.addFilter(RedactToken(token))
