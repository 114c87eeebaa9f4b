"""Rows as frozen dataclasses and the status vocabularies, shared by every table module."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any


class OperationKind(StrEnum):
    """The money actions the ledger guards."""

    PURCHASE = "purchase"
    CANCEL = "cancel"
    WITHDRAW = "withdraw"


class OperationStatus(StrEnum):
    """Ledger states; intent, sent and unclear are open (at most one per subject)."""

    INTENT = "intent"
    SENT = "sent"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    UNCLEAR = "unclear"
    RECONCILED = "reconciled"

    @property
    def is_open(self) -> bool:
        return self in OPEN_OPERATION_STATUSES


OPEN_OPERATION_STATUSES = frozenset(
    {OperationStatus.INTENT, OperationStatus.SENT, OperationStatus.UNCLEAR}
)


class ReminderStatus(StrEnum):
    """Outbox states: pending -> sending -> sent | skipped | failed | abandoned."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    SKIPPED = "skipped"
    FAILED = "failed"
    ABANDONED = "abandoned"


class DeliveryStatus(StrEnum):
    """Webhook inbox states: received -> processing -> processed | dropped | failed."""

    RECEIVED = "received"
    PROCESSING = "processing"
    PROCESSED = "processed"
    DROPPED = "dropped"
    FAILED = "failed"


class FunnelEvent(StrEnum):
    """Funnel steps the staff figures are built from; other event names may be recorded too."""

    OFFERS_SHOWN = "offers_shown"
    OFFER_VIEWED = "offer_viewed"
    MODULE_VIEWED = "module_viewed"
    OFFER_SENT = "offer_sent"
    VALIDATED = "validated"
    PURCHASED = "purchased"
    PURCHASE_FAILED = "purchase_failed"
    CANCELED = "canceled"
    WITHDRAWN = "withdrawn"


class PurchaseKind(StrEnum):
    """How a booking counts in the staff figures."""

    PAID = "paid"
    """A recurring price, paid from the first day."""
    TRIAL = "trial"
    """A recurring price after a free trial: it adds revenue once the trial turns paid."""
    FREE = "free"
    """Nothing to pay."""
    ONE_OFF = "one_off"
    """One single payment (NON_RECURRING)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PurchaseFacts:
    """What a booking is worth, stored with its ``purchased`` funnel event.

    The event's ``amount`` is the monthly recurring price (for a trial: after the trial;
    0 for free and one-off bookings).
    """

    kind: PurchaseKind
    payment_type: str | None = None
    """The vendor's payment frequency type (RECURRING, TERM_BASED, ...)."""
    paid_from: date | None = None
    """A trial's first paid day."""
    one_off: Decimal | None = None
    """The single payment of a one-off booking."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CancelationFacts:
    """What a cancelation costs, stored with its ``canceled`` funnel event."""

    reason: str | None = None
    """The studio's cancelation reason as PerfectGym names it."""
    in_trial: bool = False
    """It ends within the module contract's trial: no paid month is lost."""
    monthly: Decimal | None = None
    """The monthly recurring price lost (0 in a trial; None when it could not be read)."""
    currency: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ChatLink:
    """A chat bound to a customer's main contract in one studio."""

    platform: str
    chat_id: str
    studio: str
    customer_id: int
    contract_id: int | None
    linked_at: datetime
    updated_at: datetime
    customer_number: str | None = None
    language: str | None = None
    marketing_consent: bool = False
    """The member said yes to offers (campaigns, follow-ups, staff offers); default no."""
    consent_at: datetime | None = None
    """When the member last answered the consent question (yes or no); None: never asked."""
    consent_version: str | None = None
    """The version of the wording the member answered (``conversations.consent``)."""
    unreachable: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Conversation:
    """The saved dialog state of one chat; ``version`` guards against lost updates."""

    platform: str
    chat_id: str
    state: str
    data: dict[str, Any]
    version: int
    expires_at: datetime | None
    updated_at: datetime

    def is_expired(self, now: datetime) -> bool:
        return self.expires_at is not None and self.expires_at <= now


@dataclass(frozen=True, slots=True, kw_only=True)
class ButtonToken:
    """What a button means, kept server-side; the button carries only ``token``."""

    token: str
    platform: str
    chat_id: str
    action: str
    payload: dict[str, Any]
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Operation:
    """One money action in the ledger, from intent to its known outcome."""

    id: int
    kind: OperationKind
    studio: str
    platform: str | None
    chat_id: str | None
    customer_id: int | None
    contract_id: int
    subject: str
    request: dict[str, Any]
    status: OperationStatus
    outcome: dict[str, Any] | None
    module_contract_id: int | None
    created_at: datetime
    updated_at: datetime

    @property
    def is_open(self) -> bool:
        return self.status.is_open


