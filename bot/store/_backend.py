"""The store's protocols as coroutines over the synchronous ``Store``, for any backend.

``Backend`` holds the one list of async wrappers (each runs one ``Store`` method as a read or
a write); a backend says where reads and writes run: ``SqliteStore`` reads inline and writes
on one thread, ``PostgresStore`` runs both on pooled connections in worker threads.
"""

from __future__ import annotations

import abc
import contextlib
import itertools
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, TypeVar

from bot.store._errors import StoreError
from bot.store._housekeeping import DEFAULT_GRACE
from bot.store._models import (
    AttemptBudget,
    AuditEvent,
    ButtonToken,
    CancelationFacts,
    ChatLink,
    ChatUpdate,
    Conversation,
    DeliveryStatus,
    Erasure,
    FunnelCounts,
    FunnelEvent,
    LinkCode,
    Operation,
    OperationKind,
    OperationStatus,
    PurchaseFacts,
    PurgeCounts,
    Reminder,
    ReminderRow,
    ReminderStatus,
    TurnWrite,
    WebhookDelivery,
)
from bot.store._planning import Campaign, CampaignCancelation, FunnelRecord
from bot.store._queues import QueueDepth
from bot.store._snapshots import ContractSnapshot, ModuleSnapshot, SnapshotSwap
from bot.store._store import Store

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class StoreHealth:
    """What ``/healthz`` reports of the database, without asking it anything."""

    backend: str
    calls_waiting: int
    """Database calls under way or queued in this process."""
    oldest_call_seconds: float
    """How long the oldest of them has been waiting: a locked or slow database grows it."""
    writes_failing: str | None = None
    """Why the last write failed, while no write has succeeded since (a full or read-only
    disk reads fine, so only the writes show it); None while writes go through."""


class CallWatch:
    """When the database calls under way started (a stuck database shows as an old one)."""

    def __init__(self) -> None:
        self._started: dict[int, float] = {}
        self._ids = itertools.count()
        self._writes_failing: str | None = None

    @contextlib.contextmanager
    def watching(self, *, write: bool = False) -> Iterator[None]:
        ticket = next(self._ids)
        self._started[ticket] = time.monotonic()
        try:
            yield
        except StoreError as exc:
            if write:
                self._writes_failing = _reason(exc)
            raise
        else:
            if write:
                self._writes_failing = None
        finally:
            del self._started[ticket]

    def report(self, backend: str) -> StoreHealth:
        oldest = min(self._started.values(), default=None)
        age = 0.0 if oldest is None else time.monotonic() - oldest
        return StoreHealth(backend, len(self._started), age, self._writes_failing)


def _reason(exc: StoreError) -> str:
    """The error's message without the database's path (``/healthz`` is read by probes)."""
    return str(exc).rsplit(" (database: ", 1)[0]


