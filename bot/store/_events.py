"""Audit events (who did what) and funnel events (what the staff figures are counted from)."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from decimal import Decimal
from typing import Any

from bot.store._codec import money_text, optional_json_text, parse_json, parse_time, time_text
from bot.store._connection import Connection
from bot.store._models import (
    AuditEvent,
    CancelationFacts,
    FunnelCounts,
    FunnelEvent,
    ModuleFunnel,
    PurchaseFacts,
)


def _audit_event(row: dict[str, Any]) -> AuditEvent:
    return AuditEvent(
        id=row["id"],
        at=parse_time(row["at"]),
        actor=row["actor"],
        action=row["action"],
        studio=row["studio"],
        subject=row["subject"],
        detail=parse_json(row["detail"]),
    )


class Events:
    _conn: Connection

    def audit(
        self,
        actor: str,
        action: str,
        *,
        studio: str | None = None,
        subject: str | None = None,
        detail: dict[str, Any] | None = None,
        now: datetime,
    ) -> int:
        """Append an audit event and return its id."""
        with self._conn.write():
            row = self._conn.query_one(
                """INSERT INTO audit_events (at, actor, action, studio, subject, detail)
                VALUES (?, ?, ?, ?, ?, ?) RETURNING id""",
                (time_text(now), actor, action, studio, subject, optional_json_text(detail)),
            )
        assert row is not None
        return int(row["id"])

    def audit_events(
        self,
        *,
        studio: str | None = None,
        action: str | None = None,
        actor: str | None = None,
        since: datetime | None = None,
        limit: int = 100,
    ) -> list[AuditEvent]:
        """Audit events, newest first."""
        clauses: list[str] = []
        params: list[Any] = []
        for column, value in (("studio", studio), ("action", action), ("actor", actor)):
            if value is not None:
                clauses.append(f"{column} = ?")
                params.append(value)
        if since is not None:
            clauses.append("at >= ?")
            params.append(time_text(since))
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        rows = self._conn.query(
            f"SELECT * FROM audit_events {where} ORDER BY at DESC, id DESC LIMIT ?",
            [*params, limit],
        )
        return [_audit_event(row) for row in rows]

    def consent_history(
        self, *, studio: str | None = None, customer_id: int | None = None
    ) -> list[AuditEvent]:
        """Every recorded answer to the offers question (and resets), oldest first."""
        clauses = ["action IN ('marketing_consent', 'marketing_consent_reset')"]
        params: list[Any] = []
        if studio is not None:
            clauses.append("studio = ?")
            params.append(studio)
        if customer_id is not None:
            clauses.append("subject = ?")
            params.append(str(customer_id))
        rows = self._conn.query(
            f"SELECT * FROM audit_events WHERE {' AND '.join(clauses)} ORDER BY at, id", params
        )
        return [_audit_event(row) for row in rows]

    def record_funnel(
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
        """Append a funnel event; ``amount`` is the monthly amount (a purchase's revenue).

        ``purchase`` and ``cancelation`` are what the staff figures count; they are stored in
        ``detail``. A cancelation's ``monthly`` becomes the event's amount unless one is given.
        """
        if purchase is not None or cancelation is not None:
            detail = {**(detail or {}), **facts_json(purchase, cancelation)}
        if cancelation is not None and amount is None:
            amount, currency = cancelation.monthly, currency or cancelation.currency
        with self._conn.write():
            row = self._conn.query_one(
                """INSERT INTO funnel_events (at, studio, platform, chat_id, customer_id,
                    contract_id, event, module_id, module_name, validation_status, amount,
                    currency, detail)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""",
                (
                    time_text(now),
                    studio,
                    platform,
                    chat_id,
                    customer_id,
                    contract_id,
                    str(event),
                    module_id,
                    module_name,
                    validation_status,
                    money_text(amount),
                    currency,
                    optional_json_text(detail),
                ),
            )
        assert row is not None
        return int(row["id"])

    def funnel_counts(
        self, studio: str, since: datetime, until: datetime | None = None
    ) -> FunnelCounts:
        """Counts per event and per module, and purchased monthly amounts per currency,
        for events at or after ``since`` and before ``until``."""
        where = "studio = ? AND at >= ?"
        params: list[Any] = [studio, time_text(since)]
        if until is not None:
            where += " AND at < ?"
            params.append(time_text(until))
        conn = self._conn
        by_event = {
            row["event"]: int(row["n"])
            for row in conn.query(
                f"SELECT event, count(*) AS n FROM funnel_events WHERE {where} GROUP BY event",
                params,
            )
        }
        module_counts: dict[int, dict[str, int]] = defaultdict(dict)
        for row in conn.query(
            f"""SELECT module_id, event, count(*) AS n FROM funnel_events
            WHERE {where} AND module_id IS NOT NULL GROUP BY module_id, event""",
            params,
        ):
            module_counts[row["module_id"]][row["event"]] = int(row["n"])
        names = {
            row["module_id"]: row["module_name"]
            for row in conn.query(
                f"""SELECT module_id, module_name FROM funnel_events WHERE id IN (
                    SELECT max(id) FROM funnel_events
                    WHERE {where} AND module_id IS NOT NULL AND module_name IS NOT NULL
                    GROUP BY module_id)""",
                params,
            )
        }
        validation_statuses = {
            row["validation_status"]: int(row["n"])
            for row in conn.query(
                f"""SELECT validation_status, count(*) AS n FROM funnel_events
                WHERE {where} AND event = ? AND validation_status IS NOT NULL
                GROUP BY validation_status""",
                [*params, FunnelEvent.VALIDATED.value],
            )
        }
        revenue: dict[str, Decimal] = defaultdict(Decimal)
        module_revenue: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
        for row in conn.query(
            f"""SELECT module_id, amount, currency FROM funnel_events
            WHERE {where} AND event = ? AND amount IS NOT NULL""",
            [*params, FunnelEvent.PURCHASED.value],
        ):
            currency = row["currency"] or ""
            amount = Decimal(row["amount"])
            revenue[currency] += amount
            if row["module_id"] is not None:
                module_revenue[row["module_id"]][currency] += amount
        by_module = [
            ModuleFunnel(
                module_id=module_id,
                module_name=names.get(module_id),
                counts=counts,
                revenue=dict(module_revenue.get(module_id, {})),
            )
            for module_id, counts in module_counts.items()
        ]
        by_module.sort(key=lambda m: (-m.counts.get(FunnelEvent.PURCHASED.value, 0), m.module_id))
        return FunnelCounts(
            studio=studio,
            since=since,
            until=until,
            by_event=by_event,
            by_module=by_module,
            validation_statuses=validation_statuses,
            revenue=dict(revenue),
        )


def facts_json(
    purchase: PurchaseFacts | None, cancelation: CancelationFacts | None
) -> dict[str, Any]:
    """The figures' facts as the JSON kept in a funnel event's ``detail``."""
    stored: dict[str, Any] = {}
    if purchase is not None:
        stored["purchase"] = {
            "kind": purchase.kind.value,
            "payment_type": purchase.payment_type,
            "paid_from": purchase.paid_from.isoformat() if purchase.paid_from else None,
            "one_off": money_text(purchase.one_off),
        }
    if cancelation is not None:
        stored["cancelation"] = {"reason": cancelation.reason, "in_trial": cancelation.in_trial}
    return stored
