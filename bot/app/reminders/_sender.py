"""Delivering due outbox rows: at most once, with consent, outside quiet hours, within limits.

Each worker claims one due row at a time (pending -> sending), so a crash leaves at most
``concurrency`` rows in ``sending``; those are abandoned later, never resent, because the
message may or may not have reached the member. For each row, cheapest checks first: the
chat is still linked to that member and reachable, the member said yes to offers (marketing
rules only; ``conversations.consent`` decides), the rule is on;
quiet hours in the studio's zone postpone the row to their end; then the facts and the
member's communication preferences are checked with PerfectGym; then ``notices.show`` words
the message through ``Engine.push`` (a member in another dialog is not interrupted: retried
later) and ``Runtime.push`` delivers it through the platform's limiter (Telegram: 30/s
overall, 1/s per chat, ``retry_after`` honoured). A failed push is tried again after a
pause, ``max_attempts`` claims at most; a blocked bot skips the row; a push whose outcome is
unknown (it may have arrived) is abandoned like a crash's.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from bot import logs, metrics
from bot.app.reminders._budget import ApiBudget
from bot.app.reminders._checks import Facts, consent, facts
from bot.app.reminders._quiet import in_quiet_hours, quiet_hours_end
from bot.app.reminders._rules import Rule
from bot.clock import Clock
from bot.config import Settings
from bot.perfectgym import PerfectGymError
from bot.store import Reminder, ReminderStatus
from conversations import Engine, Services
from conversations.consent import chat_refusal
from conversations.flows import notices
from conversations.ports import Channels, PushResult

log = logging.getLogger("bot.app.reminders.sender")

STALE_SENDING = timedelta(minutes=10)
BUSY_DELAY = timedelta(minutes=15)
RETRY_DELAYS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=15),
    timedelta(hours=1),
)


class Outcome(StrEnum):
    SENT = "sent"
    SKIPPED = "skipped"
    POSTPONED = "postponed"
    FAILED = "failed"
    UNKNOWN = "unknown"
    """The platform could not say whether it arrived: abandoned, never sent again."""


@dataclass
class SendReport:
    """What one pass over the due rows did."""

    counts: dict[Outcome, int] = field(default_factory=lambda: dict.fromkeys(Outcome, 0))
    abandoned: int = 0

    def count(self, outcome: Outcome) -> None:
        self.counts[outcome] += 1

    @property
    def sent(self) -> int:
        return self.counts[Outcome.SENT]


class Sender:
    def __init__(
        self,
        settings: Settings,
        services: Services,
        engine: Engine,
        channels: Channels,
        *,
        clock: Clock | None = None,
        budget: ApiBudget | None = None,
        concurrency: int | None = None,
        stale_after: timedelta = STALE_SENDING,
    ) -> None:
        self.settings = settings
        self.services = services
        self.engine = engine
        self.channels = channels
        self.store = services.store
        self.rules = settings.reminders
        self.clock = clock or services.clock
        self.budget = budget or ApiBudget.unlimited()
        self.concurrency = concurrency or self.rules.send_concurrency
        self.stale_after = stale_after
        self._in_flight: set[int] = set()

    async def abandon_stale(self) -> int:
        """Rows a dead process left in ``sending``: abandoned, never resent (at-most-once)."""
        now = self.clock.now()
        abandoned = 0
        for row in await self.store.stale_sending(now, self.stale_after):
            if row.id in self._in_flight:
                continue
            if await self.store.finish_reminder(
                row.id, ReminderStatus.ABANDONED, "the process stopped while sending it", now
            ):
                metrics.record_reminder(row.rule, "abandoned", "the process stopped")
                abandoned += 1
        if abandoned:
            log.warning("%d reminder(s) abandoned: a process stopped while sending them", abandoned)
        return abandoned

    async def next_due(self) -> datetime | None:
        pending = await self.store.reminders(ReminderStatus.PENDING, limit=1)
        return pending[0].due_at if pending else None

    async def send_due(self, *, limit: int | None = None) -> SendReport:
        """Send every due row (up to ``limit``), ``concurrency`` at a time."""
        report = SendReport(abandoned=await self.abandon_stale())
        claimed = 0

        async def worker() -> None:
            nonlocal claimed
            while limit is None or claimed < limit:
                rows = await self.store.claim_due_reminders(self.clock.now(), limit=1)
                if not rows:
                    return
                claimed += 1
                report.count(await self._send_claimed(rows[0]))

        await asyncio.gather(*(worker() for _ in range(self.concurrency)))
        return report

    async def _send_claimed(self, row: Reminder) -> Outcome:
        self._in_flight.add(row.id)
        try:
            with logs.bind(
                correlation_id=logs.new_correlation_id(),
                source="reminder",
                studio=row.studio,
                platform=row.platform,
                chat=logs.chat_hash(row.platform or "", row.chat_id) if row.chat_id else None,
            ):
                return await self.send(row)
        except Exception:
            log.exception("reminder %s failed unexpectedly; not sent again", row.rule)
            await self._finish(row, ReminderStatus.FAILED, "unexpected error while sending")
            return Outcome.FAILED
        finally:
            self._in_flight.discard(row.id)

    async def send(self, row: Reminder) -> Outcome:
        """Check, word and deliver one claimed row; finish or postpone it."""
        now = self.clock.now()
        refusal = await self._refusal(row)
        if refusal is not None:
            return await self._skip(row, refusal)
        rule = Rule(row.rule)
        studio_settings = self.settings.studio(row.studio)
        if in_quiet_hours(now, studio_settings):
            return await self._postpone(row, quiet_hours_end(now, studio_settings), "quiet hours")
        if row.attempts > self.rules.max_attempts:
            return await self._give_up(row, "tried too often")
        studio = self.services.studios[row.studio]
        assert row.platform is not None and row.chat_id is not None
        assert row.customer_id is not None
        try:
            checked = await facts(
                studio,
                self.budget,
                rule,
                row.payload,
                now.astimezone(studio_settings.zone).date(),
            )
            if not checked.send:
                return await self._skip(row, checked.reason or "no longer applies")
            allowed, note = await consent(studio, self.budget, row.customer_id, rule)
        except PerfectGymError as exc:
            return await self._retry(row, f"PerfectGym did not answer ({type(exc).__name__})")
        if not allowed:
            return await self._skip(row, note or "no consent")
        report = notices.NoticeReport()
        notice = await self._notice(row, rule, checked)
        result = await self.channels.push_turn(
            self.engine, row.platform, row.chat_id, lambda turn: notices.show(turn, notice, report)
        )
        if report.outcome is notices.NoticeOutcome.BUSY:
            return await self._postpone(row, now + BUSY_DELAY, "the member is in another dialog")
        if report.outcome is not notices.NoticeOutcome.SHOWN or result is None:
            return await self._skip(row, "the chat is no longer linked")
        if result is PushResult.SENT:
            await self._finish(row, ReminderStatus.SENT, note)
            return Outcome.SENT
        if result is PushResult.UNREACHABLE:
            await self.store.set_unreachable(row.platform, row.chat_id, True, now=self.clock.now())
            return await self._skip(row, "the member blocked the bot")
        if result is PushResult.UNKNOWN:
            detail = f"{row.platform} could not say whether it arrived; not sent again"
            await self._finish(row, ReminderStatus.ABANDONED, detail)
            return Outcome.UNKNOWN
        return await self._retry(row, f"{row.platform} did not take the message")

    # --- decisions -----------------------------------------------------------------------

    async def _refusal(self, row: Reminder) -> str | None:
        """Why the row must not go out, from the database alone; None if it may."""
        if row.platform is None or row.chat_id is None or row.customer_id is None:
            return "the chat was erased"
        try:
            rule = Rule(row.rule)
        except ValueError:
            return f"unknown rule {row.rule!r}"
        if not self.rules.rule_enabled(rule):
            return "the rule is switched off"
        if row.studio not in self.services.studios:
            return "the studio is no longer configured"
        link = await self.store.get_link(row.platform, row.chat_id)
        if link is None or link.customer_id != row.customer_id:
            return "the chat is no longer linked to this member"
        planned_contract = row.payload.get("contract_id")
        if planned_contract is not None and planned_contract != link.contract_id:
            return "the chat is linked to another contract now"
        refusal = chat_refusal(link, rule.purpose)
        return str(refusal) if refusal else None

    async def _notice(self, row: Reminder, rule: Rule, checked: Facts) -> notices.Notice:
        payload = row.payload
        name = checked.module or str(payload.get("module") or "")
        on = date.fromisoformat(str(payload["date"])) if payload.get("date") else None
        if rule is Rule.CONTRACT_CHANGE:
            return notices.Notice(
                kind=notices.NoticeKind(str(payload.get("change"))),
                module=name,
                studio=row.studio,
                date=on,
                module_contract_id=_int(payload.get("module_contract_id")),
                withdrawable=bool(payload.get("withdrawable")),
            )
        custom_text = custom_language = None
        campaign_id = _int(payload.get("campaign_id"))
        if campaign_id is not None:
            campaign = await self.store.get_campaign(campaign_id)
            if campaign is not None and campaign.text:
                custom_text = campaign.text
                custom_language = campaign.language or self._studio_language(row.studio)
        days = None
        if on is not None:
            zone = self.settings.studio(row.studio).zone
            days = (on - self.clock.now().astimezone(zone).date()).days
        return notices.Notice(
            kind=notices.NoticeKind(rule.value),
            module=name,
            studio=row.studio,
            date=on,
            days=days,
            module_contract_id=_int(payload.get("module_contract_id")),
            module_id=_int(payload.get("module_id")),
            withdrawable=checked.withdrawable,
            pending=checked.pending,
            offer=checked.offer,
            overrides=dict(self.rules.texts.get(rule.value, {})),
            custom_text=custom_text,
            custom_language=custom_language,
        )

    def _studio_language(self, studio: str) -> str:
        return self.settings.studio(studio).language

    # --- finishing -----------------------------------------------------------------------

    async def _finish(self, row: Reminder, status: ReminderStatus, detail: str | None) -> None:
        await self.store.finish_reminder(row.id, status, detail, self.clock.now())
        reason = None if status is ReminderStatus.SENT else detail
        metrics.record_reminder(row.rule, status.value, reason)

    async def _skip(self, row: Reminder, reason: str) -> Outcome:
        await self._finish(row, ReminderStatus.SKIPPED, reason)
        return Outcome.SKIPPED

    async def _give_up(self, row: Reminder, reason: str) -> Outcome:
        await self._finish(row, ReminderStatus.FAILED, f"{reason} ({row.attempts} attempts)")
        return Outcome.FAILED

    async def _postpone(self, row: Reminder, until: datetime, reason: str) -> Outcome:
        await self.store.postpone_reminder(row.id, until, now=self.clock.now(), detail=reason)
        metrics.record_reminder(row.rule, "postponed", reason)
        return Outcome.POSTPONED

    async def _retry(self, row: Reminder, reason: str) -> Outcome:
        if row.attempts >= self.rules.max_attempts:
            return await self._give_up(row, reason)
        delay = RETRY_DELAYS[min(row.attempts, len(RETRY_DELAYS)) - 1]
        return await self._postpone(row, self.clock.now() + delay, reason)


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None
