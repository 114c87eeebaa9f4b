"""Keep the bot token and the webhook secret out of the logs.

The token is part of every Bot API URL: httpx logs each request URL at INFO and PTB logs its
API URL at DEBUG. PTB also logs the parameters of each call at DEBUG, the webhook secret
among them. A filter on those loggers rewrites the record before any handler sees it.
"""

from __future__ import annotations

import logging

TOKEN_LOGGERS = ("httpx", "telegram.Bot", "telegram.ext.ExtBot")


class RedactSecret(logging.Filter):
    """Replace a secret in a record's message (arguments included) with a mask."""

    def __init__(self, secret: str, mask: str) -> None:
        super().__init__()
        self.secret = secret
        self.mask = mask

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self.secret in message:
            record.msg = message.replace(self.secret, self.mask)
            record.args = None
        return True


def redact_in_logs(secret: str, mask: str) -> None:
    """Mask ``secret`` in everything httpx and PTB's bot log, from now on."""
    for name in TOKEN_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactSecret) and f.secret == secret for f in logger.filters):
            logger.addFilter(RedactSecret(secret, mask))
