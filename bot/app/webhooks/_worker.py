"""The inbox worker: processes stored webhook deliveries after the vendor got its 200.

Restart-safe: rows are claimed (received -> processing) and finished; at start and on every
sweep, rows a dead process left in ``processing`` go back to ``received`` (after
``STUCK_AFTER``; a row that keeps failing ends ``failed``). A claimed batch is grouped per
customer, so the two deliveries PerfectGym sends for one change (``CONTRACT_UPDATED`` and
``CONTRACT_ADDITIONAL_MODULE_*``), or a burst of them, cost one refresh.

- ``CONTRACT_*`` for a linked customer: refresh the snapshot, tell the member and staff what
  changed (``bot.app.reminders``), plan reminders. Events naming another main contract than the
  linked one are dropped.
- ``CUSTOMER_DELETED`` / ``CUSTOMER_ACCESS_DISABLED``: erase every linked chat of that
  customer and its personal data, without calling PerfectGym (the customer can no longer be
  read) and without messaging the member (the link is what allowed us to); audited, and
  staff get a notice.
- Anything else, and events for customers nobody linked, are recorded and dropped.

First of all, what PerfectGym says changed is dropped from the studio client's read cache:
``CONTRACT_*`` the customer's contracts and purchasable lists,
``CUSTOMER_COMMUNICATION_PREFERENCES_UPDATED`` the customer's preferences.

A PerfectGym error leaves the deliveries for a later try (bounded by ``MAX_ATTEMPTS``).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from pydantic import ValidationError

from bot import logs
from bot.app.reminders import Reminders
from bot.app.webhooks._payload import WebhookEvent, WebhookEventRequest
from bot.loops import BackgroundLoop
from bot.perfectgym import NotFound, PerfectGymError
from bot.store import DeliveryStatus, WebhookDelivery
from conversations.ports import Runtime
from conversations.staff import StaffNotice

log = logging.getLogger("bot.app.webhooks")

STUCK_AFTER = timedelta(minutes=5)
MAX_ATTEMPTS = 5
BATCH = 50
SWEEP_SECONDS = 60.0
ERASING = frozenset({"CUSTOMER_DELETED", "CUSTOMER_ACCESS_DISABLED"})
PREFERENCES_UPDATED = "CUSTOMER_COMMUNICATION_PREFERENCES_UPDATED"
ACTOR = "perfectgym-webhook"


def is_contract_event(event_type: str) -> bool:
    return event_type.startswith("CONTRACT_")


@dataclass
class _Group:
    """The deliveries of one batch that concern one customer of one studio."""

    studio: str
    customer_id: int
    deliveries: list[WebhookDelivery] = field(default_factory=list)
    events: list[WebhookEvent] = field(default_factory=list)


class InboxWorker:
    def __init__(
        self, runtime: Runtime, reminders: Reminders, *, retry_pause: float = 30.0
    ) -> None:
        self.runtime = runtime
        self.store = runtime.services.store
        self.reminders = reminders
        self.clock = reminders.clock
        self.retry_pause = retry_pause
        self.loop = BackgroundLoop(
            "webhook-inbox",
            self.run_round,
            interval=SWEEP_SECONDS,
            pause_after_error=retry_pause,
            logger=log,
            failure="webhook inbox processing failed; trying again later",
        )

    def wake(self) -> None:
        self.loop.wake()

    async def requeue_stuck(self) -> int:
        return await self.store.requeue_stuck(
            self.clock.now(), STUCK_AFTER, max_attempts=MAX_ATTEMPTS
        )

    async def run_round(self) -> float:
        """Process deliveries as they arrived; back off after a PerfectGym failure."""
        if await self.drain() is False:
            return self.retry_pause
        await self.requeue_stuck()
        return SWEEP_SECONDS

    async def drain(self) -> bool:
        """Process until no delivery is waiting; False when PerfectGym failed (try later)."""
        while True:
            batch = await self.store.claim_deliveries(BATCH, self.clock.now())
            if not batch:
                return True
            if not await self.process(batch):
                return False

    async def process(self, batch: Sequence[WebhookDelivery]) -> bool:
        groups: dict[tuple[str, int], _Group] = {}
        for delivery in batch:
            request = _request(delivery)
            if request is None:
                await self._finish(delivery, DeliveryStatus.FAILED, "stored body is not a webhook")
                continue
            group = groups.setdefault(
                (delivery.studio, request.entityId), _Group(delivery.studio, request.entityId)
            )
            group.deliveries.append(delivery)
            group.events.extend(request.payload)
        healthy = True
        for group in groups.values():
            try:
                with logs.bind(
                    correlation_id=logs.new_correlation_id(),
                    source="perfectgym-webhook",
                    studio=group.studio,
                    delivery=",".join(d.uuid for d in group.deliveries),
                ):
                    await self._process_group(group)
            except PerfectGymError as exc:
                healthy = False
                await self._later(
                    group.deliveries, f"PerfectGym did not answer ({type(exc).__name__})"
                )
            except Exception:
                log.exception("a webhook delivery could not be processed")
                for delivery in group.deliveries:
                    await self._finish(delivery, DeliveryStatus.FAILED, "unexpected error")
        return healthy

    def _forget(self, group: _Group) -> None:
        """Drop what the events say changed from the studio client's read cache."""
        studio = self.runtime.services.studios.get(group.studio)
        if studio is None:
            return
        cache = studio.client.cache
        for event in group.events:
            if is_contract_event(event.type):
                cache.forget_customer(group.customer_id)
                contract_id = event.field("contractId")
                if contract_id is not None:
                    cache.forget_contract(contract_id)
            elif event.type == PREFERENCES_UPDATED:
                cache.forget_preferences(group.customer_id)

    async def _process_group(self, group: _Group) -> None:
        self._forget(group)
        types = [event.type for event in group.events]
        erasing = next((t for t in types if t in ERASING), None)
        if erasing is not None:
            detail = await self._erase(group, erasing)
            await self._finish_all(group.deliveries, DeliveryStatus.PROCESSED, detail)
            return
        contract_events = [event for event in group.events if is_contract_event(event.type)]
        if not contract_events:
            await self._finish_all(group.deliveries, DeliveryStatus.DROPPED, f"ignored: {types[0]}")
            return
        links = await self.store.links_for_customer(group.studio, group.customer_id)
        if not links:
            await self._finish_all(group.deliveries, DeliveryStatus.DROPPED, "no chat linked")
            return
        linked = {link.contract_id for link in links}
        named = {event.field("contractId") for event in contract_events}
        if None not in named and not named & linked:
            await self._finish_all(
                group.deliveries, DeliveryStatus.DROPPED, "another main contract"
            )
            return
        module_contracts = {
            mc for mc in (event.field("moduleContractId") for event in contract_events) if mc
        }
        try:
            summary = await self.reminders.contract_event(
                group.studio, group.customer_id, module_contract_ids=module_contracts
            )
        except NotFound:
            detail = "the customer cannot be read in PerfectGym"
            await self._finish_all(group.deliveries, DeliveryStatus.DROPPED, detail)
            return
        await self._finish_all(group.deliveries, DeliveryStatus.PROCESSED, summary.describe())

    async def _erase(self, group: _Group, event_type: str) -> str:
        """Forget every chat linked to the customer: link, conversation, buttons, snapshots."""
        now = self.clock.now()
        links = await self.store.links_for_customer(group.studio, group.customer_id)
        for link in links:
            await self.store.erase_chat(link.platform, link.chat_id)
        if not links:
            return f"{event_type}: no chat linked"
        await self.store.audit(
            ACTOR,
            "chat_erased",
            studio=group.studio,
            subject=str(group.customer_id),
            detail={"event": event_type, "chats": len(links)},
            now=now,
        )
        reason = "was deleted" if event_type == "CUSTOMER_DELETED" else "can no longer be read"
        await self.runtime.desk.post_notice(
            StaffNotice(
                studio=group.studio,
                title="Member chat erased",
                text=(
                    f"PerfectGym reported that customer id {group.customer_id} {reason} "
                    f"({event_type}); the bot erased {len(links)} linked chat(s) with their "
                    "conversation and reminders."
                ),
                at=now,
                key="feed_erased_deleted"
                if event_type == "CUSTOMER_DELETED"
                else "feed_erased_disabled",
                values={"id": group.customer_id, "event": event_type, "chats": len(links)},
            )
        )
        return f"{event_type}: {len(links)} chat(s) erased"

    # --- finishing -----------------------------------------------------------------------

    async def _finish(self, delivery: WebhookDelivery, status: DeliveryStatus, detail: str) -> None:
        await self.store.finish_delivery(delivery.id, status, detail, self.clock.now())

    async def _finish_all(
        self, deliveries: Sequence[WebhookDelivery], status: DeliveryStatus, detail: str
    ) -> None:
        for delivery in deliveries:
            await self._finish(delivery, status, detail)

    async def _later(self, deliveries: Sequence[WebhookDelivery], detail: str) -> None:
        for delivery in deliveries:
            if delivery.attempts >= MAX_ATTEMPTS:
                await self._finish(delivery, DeliveryStatus.FAILED, f"gave up: {detail}")
            else:
                await self._finish(delivery, DeliveryStatus.RECEIVED, detail)


def _request(delivery: WebhookDelivery) -> WebhookEventRequest | None:
    try:
        return WebhookEventRequest.model_validate(delivery.body)
    except ValidationError:
        return None