class Backend(abc.ABC):
    """Every store protocol (``bot.store.protocols.StoreAPI``) over ``_read`` and ``_write``."""

    backend: str
    """``sqlite`` or ``postgresql``."""

    @abc.abstractmethod
    async def _read(self, call: Callable[[Store], T]) -> T:
        """Run a call that only reads."""

    @abc.abstractmethod
    async def _write(self, call: Callable[[Store], T], *, small: bool = False) -> T:
        """Run a call that writes (in its own transaction). ``small``: a few rows in one
        transaction without a disk sync (a turn's final write), which a backend may run
        without a thread hop while nothing else holds the lock."""

    _calls: CallWatch

    def health(self) -> StoreHealth:
        """At once, from memory: how many calls wait and for how long (``/healthz``)."""
        return self._calls.report(self.backend)

    @abc.abstractmethod
    def close(self) -> None:
        """Release the connections (the owner of the store calls it once, at the end)."""

    async def get_link(self, platform: str, chat_id: str) -> ChatLink | None:
        return await self._read(lambda s: s.get_link(platform, chat_id))

    async def save_link(self, link: ChatLink) -> None:
        return await self._write(lambda s: s.save_link(link))

    async def links_for_customer(self, studio: str, customer_id: int) -> list[ChatLink]:
        return await self._read(lambda s: s.links_for_customer(studio, customer_id))

    async def all_links(self, studio: str | None = None) -> list[ChatLink]:
        return await self._read(lambda s: s.all_links(studio))

    async def set_unreachable(
        self, platform: str, chat_id: str, flag: bool, *, now: datetime | None = None
    ) -> bool:
        return await self._write(lambda s: s.set_unreachable(platform, chat_id, flag, now=now))

    async def set_language(
        self, platform: str, chat_id: str, language: str, *, now: datetime | None = None
    ) -> bool:
        return await self._write(lambda s: s.set_language(platform, chat_id, language, now=now))

    async def set_marketing_consent(
        self, platform: str, chat_id: str, given: bool, *, version: str, now: datetime
    ) -> bool:
        return await self._write(
            lambda s: s.set_marketing_consent(platform, chat_id, given, version=version, now=now)
        )

    async def delete_link(self, platform: str, chat_id: str) -> ChatLink | None:
        return await self._write(lambda s: s.delete_link(platform, chat_id))

    async def erase_chat(self, platform: str, chat_id: str) -> Erasure:
        return await self._write(lambda s: s.erase_chat(platform, chat_id))

    async def load_conversation(self, platform: str, chat_id: str) -> Conversation | None:
        return await self._read(lambda s: s.load_conversation(platform, chat_id))

    async def save_conversation(
        self,
        platform: str,
        chat_id: str,
        state: str,
        data: dict[str, Any],
        expires_at: datetime | None,
        *,
        expected_version: int,
        now: datetime,
    ) -> int:
        return await self._write(
            lambda s: s.save_conversation(
                platform,
                chat_id,
                state,
                data,
                expires_at,
                expected_version=expected_version,
                now=now,
            )
        )

    async def delete_conversation(self, platform: str, chat_id: str) -> bool:
        return await self._write(lambda s: s.delete_conversation(platform, chat_id))

    async def issue_token(
        self,
        platform: str,
        chat_id: str,
        action: str,
        payload: dict[str, Any],
        expires_at: datetime,
        now: datetime,
        *,
        token: str | None = None,
    ) -> str:
        return await self._write(
            lambda s: s.issue_token(
                platform, chat_id, action, payload, expires_at, now, token=token
            )
        )

    async def peek_token(self, token: str) -> ButtonToken | None:
        return await self._read(lambda s: s.peek_token(token))

    async def check_token(
        self, token: str, platform: str, chat_id: str, now: datetime
    ) -> ButtonToken:
        return await self._read(lambda s: s.check_token(token, platform, chat_id, now))

    async def redeem_token(
        self, token: str, platform: str, chat_id: str, now: datetime
    ) -> ButtonToken:
        return await self._write(lambda s: s.redeem_token(token, platform, chat_id, now))

    async def last_redeemed_token(self, platform: str, chat_id: str) -> ButtonToken | None:
        return await self._read(lambda s: s.last_redeemed_token(platform, chat_id))

    async def void_tokens(self, platform: str, chat_id: str, *, now: datetime) -> int:
        return await self._write(lambda s: s.void_tokens(platform, chat_id, now=now))

    async def receive_updates(
        self, updates: Sequence[ChatUpdate], now: datetime, lease: timedelta
    ) -> list[str]:
        return await self._write(lambda s: s.receive_updates(updates, now, lease), small=True)

    async def end_update(self, platform: str, key: str, status: str, now: datetime) -> bool:
        return await self._write(lambda s: s.end_update(platform, key, status, now), small=True)

    async def update_done(self, platform: str, key: str) -> bool:
        return await self._read(lambda s: s.update_done(platform, key))

    async def claim_stranded_updates(
        self, now: datetime, lease: timedelta, limit: int = 100
    ) -> list[ChatUpdate]:
        return await self._write(lambda s: s.claim_stranded_updates(now, lease, limit))

    async def earlier_waiting(self, platform: str, chat_id: str, key: str) -> bool:
        return await self._read(lambda s: s.earlier_waiting(platform, chat_id, key))

    async def waiting_updates(self) -> int:
        return await self._read(lambda s: s.waiting_updates())

    async def queue_depths(self, now: datetime) -> list[QueueDepth]:
        return await self._read(lambda s: s.queue_depths(now))

    async def reserve_rate(self, key: str, interval: float, burst: int, now: float) -> float:
        return await self._write(lambda s: s.reserve_rate(key, interval, burst, now))

    async def was_processed(self, source: str, key: str) -> bool:
        return await self._read(lambda s: s.was_processed(source, key))

    async def mark_processed(self, source: str, key: str, now: datetime) -> bool:
        return await self._write(lambda s: s.mark_processed(source, key, now))

    async def forget_processed(self, source: str, key: str) -> bool:
        return await self._write(lambda s: s.forget_processed(source, key))

    async def begin_operation(
        self,
        kind: OperationKind | str,
        *,
        studio: str,
        contract_id: int,
        subject: str | int,
        request: dict[str, Any],
        now: datetime,
        platform: str | None = None,
        chat_id: str | None = None,
        customer_id: int | None = None,
        sent: bool = False,
        redeem: str | None = None,
    ) -> Operation:
        return await self._write(
            lambda s: s.begin_operation(
                kind,
                studio=studio,
                contract_id=contract_id,
                subject=subject,
                request=request,
                now=now,
                platform=platform,
                chat_id=chat_id,
                customer_id=customer_id,
                sent=sent,
                redeem=redeem,
            )
        )

    async def mark_operation(
        self,
        operation_id: int,
        status: OperationStatus | str,
        *,
        outcome: dict[str, Any] | None = None,
        module_contract_id: int | None = None,
        now: datetime,
    ) -> Operation:
        return await self._write(
            lambda s: s.mark_operation(
                operation_id,
                status,
                outcome=outcome,
                module_contract_id=module_contract_id,
                now=now,
            )
        )

    async def get_operation(self, operation_id: int) -> Operation:
        return await self._read(lambda s: s.get_operation(operation_id))

    async def open_operations(
        self,
        *,
        studio: str | None = None,
        contract_id: int | None = None,
        platform: str | None = None,
        chat_id: str | None = None,
        updated_before: datetime | None = None,
    ) -> list[Operation]:
        return await self._read(
            lambda s: s.open_operations(
                studio=studio,
                contract_id=contract_id,
                platform=platform,
                chat_id=chat_id,
                updated_before=updated_before,
            )
        )

    async def operations_for_chat(
        self, platform: str, chat_id: str, *, open_only: bool = False, limit: int = 50
    ) -> list[Operation]:
        return await self._read(
            lambda s: s.operations_for_chat(platform, chat_id, open_only=open_only, limit=limit)
        )

    async def hash_link_code(self, code: str) -> str:
        return await self._read(lambda s: s.hash_link_code(code))

    async def create_link_code(
        self, studio: str, customer_id: int, created_by: str, ttl: timedelta, now: datetime
    ) -> str:
        return await self._write(
            lambda s: s.create_link_code(studio, customer_id, created_by, ttl, now)
        )

    async def find_link_code(self, code: str, now: datetime) -> LinkCode | None:
        return await self._read(lambda s: s.find_link_code(code, now))

    async def consume_link_code(
        self, code: str, platform: str, chat_id: str, now: datetime
    ) -> LinkCode | None:
        return await self._write(lambda s: s.consume_link_code(code, platform, chat_id, now))

    async def revoke_link_codes(self, studio: str, customer_id: int, *, now: datetime) -> int:
        return await self._write(lambda s: s.revoke_link_codes(studio, customer_id, now=now))

    async def record_attempt(self, scope: str, key: str, now: datetime) -> None:
        return await self._write(lambda s: s.record_attempt(scope, key, now))

    async def count_attempts(self, scope: str, key: str, since: datetime) -> int:
        return await self._read(lambda s: s.count_attempts(scope, key, since))

    async def clear_attempts(self, scope: str, key: str) -> int:
        return await self._write(lambda s: s.clear_attempts(scope, key))

    async def prune_attempts(self, before: datetime) -> int:
        return await self._write(lambda s: s.prune_attempts(before))

    async def reserve_attempt(
        self, budgets: Sequence[AttemptBudget], now: datetime
    ) -> AttemptBudget | None:
        return await self._write(lambda s: s.reserve_attempt(budgets, now), small=True)

    async def enqueue_reminder(
        self,
        key: str,
        *,
        rule: str,
        studio: str,
        platform: str,
        chat_id: str,
        due_at: datetime,
        now: datetime,
        customer_id: int | None = None,
        payload: dict[str, Any] | None = None,
    ) -> bool:
        return await self._write(
            lambda s: s.enqueue_reminder(
                key,
                rule=rule,
                studio=studio,
                platform=platform,
                chat_id=chat_id,
                due_at=due_at,
                now=now,
                customer_id=customer_id,
                payload=payload,
            )
        )

    async def claim_due_reminders(self, now: datetime, limit: int = 50) -> list[Reminder]:
        return await self._write(lambda s: s.claim_due_reminders(now, limit))

    async def finish_reminder(
        self,
        reminder_id: int,
        status: ReminderStatus | str,
        detail: str | None,
        now: datetime,
    ) -> bool:
        return await self._write(lambda s: s.finish_reminder(reminder_id, status, detail, now))

    async def postpone_reminder(
        self, reminder_id: int, due_at: datetime, *, now: datetime, detail: str | None = None
    ) -> bool:
        return await self._write(
            lambda s: s.postpone_reminder(reminder_id, due_at, now=now, detail=detail)
        )

    async def stale_sending(self, now: datetime, older_than: timedelta) -> list[Reminder]:
        return await self._read(lambda s: s.stale_sending(now, older_than))

    async def get_reminder(self, key: str) -> Reminder | None:
        return await self._read(lambda s: s.get_reminder(key))

    async def reminders(
        self,
        status: ReminderStatus | str | None = None,
        *,
        studio: str | None = None,
        limit: int | None = None,
    ) -> list[Reminder]:
        return await self._read(lambda s: s.reminders(status, studio=studio, limit=limit))

    async def store_delivery(
        self,
        uuid: str,
        studio: str,
        entity_id: int | None,
        event_type: str | None,
        body: Any,
        now: datetime,
    ) -> bool:
        return await self._write(
            lambda s: s.store_delivery(uuid, studio, entity_id, event_type, body, now)
        )

    async def claim_deliveries(self, limit: int, now: datetime) -> list[WebhookDelivery]:
        return await self._write(lambda s: s.claim_deliveries(limit, now))

    async def finish_delivery(
        self,
        delivery_id: int,
        status: DeliveryStatus | str,
        detail: str | None,
        now: datetime,
    ) -> bool:
        return await self._write(lambda s: s.finish_delivery(delivery_id, status, detail, now))

    async def requeue_stuck(
        self, now: datetime, older_than: timedelta, *, max_attempts: int = 5
    ) -> int:
        return await self._write(
            lambda s: s.requeue_stuck(now, older_than, max_attempts=max_attempts)
        )

    async def get_delivery(self, delivery_id: int) -> WebhookDelivery | None:
        return await self._read(lambda s: s.get_delivery(delivery_id))

    async def deliveries(
        self,
        status: DeliveryStatus | str | None = None,
        *,
        studio: str | None = None,
        limit: int | None = None,
    ) -> list[WebhookDelivery]:
        return await self._read(lambda s: s.deliveries(status, studio=studio, limit=limit))

    async def contract_snapshot(self, platform: str, chat_id: str) -> ContractSnapshot | None:
        return await self._read(lambda s: s.contract_snapshot(platform, chat_id))

    async def contract_snapshots(self, studio: str | None = None) -> list[ContractSnapshot]:
        return await self._read(lambda s: s.contract_snapshots(studio))

    async def replace_contract_snapshot(
        self,
        platform: str,
        chat_id: str,
        *,
        customer_id: int,
        contract_id: int,
        taken_at: datetime,
        modules: Sequence[ModuleSnapshot],
    ) -> SnapshotSwap:
        return await self._write(
            lambda s: s.replace_contract_snapshot(
                platform,
                chat_id,
                customer_id=customer_id,
                contract_id=contract_id,
                taken_at=taken_at,
                modules=modules,
            )
        )

    async def links_to_refresh(self, older_than: datetime, limit: int) -> list[ChatLink]:
        return await self._read(lambda s: s.links_to_refresh(older_than, limit))

    async def create_campaign(
        self,
        *,
        studio: str,
        module_id: int,
        module_name: str,
        at: datetime,
        actor: str,
        now: datetime,
        language: str | None = None,
        text: str | None = None,
    ) -> Campaign:
        return await self._write(
            lambda s: s.create_campaign(
                studio=studio,
                module_id=module_id,
                module_name=module_name,
                at=at,
                actor=actor,
                now=now,
                language=language,
                text=text,
            )
        )

    async def get_campaign(self, campaign_id: int) -> Campaign | None:
        return await self._read(lambda s: s.get_campaign(campaign_id))

    async def campaigns(
        self, *, studio: str | None = None, pending: bool = False
    ) -> list[Campaign]:
        return await self._read(lambda s: s.campaigns(studio=studio, pending=pending))

    async def due_campaigns(self, now: datetime) -> list[Campaign]:
        return await self._read(lambda s: s.due_campaigns(now))

    async def mark_campaign_expanded(self, campaign_id: int, targets: int, now: datetime) -> bool:
        return await self._write(lambda s: s.mark_campaign_expanded(campaign_id, targets, now))

    async def cancel_campaign(
        self, campaign_id: int, *, actor: str, now: datetime
    ) -> CampaignCancelation | None:
        return await self._write(lambda s: s.cancel_campaign(campaign_id, actor=actor, now=now))

    async def funnel_records(
        self,
        event: str,
        since: datetime,
        until: datetime | None = None,
        *,
        studio: str | None = None,
    ) -> list[FunnelRecord]:
        return await self._read(lambda s: s.funnel_records(event, since, until, studio=studio))

    async def trials_turning_paid(
        self, studio: str, first_day: date, last_day: date, *, booked_before: datetime
    ) -> list[FunnelRecord]:
        return await self._read(
            lambda s: s.trials_turning_paid(
                studio, first_day, last_day, booked_before=booked_before
            )
        )

    async def module_contracts_canceled_in_trial(self, studio: str, until: datetime) -> set[int]:
        return await self._read(lambda s: s.module_contracts_canceled_in_trial(studio, until))

    async def purchased_monthly(
        self, studio: str, module_contract_ids: Iterable[int]
    ) -> dict[int, tuple[Decimal, str | None]]:
        return await self._read(lambda s: s.purchased_monthly(studio, module_contract_ids))

    async def known_reminder_keys(self, keys: Iterable[str]) -> set[str]:
        return await self._read(lambda s: s.known_reminder_keys(keys))

    async def audit(
        self,
        actor: str,
        action: str,
        *,
        studio: str | None = None,
        subject: str | None = None,
        detail: dict[str, Any] | None = None,
        now: datetime,
    ) -> int:
        return await self._write(
            lambda s: s.audit(actor, action, studio=studio, subject=subject, detail=detail, now=now)
        )

    async def audit_events(
        self,
        *,
        studio: str | None = None,
        action: str | None = None,
        actor: str | None = None,
        since: datetime | None = None,
        limit: int = 100,
    ) -> list[AuditEvent]:
        return await self._read(
            lambda s: s.audit_events(
                studio=studio, action=action, actor=actor, since=since, limit=limit
            )
        )

    async def consent_history(
        self, *, studio: str | None = None, customer_id: int | None = None
    ) -> list[AuditEvent]:
        return await self._read(lambda s: s.consent_history(studio=studio, customer_id=customer_id))

    async def record_funnel(
        self,
        event: FunnelEvent | str,
        *,
        studio: str,
        now: datetime,
        platform: str | None = None,
        chat_id: str | None = None,
        customer_id: int | None = None,
        contract_id: int | None = None,
        module_id: int | None = None,
        module_name: str | None = None,
        validation_status: str | None = None,
        amount: Decimal | int | str | None = None,
        currency: str | None = None,
        detail: dict[str, Any] | None = None,
        purchase: PurchaseFacts | None = None,
        cancelation: CancelationFacts | None = None,
    ) -> int:
        return await self._write(
            lambda s: s.record_funnel(
                event,
                studio=studio,
                now=now,
                platform=platform,
                chat_id=chat_id,
                customer_id=customer_id,
                contract_id=contract_id,
                module_id=module_id,
                module_name=module_name,
                validation_status=validation_status,
                amount=amount,
                currency=currency,
                detail=detail,
                purchase=purchase,
                cancelation=cancelation,
            )
        )

    async def funnel_counts(
        self, studio: str, since: datetime, until: datetime | None = None
    ) -> FunnelCounts:
        return await self._read(lambda s: s.funnel_counts(studio, since, until))

    async def purge_expired(
        self, now: datetime, *, grace: timedelta = DEFAULT_GRACE
    ) -> PurgeCounts:
        return await self._write(lambda s: s.purge_expired(now, grace=grace))

    async def schema_version(self) -> int:
        return await self._read(lambda s: s.schema_version())

    async def finish_turn(self, write: TurnWrite) -> bool:
        return await self._write(lambda s: s.finish_turn(write), small=True)

    async def enqueue_reminders(self, rows: Sequence[ReminderRow], now: datetime) -> int:
        return await self._write(lambda s: s.enqueue_reminders(rows, now))

    async def expand_campaign(
        self, campaign_id: int, rows: Sequence[ReminderRow], now: datetime
    ) -> int:
        return await self._write(lambda s: s.expand_campaign(campaign_id, rows, now))

    async def record_consent(
        self,
        platform: str,
        chat_id: str,
        given: bool,
        *,
        version: str,
        actor: str,
        action: str,
        studio: str,
        subject: str,
        detail: dict[str, Any],
        now: datetime,
    ) -> bool:
        return await self._write(
            lambda s: s.record_consent(
                platform,
                chat_id,
                given,
                version=version,
                actor=actor,
                action=action,
                studio=studio,
                subject=subject,
                detail=detail,
                now=now,
            )
        )


__all__ = ["Backend"]
