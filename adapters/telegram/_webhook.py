"""The Telegram webhook endpoint on the bot's own Starlette app.

Checks Telegram's secret-token header in constant time (403 otherwise), parses the update
(400 for anything malformed, nothing processed), queues it for the PTB ``Application`` and
answers 200 at once; the turn runs afterwards. While the channel is stopped it answers 503,
so Telegram keeps the update and delivers it again later.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from telegram import Update
from telegram.ext import Application

log = logging.getLogger("adapters.telegram.webhook")

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY = 1_000_000  # updates are a few kilobytes; anything near this is not from Telegram


def webhook_route(
    path: str,
    secret: str,
    application: Application,  # type: ignore[type-arg]
    accepting: Callable[[], bool],
) -> Route:
    expected = secret.encode()

    async def telegram_webhook(request: Request) -> Response:
        given = request.headers.get(SECRET_HEADER, "").encode("latin-1")
        if not hmac.compare_digest(given, expected):
            log.warning("telegram webhook call with a wrong or missing secret token refused")
            return PlainTextResponse("forbidden", status_code=403)
        if not accepting():
            return PlainTextResponse("not running", status_code=503)
        declared = request.headers.get("content-length", "0")
        if not declared.isdigit() or int(declared) > MAX_BODY:
            return PlainTextResponse("body too large", status_code=413)
        body = await request.body()
        update = _parse(body, application)
        if update is None:
            return PlainTextResponse("malformed update", status_code=400)
        await application.update_queue.put(update)
        return Response(status_code=200)

    return Route(path, telegram_webhook, methods=["POST"])


def _parse(body: bytes, application: Application) -> Update | None:  # type: ignore[type-arg]
    if len(body) > MAX_BODY:
        return None
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    if not isinstance(data, dict) or type(data.get("update_id")) is not int:
        return None
    try:
        return Update.de_json(data, application.bot)
    except Exception:  # PTB raises whatever its de_json meets in a malformed payload
        return None
