"""The operations ledger: every money action is written down before the API call is made.

A partial unique index allows at most one open (intent, sent or unclear) operation per
(studio, contract_id, kind, subject), in every process, so two taps on "Book" make one purchase
and a crash between the call and its result leaves an open row to reconcile, never a retry.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.store._codec import (
    json_text,
    optional_json_text,
    parse_json,
    parse_time,
    time_text,
)
from bot.store._connection import Connection
from bot.store._errors import OperationClosed, OperationInFlight, OperationNotFound
from bot.store._models import (
    OPEN_OPERATION_STATUSES,
    Operation,
    OperationKind,
    OperationStatus,
)

_OPEN_SQL = "(" + ", ".join(f"'{status.value}'" for status in sorted(OPEN_OPERATION_STATUSES)) + ")"


def _operation(row: dict[str, Any]) -> Operation:
    return Operation(
        id=row["id"],
        kind=OperationKind(row["kind"]),
        studio=row["studio"],
        platform=row["platform"],
        chat_id=row["chat_id"],
        customer_id=row["customer_id"],
        contract_id=row["contract_id"],
        subject=row["subject"],
        request=parse_json(row["request"]),
        status=OperationStatus(row["status"]),
        outcome=parse_json(row["outcome"]),
        module_contract_id=row["module_contract_id"],
        created_at=parse_time(row["created_at"]),
        updated_at=parse_time(row["updated_at"]),
    )


class Operations:
    _conn: Connection

    def begin_operation(
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
        """Record the intent; raises ``OperationInFlight`` (with the open row) if one exists.

        ``sent``: recorded as ``sent`` at once (the request goes out next; one write instead
        of two); ``redeem``: the button token that confirmed it, marked used in the same
        transaction. Synced to disk at commit: power loss cannot lose a purchase in flight.
        """
        kind = OperationKind(kind)
        now_text = time_text(now)
        key = (studio, contract_id, kind.value, str(subject))
        with self._conn.write(durable=True):
            inserted = self._conn.query_one(
                """INSERT INTO operations (kind, studio, platform, chat_id, customer_id,
                    contract_id, subject, request, status, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING RETURNING *""",
                (
                    kind.value,
                    studio,
                    platform,
                    chat_id,
                    customer_id,
                    contract_id,
                    str(subject),
                    json_text(request),
                    "sent" if sent else "intent",
                    now_text,
                    now_text,
                ),
            )
            if inserted is not None and redeem is not None:
                self._conn.execute(
                    "UPDATE button_tokens SET used_at = ? WHERE token = ? AND used_at IS NULL",
                    (now_text, redeem),
                )
            if inserted is None:
                row = self._conn.query_one(
                    f"""SELECT * FROM operations WHERE studio = ? AND contract_id = ? AND kind = ?
                    AND subject = ? AND status IN {_OPEN_SQL}""",
                    key,
                )
                if row is None:  # pragma: no cover - the unique index is the only constraint
                    raise RuntimeError("operation insert ignored without an open operation")
                raise OperationInFlight(_operation(row))
        return _operation(inserted)

    def mark_operation(
        self,
        operation_id: int,
        status: OperationStatus | str,
        *,
        outcome: dict[str, Any] | None = None,
        module_contract_id: int | None = None,
        now: datetime,
    ) -> Operation:
        """Move an open operation on; ``outcome`` and ``module_contract_id`` replace only if given.

        Raises ``OperationClosed`` when it is already final, ``OperationNotFound`` for a bad id.
        """
        status = OperationStatus(status)
        with self._conn.write():
            cursor = self._conn.execute(
                f"""UPDATE operations SET status = ?, outcome = COALESCE(?, outcome),
                    module_contract_id = COALESCE(?, module_contract_id), updated_at = ?
                WHERE id = ? AND status IN {_OPEN_SQL}""",
                (
                    status.value,
                    optional_json_text(outcome),
                    module_contract_id,
                    time_text(now),
                    operation_id,
                ),
            )
            operation = self.get_operation(operation_id)
            if cursor.rowcount != 1:
                raise OperationClosed(operation)
        return operation

    def get_operation(self, operation_id: int) -> Operation:
        row = self._conn.query_one("SELECT * FROM operations WHERE id = ?", (operation_id,))
        if row is None:
            raise OperationNotFound(operation_id)
        return _operation(row)

    def open_operations(
        self,
        *,
        studio: str | None = None,
        contract_id: int | None = None,
        platform: str | None = None,
        chat_id: str | None = None,
        updated_before: datetime | None = None,
    ) -> list[Operation]:
        """Open operations to reconcile, oldest first, filtered by whatever is given."""
        clauses = [f"status IN {_OPEN_SQL}"]
        params: list[Any] = []
        for column, value in (
            ("studio", studio),
            ("contract_id", contract_id),
            ("platform", platform),
            ("chat_id", chat_id),
        ):
            if value is not None:
                clauses.append(f"{column} = ?")
                params.append(value)
        if updated_before is not None:
            clauses.append("updated_at < ?")
            params.append(time_text(updated_before))
        rows = self._conn.query(
            f"SELECT * FROM operations WHERE {' AND '.join(clauses)} ORDER BY created_at, id",
            params,
        )
        return [_operation(row) for row in rows]

    def operations_for_chat(
        self, platform: str, chat_id: str, *, open_only: bool = False, limit: int = 50
    ) -> list[Operation]:
        """The chat's operations (only the open ones if asked), newest first."""
        only_open = f"AND status IN {_OPEN_SQL}" if open_only else ""
        rows = self._conn.query(
            f"""SELECT * FROM operations WHERE platform = ? AND chat_id = ? {only_open}
            ORDER BY created_at DESC, id DESC LIMIT ?""",
            (platform, chat_id, limit),
        )
        return [_operation(row) for row in rows]
