"""Persistence on SQLite (the embedded default) or PostgreSQL: schema, migrations and every
query the bot makes, written once.

The bot uses the async protocols (``bot.store.protocols``) of ``SqliteStore.open(path)`` or
``PostgresStore.open(url)``; ``Store`` is the synchronous core both run. Several processes may
share a SQLite file (WAL journal, a busy timeout and ``BEGIN IMMEDIATE`` for every write) or a
PostgreSQL database (serializable write transactions, retried). Times are aware UTC datetimes
in and out (stored as ISO-8601 UTC text); every method that depends on "now" is given it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.store._backend import StoreHealth
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
    AttemptBudget,
    AuditEvent,
    AuditRow,
    ButtonToken,
    CancelationFacts,
    ChatLink,
    ChatUpdate,
    Conversation,
    ConversationWrite,
    DeliveryStatus,
    Erasure,
    FunnelCounts,
    FunnelEvent,
    FunnelRow,
    LinkCode,
    ModuleFunnel,
    Operation,
    OperationKind,
    OperationMark,
    OperationStatus,
    PurchaseFacts,
    PurchaseKind,
    PurgeCounts,
    Reminder,
    ReminderRow,
    ReminderStatus,
    TokenRow,
    TurnWrite,
    WebhookDelivery,
)
from bot.store._pacing import SharedBudget, budget_scope
from bot.store._planning import Campaign, CampaignCancelation, FunnelRecord
from bot.store._queues import QueueDepth
from bot.store._snapshots import ContractSnapshot, ModuleSnapshot, SnapshotSwap
from bot.store._sqlite import SqliteStore
from bot.store._store import DEFAULT_BUSY_TIMEOUT_MS, Store
from bot.store._tokens import new_token

if TYPE_CHECKING:
    from bot.store._copy import CopyRefused, copy_sqlite_to_postgres
    from bot.store._postgres import DEFAULT_POOL_SIZE, PostgresStore

_POSTGRES = {
    "CopyRefused": "bot.store._copy",
    "copy_sqlite_to_postgres": "bot.store._copy",
    "DEFAULT_POOL_SIZE": "bot.store._postgres",
    "PostgresStore": "bot.store._postgres",
}


def __getattr__(name: str) -> Any:
    """The PostgreSQL backend, imported when first asked for (psycopg takes 0.15 s to load)."""
    if name in _POSTGRES:
        import importlib

        return getattr(importlib.import_module(_POSTGRES[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "DEFAULT_BUSY_TIMEOUT_MS",
    "DEFAULT_POOL_SIZE",
    "OPEN_OPERATION_STATUSES",
    "AttemptBudget",
    "AuditEvent",
    "AuditRow",
    "ButtonToken",
    "Campaign",
    "CampaignCancelation",
    "CancelationFacts",
    "ChatLink",
    "ChatUpdate",
    "ContractSnapshot",
    "Conversation",
    "ConversationWrite",
    "CopyRefused",
    "DeliveryStatus",
    "Erasure",
    "FunnelCounts",
    "FunnelEvent",
    "FunnelRecord",
    "FunnelRow",
    "LinkCode",
    "ModuleFunnel",
    "ModuleSnapshot",
    "Operation",
    "OperationClosed",
    "OperationInFlight",
    "OperationKind",
    "OperationMark",
    "OperationNotFound",
    "OperationStatus",
    "PostgresStore",
    "PurchaseFacts",
    "PurchaseKind",
    "PurgeCounts",
    "QueueDepth",
    "Reminder",
    "ReminderRow",
    "ReminderStatus",
    "SchemaError",
    "SchemaTooNew",
    "SchemaUnknown",
    "SharedBudget",
    "SnapshotSwap",
    "SqliteStore",
    "StaleConversation",
    "Store",
    "StoreBusy",
    "StoreCorrupt",
    "StoreError",
    "StoreHealth",
    "StoreReadOnly",
    "StoreUnavailable",
    "TokenExpired",
    "TokenForeign",
    "TokenRejected",
    "TokenRow",
    "TokenUnknown",
    "TokenUsed",
    "TurnWrite",
    "WebhookDelivery",
    "budget_scope",
    "chat_key",
    "copy_sqlite_to_postgres",
    "new_token",
    "normalize_code",
]
