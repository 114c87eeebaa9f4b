"""SQLite persistence (sqlite-utils): schema, migrations and every query the bot makes.

One ``Store`` per process, opened with ``Store.open(path)``. Several processes may share the
file: WAL journal, a busy timeout and ``BEGIN IMMEDIATE`` for every write. Times are aware UTC
datetimes in and out (stored as ISO-8601 UTC text); every method that depends on "now" is
given it.
"""

from __future__ import annotations

from bot.store._errors import (
    OperationClosed,
    OperationInFlight,
    OperationNotFound,
    SchemaError,
    SchemaTooNew,
    SchemaUnknown,
    StaleConversation,
    StoreBusy,
    StoreCorrupt,
    StoreError,
    StoreReadOnly,
    StoreUnavailable,
    TokenExpired,
    TokenForeign,
    TokenRejected,
    TokenUnknown,
    TokenUsed,
)
from bot.store._link_codes import CODE_ALPHABET, CODE_LENGTH, normalize_code
from bot.store._links import chat_key
from bot.store._models import (
    OPEN_OPERATION_STATUSES,
    AuditEvent,
    ButtonToken,
    CancelationFacts,
    ChatLink,
    Conversation,
    DeliveryStatus,
    Erasure,
    FunnelCounts,
    FunnelEvent,
    LinkCode,
    ModuleFunnel,
    Operation,
    OperationKind,
    OperationStatus,
    PurchaseFacts,
    PurchaseKind,
    PurgeCounts,
    Reminder,
    ReminderStatus,
    WebhookDelivery,
)
from bot.store._planning import Campaign, CampaignCancelation, FunnelRecord
from bot.store._queues import QueueDepth
from bot.store._snapshots import ContractSnapshot, ModuleSnapshot, SnapshotSwap
from bot.store._store import DEFAULT_BUSY_TIMEOUT_MS, Store
from bot.store._tokens import new_token

__all__ = [
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "DEFAULT_BUSY_TIMEOUT_MS",
    "OPEN_OPERATION_STATUSES",
    "AuditEvent",
    "ButtonToken",
    "Campaign",
    "CampaignCancelation",
    "CancelationFacts",
    "ChatLink",
    "ContractSnapshot",
    "Conversation",
    "DeliveryStatus",
    "Erasure",
    "FunnelCounts",
    "FunnelEvent",
    "FunnelRecord",
    "LinkCode",
    "ModuleFunnel",
    "ModuleSnapshot",
    "Operation",
    "OperationClosed",
    "OperationInFlight",
    "OperationKind",
    "OperationNotFound",
    "OperationStatus",
    "PurchaseFacts",
    "PurchaseKind",
    "PurgeCounts",
    "QueueDepth",
    "Reminder",
    "ReminderStatus",
    "SchemaError",
    "SchemaTooNew",
    "SchemaUnknown",
    "SnapshotSwap",
    "StaleConversation",
    "Store",
    "StoreBusy",
    "StoreCorrupt",
    "StoreError",
    "StoreReadOnly",
    "StoreUnavailable",
    "TokenExpired",
    "TokenForeign",
    "TokenRejected",
    "TokenUnknown",
    "TokenUsed",
    "WebhookDelivery",
    "chat_key",
    "new_token",
    "normalize_code",
]
