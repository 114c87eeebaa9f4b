"""``upsell-bot reminders --dry-run``: what would be sent, and when, without sending anything.

Runs the planner on the database alone (no PerfectGym calls, no writes) and lists the rows
already queued beside the ones the planner would add. Facts and consent are checked only
right before sending, so a listed reminder may still be skipped then.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.app.reminders._planner import PlannedReminder, Planner
from bot.app.reminders._quiet import in_quiet_hours, quiet_hours_end
from bot.app.reminders._rules import Rule
from bot.config import Settings
from bot.store import ReminderStatus
from bot.store.protocols import StoreAPI


@dataclass(frozen=True)
class PreviewRow:
    """One reminder that would go out; ``sends_at`` accounts for quiet hours."""

    rule: str
    studio: str
    chat: str
    due_at: datetime
    sends_at: datetime
    state: str
    """``queued`` (in the outbox), ``sending``, or ``planned`` (the planner would queue it)."""
    after_quiet_hours: bool = False


async def preview(store: StoreAPI, settings: Settings, now: datetime) -> list[PreviewRow]:
    planner = Planner(store, settings)
    planned: list[PlannedReminder] = await planner.from_snapshots(now)
    planned += await planner.from_views(now)
    if settings.reminders.rule_enabled(Rule.CAMPAIGN):
        for campaign in await store.campaigns(pending=True):
            planned += await planner.campaign_rows(campaign)
    known = await store.known_reminder_keys(p.key for p in planned)
    rows = [
        _row(
            settings, p.rule.value, p.studio, f"{p.platform}:{p.chat_id}", p.due_at, now, "planned"
        )
        for p in planned
        if p.key not in known
    ]
    queued_rows = await store.reminders(ReminderStatus.PENDING)
    queued_rows += await store.reminders(ReminderStatus.SENDING)
    for queued in queued_rows:
        chat = f"{queued.platform}:{queued.chat_id}"
        state = "queued" if queued.status is ReminderStatus.PENDING else "sending"
        rows.append(_row(settings, queued.rule, queued.studio, chat, queued.due_at, now, state))
    return sorted(rows, key=lambda r: (r.sends_at, r.rule, r.chat))


def format_preview(rows: list[PreviewRow], settings: Settings) -> list[str]:
    """Lines for the terminal, times in each studio's zone."""
    if not rows:
        return ["nothing to send: no reminder is queued or due by the stored facts"]
    lines = [f"{'sends at (studio time)':<26} {'rule':<15} {'studio':<18} {'chat':<24} state"]
    for row in rows:
        zone = _zone(settings, row.studio)
        sends = row.sends_at.astimezone(zone).strftime("%Y-%m-%d %H:%M %Z") if zone else "?"
        note = " (after quiet hours)" if row.after_quiet_hours else ""
        lines.append(
            f"{sends:<26} {row.rule:<15} {row.studio:<18} {row.chat:<24} {row.state}{note}"
        )
    lines.append(f"{len(rows)} reminder(s); each is checked with PerfectGym right before sending")
    return lines


def _row(
    settings: Settings,
    rule: str,
    studio: str,
    chat: str,
    due_at: datetime,
    now: datetime,
    state: str,
) -> PreviewRow:
    sends_at = max(due_at, now)
    try:
        studio_settings = settings.studio(studio)
    except KeyError:
        return PreviewRow(rule, studio, chat, due_at, sends_at, state)
    if in_quiet_hours(sends_at, studio_settings):
        sends_at = quiet_hours_end(sends_at, studio_settings)
        return PreviewRow(rule, studio, chat, due_at, sends_at, state, after_quiet_hours=True)
    return PreviewRow(rule, studio, chat, due_at, sends_at, state)


def _zone(settings: Settings, studio: str) -> ZoneInfo | None:
    try:
        return settings.studio(studio).zone
    except KeyError:
        return None
