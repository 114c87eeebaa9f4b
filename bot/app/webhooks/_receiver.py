"""``POST /perfectgym/webhook``: authenticate, check, store, answer 200 at once.

The ``x-api-key`` header picks the studio: it is compared in constant time with every
studio's webhook key (all of them, always, so timing tells nothing about which matched).
Wrong or missing key: 401; body over 64 KiB: 413; malformed body: 400; otherwise the
delivery is stored in the inbox (a repeated ``uuid`` is answered 200 and stored once) and
the inbox worker is woken. No PerfectGym call happens while the vendor waits (5 s timeout).
Each delivery is counted (accepted, duplicate, refused) and logged with a correlation id of
its own and the vendor's ``uuid``.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from collections.abc import Callable, Sequence

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot import logs, metrics
from bot.app.webhooks._payload import MAX_BODY, parse_body
from bot.bodies import BodyRefused, BodyTooLarge, read_capped
from bot.clock import Clock
from bot.store import StoreError
from bot.store.protocols import InboxStore

log = logging.getLogger("bot.app.webhooks")

WEBHOOK_PATH = "/perfectgym/webhook"
KEY_HEADER = "x-api-key"


def studio_for_key(presented: str | None, keys: Sequence[tuple[str, bytes]]) -> str | None:
    """The studio whose webhook key this is, comparing against every key without early exit."""
    given = (presented or "").encode()
    match = None
    for studio, key in keys:
        if hmac.compare_digest(given, key) and presented:
            match = studio
    return match


STORE_WITHIN = 2.0
"""Seconds a delivery waits for the database before 503 (PerfectGym waits 5 s)."""


def webhook_route(
    store: InboxStore,
    keys: Sequence[tuple[str, bytes]],
    clock: Clock,
    on_stored: Callable[[], None],
    *,
    path: str = WEBHOOK_PATH,
) -> Route:
    async def receive(request: Request) -> Response:
        with logs.bind(correlation_id=logs.new_correlation_id(), source="perfectgym-webhook"):
            outcome, response = await _receive(request)
        metrics.record_webhook_delivery(outcome, response.status_code)
        return response

    async def _receive(request: Request) -> tuple[str, Response]:
        studio = studio_for_key(request.headers.get(KEY_HEADER), keys)
        if studio is None:
            log.info("webhook refused: missing or wrong x-api-key")
            return _refused("missing or wrong x-api-key", 401)
        logs.annotate(studio=studio)
        try:
            event, document = parse_body(await read_capped(request, MAX_BODY))
        except BodyTooLarge:
            return _refused("body larger than 64 KiB", 413)
        except BodyRefused as exc:
            return _refused(f"malformed body: {exc}", exc.status)
        logs.annotate(delivery=event.uuid)
        try:
            async with asyncio.timeout(STORE_WITHIN):
                stored = await asyncio.shield(
                    store.store_delivery(
                        event.uuid, studio, event.entityId, event.event_type, document, clock.now()
                    )
                )
        except (StoreError, TimeoutError) as exc:
            # PerfectGym gives up after 5 s: answer before, so it delivers again later
            reason = "the database is busy" if isinstance(exc, TimeoutError) else str(exc)
            log.error("webhook delivery not stored: %s", reason)
            return _refused("try again later", 503)
        if stored:
            log.info("webhook %s stored", event.event_type)
            on_stored()
            return "accepted", JSONResponse({"status": "accepted"})
        log.debug("webhook %s already received", event.uuid)
        return "duplicate", JSONResponse({"status": "duplicate"})

    return Route(path, receive, methods=["POST"])


def _refused(error: str, status: int) -> tuple[str, Response]:
    return "refused", JSONResponse({"error": error}, status_code=status)