@dataclass(frozen=True, slots=True, kw_only=True)
class LinkCode:
    """A staff-issued one-time link code; only its hash is stored, never the code."""

    code_hash: str
    studio: str
    customer_id: int
    created_by: str
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None
    used_by_platform: str | None
    used_by_chat: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Reminder:
    """One outbox row; ``key`` makes sure the same reminder is never queued twice."""

    id: int
    key: str
    rule: str
    studio: str
    platform: str | None
    chat_id: str | None
    customer_id: int | None
    due_at: datetime
    payload: dict[str, Any]
    status: ReminderStatus
    attempts: int
    created_at: datetime
    updated_at: datetime
    sent_at: datetime | None
    detail: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class WebhookDelivery:
    """One PerfectGym webhook request as received, waiting for or done with processing."""

    id: int
    uuid: str
    studio: str
    entity_id: int | None
    event_type: str | None
    body: Any
    received_at: datetime
    status: DeliveryStatus
    attempts: int
    claimed_at: datetime | None
    processed_at: datetime | None
    detail: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditEvent:
    """Who did what, for the staff and for later questions."""

    id: int
    at: datetime
    actor: str
    action: str
    studio: str | None
    subject: str | None
    detail: dict[str, Any] | None


@dataclass(frozen=True, slots=True, kw_only=True)
class ModuleFunnel:
    """Funnel figures of one additional module."""

    module_id: int
    module_name: str | None
    counts: dict[str, int]
    revenue: dict[str, Decimal]


@dataclass(frozen=True, slots=True, kw_only=True)
class FunnelCounts:
    """Staff figures for one studio and period; ``revenue`` is monthly amounts per currency."""

    studio: str
    since: datetime
    until: datetime | None
    by_event: dict[str, int]
    by_module: list[ModuleFunnel]
    validation_statuses: dict[str, int]
    revenue: dict[str, Decimal]

    def count(self, event: str) -> int:
        return self.by_event.get(event, 0)

    @property
    def offers_shown(self) -> int:
        return self.count(FunnelEvent.OFFERS_SHOWN)

    @property
    def validations(self) -> int:
        return self.count(FunnelEvent.VALIDATED)

    @property
    def purchases(self) -> int:
        return self.count(FunnelEvent.PURCHASED)

    @property
    def cancelations(self) -> int:
        return self.count(FunnelEvent.CANCELED)

    @property
    def withdrawals(self) -> int:
        return self.count(FunnelEvent.WITHDRAWN)

    @property
    def conversion(self) -> float | None:
        """Purchases per offer list shown; None when no offers were shown."""
        return self.purchases / self.offers_shown if self.offers_shown else None


@dataclass(frozen=True, slots=True, kw_only=True)
class Erasure:
    """What ``erase_chat`` removed or anonymised for one chat; ``link`` is the erased link."""

    link: ChatLink | None
    conversations: int = 0
    button_tokens: int = 0
    reminders_deleted: int = 0
    reminders_anonymised: int = 0
    attempts: int = 0
    link_codes_anonymised: int = 0
    operations_anonymised: int = 0
    funnel_events_anonymised: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class PurgeCounts:
    """Rows removed by ``purge_expired``, per table."""

    button_tokens: int = 0
    link_codes: int = 0
    conversations: int = 0
    processed_deliveries: int = 0
    attempts: int = 0
    webhook_deliveries: int = 0
    chat_updates: int = 0


# --- what one composite write carries -------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class TokenRow:
    """A button handed out in a turn: what it means and until when."""

    token: str
    action: str
    payload: dict[str, Any]
    expires_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class FunnelRow:
    """A step of the sales funnel, as ``Events.record_funnel`` takes it."""

    event: str
    fields: dict[str, Any]


@dataclass(frozen=True, slots=True, kw_only=True)
class ConversationWrite:
    state: str
    data: dict[str, Any]
    expires_at: datetime | None
    expected_version: int


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditRow:
    """An audit event to append with the turn."""

    actor: str
    action: str
    studio: str | None = None
    subject: str | None = None
    detail: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class OperationMark:
    """An open operation's outcome, stored with the turn that learned it."""

    operation_id: int
    status: str
    module_contract_id: int | None = None
    outcome: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class TurnWrite:
    """Everything one member turn stores, in one transaction."""

    platform: str
    chat_id: str
    now: datetime
    tokens: tuple[TokenRow, ...] = ()
    funnel: tuple[FunnelRow, ...] = ()
    delivery: str | None = None
    """The platform delivery id to mark handled."""
    conversation: ConversationWrite | None = None
    redeemed: str | None = None
    """The button token the turn acted on, marked used (if the ledger did not already)."""
    settled: tuple[OperationMark, ...] = ()
    """Ledger outcomes the turn learned (a write PerfectGym confirmed)."""
    link: ChatLink | None = None
    """The chat's new link (the turn linked it), saved with the turn."""
    cleared_attempts: tuple[tuple[str, str], ...] = ()
    """Attempt counters (scope, key) the turn reset (a successful link)."""
    audits: tuple[AuditRow, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ReminderRow:
    """A reminder to queue under its unique key (never twice, sent or not)."""

    key: str
    rule: str
    studio: str
    platform: str
    chat_id: str
    customer_id: int | None
    due_at: datetime
    payload: dict[str, Any]


@dataclass(frozen=True, slots=True, kw_only=True)
class AttemptBudget:
    """At most ``limit`` attempts under (``scope``, ``key``) at or after ``since``."""

    scope: str
    key: str
    limit: int
    since: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class ChatUpdate:
    """A platform update (Telegram ``update_id``) as received, before or after its turn."""

    platform: str
    key: str
    chat_id: str | None
    body: dict[str, Any]
    attempts: int = 0
    received_at: datetime | None = None
