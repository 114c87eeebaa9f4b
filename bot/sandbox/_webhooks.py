"""Outbound webhooks as PerfectGym sends them: one POST per event, no retry.

Body `{entityId, uuid, payload: [{timestamp, type, content}]}` with header `x-api-key` set
to the studio's webhook key. One background task sends the queued events in the order the
changes happened, so an API answer never waits for it; every attempt is logged with its
outcome.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime

import httpx

from bot.clock import Clock

log = logging.getLogger(__name__)

WEBHOOK_TIMEOUT = 5.0  # the vendor's own delivery timeout


@dataclass
class WebhookDelivery:
    """One delivery attempt and what the receiver answered (status) or why it failed."""

    url: str
    studio_id: int
    api_key: str
    body: dict[str, object]
    sent_at: datetime
    status_code: int | None = None
    error: str | None = None

    @property
    def event_type(self) -> str:
        payload = self.body["payload"]
        assert isinstance(payload, list)
        return str(payload[0]["type"])

    @property
    def delivered(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


@dataclass
class WebhookSender:
    """Sends events to `url` (None = webhooks off) and keeps the delivery log."""

    clock: Clock
    url: str | None = None
    transport: httpx.AsyncBaseTransport | None = None
    deliveries: list[WebhookDelivery] = field(default_factory=list)
    _queue: deque[WebhookDelivery] = field(default_factory=deque)
    _worker: asyncio.Task[None] | None = None
    _client: httpx.AsyncClient | None = None

    def emit(
        self,
        *,
        studio_id: int,
        webhook_key: str,
        customer_id: int,
        events: list[tuple[str, dict[str, object]]],
    ) -> None:
        """Queue the events of one change; they go out in order, after the caller returns."""
        if self.url is None or not events:
            return
        now = self.clock.now()
        timestamp = int(now.timestamp() * 1000)
        deliveries = [
            WebhookDelivery(
                url=self.url,
                studio_id=studio_id,
                api_key=webhook_key,
                body={
                    "entityId": customer_id,
                    "uuid": str(uuid.uuid4()),
                    "payload": [{"timestamp": timestamp, "type": kind, "content": content}],
                },
                sent_at=now,
            )
            for kind, content in events
        ]
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            for delivery in deliveries:
                delivery.error = "no running event loop to send from"
                self.deliveries.append(delivery)
            return
        self._queue.extend(deliveries)
        if self._worker is None or self._worker.done():
            self._worker = loop.create_task(self._send_queued(), name="sandbox-webhooks")

    async def drain(self) -> None:
        """Wait until every queued delivery has been attempted."""
        while self._worker is not None and not self._worker.done():
            await asyncio.gather(self._worker, return_exceptions=True)

    async def aclose(self) -> None:
        await self.drain()
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def _send_queued(self) -> None:
        while self._queue:
            await self._send(self._queue.popleft())

    async def _send(self, delivery: WebhookDelivery) -> None:
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=WEBHOOK_TIMEOUT, transport=self.transport)
        try:
            response = await self._client.post(
                delivery.url, json=delivery.body, headers={"x-api-key": delivery.api_key}
            )
            delivery.status_code = response.status_code
        except httpx.HTTPError as exc:
            delivery.error = f"{type(exc).__name__}: {exc}"
            log.warning("sandbox webhook to %s failed: %s", delivery.url, delivery.error)
        self.deliveries.append(delivery)
