"""What the planner and the staff figures read: campaigns, funnel rows, known outbox keys.

A campaign is stored when staff schedule it and expanded into one outbox row per member when
its time comes (``mark_campaign_expanded`` succeeds once), so members who link in between
are included and nobody is counted twice. Staff may cancel it until its last row is sent.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from bot.store._codec import optional_time, parse_json, parse_time, time_text
from bot.store._connection import Connection
from bot.store._models import CancelationFacts, PurchaseFacts, PurchaseKind

_CHUNK = 500


@dataclass(frozen=True, slots=True, kw_only=True)
class Campaign:
    """Staff's "offer module X to linked members who can book it, at this time"."""

    id: int
    studio: str
    module_id: int
    module_name: str
    at: datetime
    actor: str
    language: str | None
    text: str | None
    created_at: datetime
    expanded_at: datetime | None
    targets: int | None
    canceled_at: datetime | None = None
    canceled_by: str | None = None

    @property
    def pending(self) -> bool:
        """Neither gone out nor canceled yet."""
        return self.expanded_at is None and self.canceled_at is None


@dataclass(frozen=True, slots=True, kw_only=True)
class CampaignCancelation:
    """What ``cancel_campaign`` did: ``canceled`` is False when nothing was left to stop."""

    campaign: Campaign
    """The campaign as it was before."""
    canceled: bool
    stopped: int = 0
    """Queued messages that will not be sent now."""
    sent: int = 0
    """Messages that had gone out already."""


@dataclass(frozen=True, slots=True, kw_only=True)
class FunnelRecord:
    """One funnel event row: who looked at or booked which module when, and what it is worth."""

    at: datetime
    studio: str
    platform: str | None
    chat_id: str | None
    customer_id: int | None
    contract_id: int | None
    module_id: int | None
    module_name: str | None
    event: str = ""
    amount: Decimal | None = None
    """Monthly recurring amount: added by a purchase, lost by a cancelation."""
    currency: str | None = None
    module_contract_id: int | None = None
    purchase: PurchaseFacts | None = None
    cancelation: CancelationFacts | None = None


def _campaign(row: dict[str, Any]) -> Campaign:
    return Campaign(
        id=row["id"],
        studio=row["studio"],
        module_id=row["module_id"],
        module_name=row["module_name"],
        at=parse_time(row["at"]),
        actor=row["actor"],
        language=row["language"],
        text=row["text"],
        created_at=parse_time(row["created_at"]),
        expanded_at=optional_time(row["expanded_at"]),
        targets=row["targets"],
        canceled_at=optional_time(row["canceled_at"]),
        canceled_by=row["canceled_by"],
    )


def _funnel_record(row: dict[str, Any]) -> FunnelRecord:
    detail = parse_json(row["detail"])
    detail = detail if isinstance(detail, dict) else {}
    amount = Decimal(row["amount"]) if row["amount"] is not None else None
    contract = detail.get("module_contract_id")
    return FunnelRecord(
        at=parse_time(row["at"]),
        studio=row["studio"],
        platform=row["platform"],
        chat_id=row["chat_id"],
        customer_id=row["customer_id"],
        contract_id=row["contract_id"],
        module_id=row["module_id"],
        module_name=row["module_name"],
        event=row["event"],
        amount=amount,
        currency=row["currency"],
        module_contract_id=contract if isinstance(contract, int) else None,
        purchase=_purchase(detail.get("purchase")),
        cancelation=_cancelation(detail.get("cancelation"), amount, row["currency"]),
    )


def _purchase(raw: Any) -> PurchaseFacts | None:
    if not isinstance(raw, dict):
        return None
    try:
        kind = PurchaseKind(str(raw.get("kind")))
    except ValueError:
        return None
    paid_from, one_off = raw.get("paid_from"), raw.get("one_off")
    return PurchaseFacts(
        kind=kind,
        payment_type=raw.get("payment_type"),
        paid_from=date.fromisoformat(paid_from) if paid_from else None,
        one_off=Decimal(one_off) if one_off is not None else None,
    )


def _cancelation(raw: Any, amount: Decimal | None, currency: str | None) -> CancelationFacts | None:
    if not isinstance(raw, dict):
        return None
    return CancelationFacts(
        reason=raw.get("reason"),
        in_trial=bool(raw.get("in_trial")),
        monthly=amount,
        currency=currency,
    )


