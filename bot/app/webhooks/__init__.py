"""PerfectGym webhooks: the receiver on the bot's HTTP server and the inbox behind it.

``POST /perfectgym/webhook`` authenticates the studio by its webhook key (constant time),
stores the delivery in the SQLite inbox (deduplicated on ``uuid``) and answers 200 at once;
``InboxWorker`` processes the inbox afterwards, restart-safe: contract changes refresh what
the bot knows and are told to the member and staff (``bot.app.reminders``), deleted or
access-disabled customers are erased. ``activate_webhooks`` calls ``confirmActivation``.
"""

from __future__ import annotations

from bot.app.webhooks._component import (
    Activation,
    WebhooksComponent,
    activate_webhooks,
    build_component,
)
from bot.app.webhooks._payload import (
    MAX_BODY,
    WebhookEvent,
    WebhookEventRequest,
    parse_body,
)
from bot.app.webhooks._receiver import WEBHOOK_PATH, studio_for_key, webhook_route
from bot.app.webhooks._worker import InboxWorker
from bot.bodies import MalformedBody

__all__ = [
    "MAX_BODY",
    "WEBHOOK_PATH",
    "Activation",
    "InboxWorker",
    "MalformedBody",
    "WebhookEvent",
    "WebhookEventRequest",
    "WebhooksComponent",
    "activate_webhooks",
    "build_component",
    "parse_body",
    "studio_for_key",
    "webhook_route",
]
