"""What the rest of the bot may ask of the database: one narrow protocol per table group.

Consumers depend on the protocol they need (the link flow on ``LinkStore`` and
``AttemptStore``, the reminder sender on ``OutboxStore``...), never on a backend. Every method
is a coroutine: a backend never blocks the event loop (SQLite reads are inline and short,
SQLite writes wait for locks in a worker thread; a network database runs every call off the
loop). ``tests/store/contract`` is the suite any backend must pass.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import AbstractAsyncContextManager
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, Protocol

from bot.store._backend import StoreHealth
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


class LinkStore(Protocol):
    """Chat links: which chat acts for which customer contract."""

    async def get_link(self, platform: str, chat_id: str) -> ChatLink | None: ...
    async def save_link(self, link: ChatLink) -> None: ...
    async def links_for_customer(self, studio: str, customer_id: int) -> list[ChatLink]: ...
    async def all_links(self, studio: str | None = None) -> list[ChatLink]: ...
    async def set_unreachable(
        self, platform: str, chat_id: str, flag: bool, *, now: datetime | None = None
    ) -> bool: ...
    async def set_language(
        self, platform: str, chat_id: str, language: str, *, now: datetime | None = None
    ) -> bool: ...
    async def set_marketing_consent(
        self, platform: str, chat_id: str, given: bool, *, version: str, now: datetime
    ) -> bool: ...
    async def delete_link(self, platform: str, chat_id: str) -> ChatLink | None: ...
    async def erase_chat(self, platform: str, chat_id: str) -> Erasure: ...


class ConversationStore(Protocol):
    """Saved dialog state with optimistic versions."""

    async def load_conversation(self, platform: str, chat_id: str) -> Conversation | None: ...
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
    ) -> int: ...
    async def delete_conversation(self, platform: str, chat_id: str) -> bool: ...


class TokenStore(Protocol):
    """Single-use button tokens."""

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
    ) -> str: ...
    async def peek_token(self, token: str) -> ButtonToken | None: ...
    async def check_token(
        self, token: str, platform: str, chat_id: str, now: datetime
    ) -> ButtonToken: ...
    async def redeem_token(
        self, token: str, platform: str, chat_id: str, now: datetime
    ) -> ButtonToken: ...
    async def last_redeemed_token(self, platform: str, chat_id: str) -> ButtonToken | None: ...
    async def void_tokens(self, platform: str, chat_id: str, *, now: datetime) -> int: ...


class DedupeStore(Protocol):
    """Platform deliveries handled once."""

    async def was_processed(self, source: str, key: str) -> bool: ...
    async def mark_processed(self, source: str, key: str, now: datetime) -> bool: ...
    async def forget_processed(self, source: str, key: str) -> bool: ...


class UpdateStore(Protocol):
    """Chat updates stored before they run, re-run until their turn has ended."""

    async def receive_updates(
        self, updates: Sequence[ChatUpdate], now: datetime, lease: timedelta
    ) -> list[str]: ...
    async def end_update(self, platform: str, key: str, status: str, now: datetime) -> bool: ...
    async def update_done(self, platform: str, key: str) -> bool: ...
    async def claim_stranded_updates(
        self, now: datetime, lease: timedelta, limit: int = 100
    ) -> list[ChatUpdate]: ...
    async def earlier_waiting(self, platform: str, chat_id: str, key: str) -> bool: ...
    async def waiting_updates(self) -> int: ...


class RateBudgetStore(Protocol):
    """Rate limits whose budget all replicas share."""

    async def reserve_rate(self, key: str, interval: float, burst: int, now: float) -> float:
        """Seconds to wait before the slot just taken (0: go now)."""
        ...


class LedgerStore(Protocol):
    """The operations ledger: one open write per contract and module."""

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
    ) -> Operation: ...
    async def mark_operation(
        self,
        operation_id: int,
        status: OperationStatus | str,
        *,
        outcome: dict[str, Any] | None = None,
        module_contract_id: int | None = None,
        now: datetime,
    ) -> Operation: ...
    async def get_operation(self, operation_id: int) -> Operation: ...
    async def open_operations(
        self,
        *,
        studio: str | None = None,
        contract_id: int | None = None,
        platform: str | None = None,
        chat_id: str | None = None,
        updated_before: datetime | None = None,
    ) -> list[Operation]: ...
    async def operations_for_chat(
        self, platform: str, chat_id: str, *, open_only: bool = False, limit: int = 50
    ) -> list[Operation]: ...


class LinkCodeStore(Protocol):
    """One-time link codes, stored hashed."""

    async def hash_link_code(self, code: str) -> str: ...
    async def create_link_code(
        self, studio: str, customer_id: int, created_by: str, ttl: timedelta, now: datetime
    ) -> str: ...
    async def find_link_code(self, code: str, now: datetime) -> LinkCode | None: ...
    async def consume_link_code(
        self, code: str, platform: str, chat_id: str, now: datetime
    ) -> LinkCode | None: ...
    async def revoke_link_codes(self, studio: str, customer_id: int, *, now: datetime) -> int: ...


class AttemptStore(Protocol):
    """Link attempts per chat and per customer number."""

    async def record_attempt(self, scope: str, key: str, now: datetime) -> None: ...
    async def count_attempts(self, scope: str, key: str, since: datetime) -> int: ...
    async def clear_attempts(self, scope: str, key: str) -> int: ...
    async def prune_attempts(self, before: datetime) -> int: ...
    async def reserve_attempt(
        self, budgets: Sequence[AttemptBudget], now: datetime
    ) -> AttemptBudget | None: ...


class OutboxStore(Protocol):
    """The reminder outbox: unique keys, claims, at most once."""

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
    ) -> bool: ...
    async def claim_due_reminders(self, now: datetime, limit: int = 50) -> list[Reminder]: ...
    async def finish_reminder(
        self,
        reminder_id: int,
        status: ReminderStatus | str,
        detail: str | None,
        now: datetime,
    ) -> bool: ...
    async def postpone_reminder(
        self, reminder_id: int, due_at: datetime, *, now: datetime, detail: str | None = None
    ) -> bool: ...
    async def stale_sending(self, now: datetime, older_than: timedelta) -> list[Reminder]: ...
    async def get_reminder(self, key: str) -> Reminder | None: ...
    async def reminders(
        self,
        status: ReminderStatus | str | None = None,
        *,
        studio: str | None = None,
        limit: int | None = None,
    ) -> list[Reminder]: ...


class InboxStore(Protocol):
    """The PerfectGym webhook inbox: stored, claimed, finished."""

    async def store_delivery(
        self,
        uuid: str,
        studio: str,
        entity_id: int | None,
        event_type: str | None,
        body: Any,
        now: datetime,
    ) -> bool: ...
    async def claim_deliveries(self, limit: int, now: datetime) -> list[WebhookDelivery]: ...
    async def finish_delivery(
        self,
        delivery_id: int,
        status: DeliveryStatus | str,
        detail: str | None,
        now: datetime,
    ) -> bool: ...
    async def requeue_stuck(
        self, now: datetime, older_than: timedelta, *, max_attempts: int = 5
    ) -> int: ...
    async def get_delivery(self, delivery_id: int) -> WebhookDelivery | None: ...
    async def deliveries(
        self,
        status: DeliveryStatus | str | None = None,
        *,
        studio: str | None = None,
        limit: int | None = None,
    ) -> list[WebhookDelivery]: ...


class QueueStore(Protocol):
    """How much work waits in the webhook inbox and the reminder outbox (``/metrics``)."""

    async def queue_depths(self, now: datetime) -> list[QueueDepth]: ...


class SnapshotStore(Protocol):
    """What the bot last saw of each linked contract."""

    async def contract_snapshot(self, platform: str, chat_id: str) -> ContractSnapshot | None: ...
    async def contract_snapshots(self, studio: str | None = None) -> list[ContractSnapshot]: ...
    async def replace_contract_snapshot(
        self,
        platform: str,
        chat_id: str,
        *,
        customer_id: int,
        contract_id: int,
        taken_at: datetime,
        modules: Sequence[ModuleSnapshot],
    ) -> SnapshotSwap: ...
    async def links_to_refresh(self, older_than: datetime, limit: int) -> list[ChatLink]: ...


class CampaignStore(Protocol):
    """Campaigns and the funnel records the planner and figures read."""

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
    ) -> Campaign: ...
    async def get_campaign(self, campaign_id: int) -> Campaign | None: ...
    async def campaigns(
        self, *, studio: str | None = None, pending: bool = False
    ) -> list[Campaign]: ...
    async def due_campaigns(self, now: datetime) -> list[Campaign]: ...
    async def mark_campaign_expanded(
        self, campaign_id: int, targets: int, now: datetime
    ) -> bool: ...
    async def cancel_campaign(
        self, campaign_id: int, *, actor: str, now: datetime
    ) -> CampaignCancelation | None: ...
    async def funnel_records(
        self,
        event: str,
        since: datetime,
        until: datetime | None = None,
        *,
        studio: str | None = None,
    ) -> list[FunnelRecord]: ...
    async def trials_turning_paid(
        self, studio: str, first_day: date, last_day: date, *, booked_before: datetime
    ) -> list[FunnelRecord]: ...
    async def module_contracts_canceled_in_trial(
        self, studio: str, until: datetime
    ) -> set[int]: ...
    async def purchased_monthly(
        self, studio: str, module_contract_ids: Iterable[int]
    ) -> dict[int, tuple[Decimal, str | None]]: ...
    async def known_reminder_keys(self, keys: Iterable[str]) -> set[str]: ...


class AuditStore(Protocol):
    """The audit log and the sales funnel."""

    async def audit(
        self,
        actor: str,
        action: str,
        *,
        studio: str | None = None,
        subject: str | None = None,
        detail: dict[str, Any] | None = None,
        now: datetime,
    ) -> int: ...
    async def audit_events(
        self,
        *,
        studio: str | None = None,
        action: str | None = None,
        actor: str | None = None,
        since: datetime | None = None,
        limit: int = 100,
    ) -> list[AuditEvent]: ...
    async def consent_history(
        self, *, studio: str | None = None, customer_id: int | None = None
    ) -> list[AuditEvent]: ...
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
    ) -> int: ...
    async def funnel_counts(
        self, studio: str, since: datetime, until: datetime | None = None
    ) -> FunnelCounts: ...


class HousekeepingStore(Protocol):
    """Purging what has expired."""

    async def purge_expired(
        self, now: datetime, *, grace: timedelta = DEFAULT_GRACE
    ) -> PurgeCounts: ...


class BatchStore(Protocol):
    """Writes that belong together, each in one transaction."""

    async def finish_turn(self, write: TurnWrite) -> bool: ...
    async def enqueue_reminders(self, rows: Sequence[ReminderRow], now: datetime) -> int: ...
    async def expand_campaign(
        self, campaign_id: int, rows: Sequence[ReminderRow], now: datetime
    ) -> int: ...
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
    ) -> bool: ...


class SchemaStore(Protocol):
    """The database behind the protocols: which schema it has (``/healthz``, ``check``)."""

    async def schema_version(self) -> int: ...

    def health(self) -> StoreHealth:
        """From memory, at once: calls waiting and the oldest one's age."""
        ...


