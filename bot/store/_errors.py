"""What the store can raise, as two trees: the database failed, or the store said no.

```
StoreError                 the database itself failed; .path, and the message says what to fix
├── StoreUnavailable       cannot open or write: missing directory, permissions, I/O, full disk;
│   │                      PostgreSQL: server unreachable, refused login, no such database
│   └── StoreReadOnly      the file, its directory or the mount is read-only; a read-only server
├── StoreBusy              another process held the write lock longer than busy_timeout, or
│                          (PostgreSQL) transactions kept conflicting after every retry (retryable)
├── StoreCorrupt           not a SQLite database, or a damaged one
└── SchemaError            the database's schema is not one this code can use
    ├── SchemaTooNew       written by a newer version of the bot
    └── SchemaUnknown      a database of some other application, or a diverged schema

Answers (not failures; the caller shows the member something):
StaleConversation          another turn saved the conversation first
TokenRejected              a button token cannot be used
├── TokenUnknown           forged or never issued
├── TokenForeign           issued to another conversation (left untouched)
├── TokenUsed              replayed
└── TokenExpired           too old, or voided by a newer message
OperationInFlight          an open ledger entry already covers this contract, kind and subject
OperationClosed            the ledger entry was already finished by someone else
OperationNotFound          no ledger entry with that id
```
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.store._models import Operation


class StoreError(Exception):
    """The database could not be used; the message names it and what to do.

    ``path`` is the SQLite file, or for PostgreSQL the server and database as text (the URL
    without its password).
    """

    def __init__(self, path: Path | str, message: str) -> None:
        super().__init__(f"{message} (database: {path})")
        self.path = path

    @property
    def retryable(self) -> bool:
        """True when the same call may succeed later unchanged."""
        return False


class StoreUnavailable(StoreError):
    """The file cannot be opened or written (missing directory, permissions, I/O, full disk)."""


class StoreReadOnly(StoreUnavailable):
    """The file, its directory or its file system allows reading only."""


class StoreBusy(StoreError):
    """Another process kept the write lock longer than the busy timeout."""

    @property
    def retryable(self) -> bool:
        return True


class StoreCorrupt(StoreError):
    """The file is not a SQLite database or is damaged; it is left as it is."""


class SchemaError(StoreError):
    """The file's schema is not one this code can work with."""


class SchemaTooNew(SchemaError):
    """The file was migrated by a newer version of the bot than this one."""

    def __init__(self, path: Path | str, found: int, known: int) -> None:
        super().__init__(
            path,
            f"database schema version {found} is newer than this bot knows ({known}); "
            "upgrade the bot or use a database made by this version",
        )
        self.found = found
        self.known = known


class SchemaUnknown(SchemaError):
    """The file belongs to another application or its migration history diverged from ours."""


class StaleConversation(Exception):
    """Another turn saved the conversation since it was loaded; reload and try again."""

    def __init__(
        self, platform: str, chat_id: str, expected_version: int, current_version: int | None
    ) -> None:
        super().__init__(
            f"conversation {platform}:{chat_id} is at version {current_version}, "
            f"not {expected_version}"
        )
        self.platform = platform
        self.chat_id = chat_id
        self.expected_version = expected_version
        self.current_version = current_version


class TokenRejected(Exception):
    """A button token cannot be redeemed; the subclass says why."""

    reason = "rejected"

    def __init__(self, token: str) -> None:
        super().__init__(f"button token {self.reason}")
        self.token = token


class TokenUnknown(TokenRejected):
    """The token was never issued (forged, mistyped, or purged long ago)."""

    reason = "unknown"


class TokenForeign(TokenRejected):
    """The token belongs to another conversation; it stays usable there."""

    reason = "issued to another conversation"


class TokenUsed(TokenRejected):
    """The token was already redeemed once (a replay or a double tap)."""

    reason = "already used"


class TokenExpired(TokenRejected):
    """The token is past its expiry, or was voided because the conversation moved on."""

    reason = "expired"


class OperationInFlight(Exception):
    """An open (intent, sent or unclear) operation already covers the same money action."""

    def __init__(self, operation: Operation) -> None:
        super().__init__(
            f"operation {operation.id} ({operation.kind} {operation.subject} on contract "
            f"{operation.contract_id}) is still {operation.status}"
        )
        self.operation = operation


class OperationClosed(Exception):
    """The operation already reached a final status; it cannot change any more."""

    def __init__(self, operation: Operation) -> None:
        super().__init__(f"operation {operation.id} is already {operation.status}")
        self.operation = operation


class OperationNotFound(LookupError):
    """No operation has the given id."""

    def __init__(self, operation_id: int) -> None:
        super().__init__(f"no operation with id {operation_id}")
        self.operation_id = operation_id
