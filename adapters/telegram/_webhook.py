"""The Telegram webhook endpoint on the bot's own Starlette app.

Checks Telegram's secret-token header in constant time (403 otherwise), reads at most
``MAX_BODY`` (413 as soon as it is passed), parses the update with the shared size and depth
caps (400 for anything malformed, nothing processed), stores it and queues it for the PTB
``Application``, and answers 200 once it is stored; the turn runs afterwards. While the
channel is stopped, or the database does not store the update within two seconds, it
answers 503, so Telegram keeps the update and delivers it again later.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from telegram import Update
from telegram.ext import Application

from bot.bodies import BodyRefused, BodyTooLarge, MalformedBody, loads_object, read_capped

log = logging.getLogger("adapters.telegram.webhook")

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY = 1_000_000  # updates are a few kilobytes; anything near this is not from Telegram


def webhook_route(
    path: str,
    secret: str,
    application: Application,  # type: ignore[type-arg]
    accepting: Callable[[], bool],
    intake: Callable[[Update], Awaitable[bool]],
) -> Route:
    """``intake`` stores the update and queues it to run; False: the database did not take
    it in time (503, Telegram delivers it again)."""
    expected = secret.encode()

    async def telegram_webhook(request: Request) -> Response:
        given = request.headers.get(SECRET_HEADER, "").encode("latin-1")
        if not hmac.compare_digest(given, expected):
            log.warning("telegram webhook call with a wrong or missing secret token refused")
            return PlainTextResponse("forbidden", status_code=403)
        if not accepting():
            return PlainTextResponse("not running", status_code=503)
        try:
            update = _parse(await read_capped(request, MAX_BODY), application)
        except BodyTooLarge:
            return PlainTextResponse("body too large", status_code=413)
        except BodyRefused as exc:
            return PlainTextResponse(f"malformed update: {exc}", status_code=400)
        if not await intake(update):
            return PlainTextResponse("database busy, deliver again later", status_code=503)
        return Response(status_code=200)

    return Route(path, telegram_webhook, methods=["POST"])


def _parse(body: bytes, application: Application) -> Update:  # type: ignore[type-arg]
    """The update, or ``BodyRefused``.

    Lone surrogates pass, as in polling: member text is only matched against patterns, and
    callback data goes to the token store, which answers "unknown button" for them.
    """
    data = loads_object(body, max_bytes=MAX_BODY, allow_lone_surrogates=True)
    if type(data.get("update_id")) is not int:
        raise MalformedBody("update_id is not an integer")
    try:
        return Update.de_json(data, application.bot)
    except Exception:  # PTB raises whatever its de_json meets in a malformed payload
        raise MalformedBody("not a Telegram update") from None