class Planning:
    _conn: Connection

    def create_campaign(
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
        with self._conn.write():
            row = self._conn.query_one(
                """INSERT INTO campaigns (studio, module_id, module_name, at, actor, language,
                    text, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *""",
                (studio, module_id, module_name, time_text(at), actor, language, text,
                 time_text(now)),
            )  # fmt: skip
        assert row is not None
        return _campaign(row)

    def get_campaign(self, campaign_id: int) -> Campaign | None:
        row = self._conn.query_one("SELECT * FROM campaigns WHERE id = ?", (campaign_id,))
        return None if row is None else _campaign(row)

    def campaigns(self, *, studio: str | None = None, pending: bool = False) -> list[Campaign]:
        """Campaigns by time (only those neither expanded nor canceled, if asked)."""
        clauses, params = [], []
        if studio is not None:
            clauses.append("studio = ?")
            params.append(studio)
        if pending:
            clauses.append("expanded_at IS NULL AND canceled_at IS NULL")
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        rows = self._conn.query(f"SELECT * FROM campaigns {where} ORDER BY at, id", params)
        return [_campaign(row) for row in rows]

    def due_campaigns(self, now: datetime) -> list[Campaign]:
        rows = self._conn.query(
            "SELECT * FROM campaigns WHERE expanded_at IS NULL AND canceled_at IS NULL "
            "AND at <= ? ORDER BY at, id",
            (time_text(now),),
        )
        return [_campaign(row) for row in rows]

    def mark_campaign_expanded(self, campaign_id: int, targets: int, now: datetime) -> bool:
        """Record the fan-out; False when it was expanded already (by another process)."""
        with self._conn.write():
            cursor = self._conn.execute(
                "UPDATE campaigns SET expanded_at = ?, targets = ? "
                "WHERE id = ? AND expanded_at IS NULL AND canceled_at IS NULL",
                (time_text(now), targets, campaign_id),
            )
        return cursor.rowcount == 1

    def cancel_campaign(
        self, campaign_id: int, *, actor: str, now: datetime
    ) -> CampaignCancelation | None:
        """Cancel a campaign: not sent at all, or its queued messages stopped (those being
        sent this very moment still go out). None when there is no such campaign."""
        with self._conn.write():
            campaign = self.get_campaign(campaign_id)
            if campaign is None:
                return None
            if campaign.canceled_at is not None:
                return CampaignCancelation(campaign=campaign, canceled=False)
            campaign_of = self._conn.dialect.json_integer("payload", "campaign_id")
            where = f"rule = 'campaign' AND {campaign_of} = ?"
            stopped = 0
            if campaign.expanded_at is not None:
                stopped = self._conn.execute(
                    f"""UPDATE reminder_outbox SET status = 'skipped',
                        detail = 'campaign canceled', updated_at = ?
                    WHERE {where} AND status = 'pending'""",
                    (time_text(now), campaign_id),
                ).rowcount
            row = self._conn.query_one(
                f"SELECT count(*) AS n FROM reminder_outbox WHERE {where} AND status = 'sent'",
                (campaign_id,),
            )
            sent = int(row["n"]) if row else 0
            if campaign.expanded_at is not None and not stopped:
                return CampaignCancelation(campaign=campaign, canceled=False, sent=sent)
            self._conn.execute(
                "UPDATE campaigns SET canceled_at = ?, canceled_by = ? WHERE id = ?",
                (time_text(now), actor, campaign_id),
            )
        return CampaignCancelation(campaign=campaign, canceled=True, stopped=stopped, sent=sent)

    def funnel_records(
        self,
        event: str,
        since: datetime,
        until: datetime | None = None,
        *,
        studio: str | None = None,
    ) -> list[FunnelRecord]:
        """Funnel rows of one event at or after ``since`` (and before ``until``), oldest first."""
        sql = "SELECT * FROM funnel_events WHERE event = ? AND at >= ?"
        params: list[Any] = [event, time_text(since)]
        if until is not None:
            sql += " AND at < ?"
            params.append(time_text(until))
        if studio is not None:
            sql += " AND studio = ?"
            params.append(studio)
        rows = self._conn.query(sql + " ORDER BY at, id", params)
        return [_funnel_record(row) for row in rows]

    def trials_turning_paid(
        self, studio: str, first_day: date, last_day: date, *, booked_before: datetime
    ) -> list[FunnelRecord]:
        """Trial bookings (made before ``booked_before``) whose first paid day falls between
        ``first_day`` and ``last_day``, whenever they were booked."""
        dialect = self._conn.dialect
        rows = self._conn.query(
            f"""SELECT * FROM funnel_events WHERE studio = ? AND event = 'purchased'
            AND at < ? AND {dialect.json_text("detail", "purchase", "kind")} = 'trial'
            AND {dialect.json_text("detail", "purchase", "paid_from")} BETWEEN ? AND ?
            ORDER BY at, id""",
            (studio, time_text(booked_before), first_day.isoformat(), last_day.isoformat()),
        )
        return [_funnel_record(row) for row in rows]

    def module_contracts_canceled_in_trial(self, studio: str, until: datetime) -> set[int]:
        """Module contracts whose cancelation (recorded before ``until``) ends their trial."""
        dialect = self._conn.dialect
        rows = self._conn.query(
            f"""SELECT {dialect.json_integer("detail", "module_contract_id")} AS mc
            FROM funnel_events WHERE studio = ? AND event = 'canceled' AND at < ?
            AND {dialect.json_true("detail", "cancelation", "in_trial")}""",
            (studio, time_text(until)),
        )
        return {int(row["mc"]) for row in rows if isinstance(row["mc"], int)}

    def purchased_monthly(
        self, studio: str, module_contract_ids: Iterable[int]
    ) -> dict[int, tuple[Decimal, str | None]]:
        """The monthly amount each module contract was booked with in the chat (if it was)."""
        found: dict[int, tuple[Decimal, str | None]] = {}
        wanted = list(dict.fromkeys(module_contract_ids))
        contract = self._conn.dialect.json_integer("detail", "module_contract_id")
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            marks = ", ".join("?" for _ in chunk)
            rows = self._conn.query(
                f"""SELECT {contract} AS mc, amount, currency
                FROM funnel_events WHERE studio = ? AND event = 'purchased'
                AND amount IS NOT NULL AND {contract} IN ({marks})
                ORDER BY funnel_events.id""",
                [studio, *chunk],
            )
            for row in rows:  # the latest booking wins
                found[int(row["mc"])] = (Decimal(row["amount"]), row["currency"])
        return found

    def known_reminder_keys(self, keys: Iterable[str]) -> set[str]:
        """Which of these outbox keys were ever queued (so planning writes only new rows)."""
        wanted = list(dict.fromkeys(keys))
        found: set[str] = set()
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            marks = ", ".join("?" for _ in chunk)
            rows = self._conn.query(
                f"SELECT key FROM reminder_outbox WHERE key IN ({marks})", chunk
            )
            found.update(row["key"] for row in rows)
        return found