class FiguresStore(AuditStore, CampaignStore, Protocol):
    """What the staff figures read: the funnel and the records behind it."""


class ChatHoldStore(Protocol):
    """One turn per chat at a time, across every process on the database."""

    def hold_chat(self, platform: str, chat_id: str) -> AbstractAsyncContextManager[None]:
        """Held from a turn's first read to its last write; a dead holder frees it at once."""
        ...


class LeaderStore(Protocol):
    """One leader among the processes on the database (polling, Socket Mode)."""

    async def claim_leadership(self) -> bool:
        """True while this process leads; takes the lead when nobody holds it. The lead
        ends with the process (or its database session), so a standby can take over."""
        ...

    async def resign_leadership(self) -> None: ...


class StoreAPI(
    ChatHoldStore,
    LeaderStore,
    UpdateStore,
    RateBudgetStore,
    LinkStore,
    ConversationStore,
    TokenStore,
    DedupeStore,
    LedgerStore,
    LinkCodeStore,
    AttemptStore,
    OutboxStore,
    InboxStore,
    QueueStore,
    SnapshotStore,
    CampaignStore,
    AuditStore,
    HousekeepingStore,
    BatchStore,
    SchemaStore,
    Protocol,
):
    """Every protocol at once: what the composition root builds and hands out in pieces."""

    backend: str
    """``sqlite`` or ``postgresql``: what ``/healthz`` reports."""

    def close(self) -> None:
        """Release the connections (the owner of the store calls it once, at the end)."""


__all__ = [
    "AttemptStore",
    "AuditStore",
    "BatchStore",
    "CampaignStore",
    "ChatHoldStore",
    "ConversationStore",
    "DedupeStore",
    "HousekeepingStore",
    "InboxStore",
    "LeaderStore",
    "LedgerStore",
    "LinkCodeStore",
    "LinkStore",
    "OutboxStore",
    "QueueStore",
    "RateBudgetStore",
    "SchemaStore",
    "SnapshotStore",
    "StoreAPI",
    "TokenStore",
    "UpdateStore",
]
