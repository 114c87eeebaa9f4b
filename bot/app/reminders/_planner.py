"""Turning stored facts into outbox rows: which reminder is due for whom, and when.

The planner reads only the database (snapshots of module contracts, funnel views, campaigns),
never PerfectGym, so it is cheap to run often and can preview without side effects
(``upsell-bot reminders --dry-run``). Facts are checked again with PerfectGym right before
sending. Keys (see ``_rules``) make planning idempotent.

- Cancelation: a cancelation that can still be withdrawn -> due ``cancelation_days_before``
  days before it takes effect, at ``send_time`` in the studio's zone; only if the bot knew of
  the cancelation before that moment (no reminder for a cancelation made three days ahead).
- Trial: a booked trial -> due ``trial_days_before`` days before its last free day.
- Viewed: a module looked at in the chat by a member who said yes to offers -> due
  ``viewed_followup_hours`` later, unless it was bought meanwhile; one follow-up per member
  and module, ever.
- Campaign: expanded at its time into one row per linked member who said yes to offers and
  is reachable, whose contract is checked at send time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from bot.app.reminders._changes import ACTIVE, CANCELED, PENDING_VERIFICATION
from bot.app.reminders._quiet import local_moment
from bot.app.reminders._rules import (
    Rule,
    campaign_key,
    cancelation_key,
    trial_key,
    viewed_key,
)
from bot.config import Settings, StudioSettings
from bot.store import Campaign, ChatLink, ContractSnapshot, ReminderRow
from bot.store.protocols import StoreAPI
from conversations.consent import Purpose, chat_refusal

VIEWED_EVENT = "module_viewed"
PURCHASED_EVENT = "purchased"
VIEWED_LOOKBACK = timedelta(days=7)
"""How long after its due time a missed viewed follow-up is still planned."""


@dataclass(frozen=True)
class PlannedReminder:
    """A reminder the facts call for; queued unless its key is already in the outbox."""

    key: str
    rule: Rule
    studio: str
    platform: str
    chat_id: str
    customer_id: int
    due_at: datetime
    payload: dict[str, Any]


class Planner:
    def __init__(self, store: StoreAPI, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self.rules = settings.reminders

    # --- planning ----------------------------------------------------------------------

    async def plan(self, now: datetime) -> int:
        """Queue every reminder the facts call for that is not queued yet; returns how many."""
        planned = await self.from_snapshots(now) + await self.from_views(now)
        queued = await self.enqueue(planned, now)
        for campaign in await self.store.due_campaigns(now):
            queued += await self.expand(campaign, now)
        return queued

    async def plan_snapshot(self, snapshot: ContractSnapshot, now: datetime) -> int:
        return await self.enqueue(self.for_snapshot(snapshot, now), now)

    async def enqueue(self, planned: Sequence[PlannedReminder], now: datetime) -> int:
        known = await self.store.known_reminder_keys(p.key for p in planned)
        fresh = [_outbox_row(item) for item in planned if item.key not in known]
        return await self.store.enqueue_reminders(fresh, now) if fresh else 0

    async def expand(self, campaign: Campaign, now: datetime) -> int:
        """Fan a due campaign out into outbox rows, exactly once across processes."""
        if not self.rules.rule_enabled(Rule.CAMPAIGN):
            return 0
        rows = [_outbox_row(item) for item in await self.campaign_rows(campaign)]
        return await self.store.expand_campaign(campaign.id, rows, now)

    # --- what the facts call for -------------------------------------------------------

    async def from_snapshots(self, now: datetime) -> list[PlannedReminder]:
        planned: list[PlannedReminder] = []
        for snapshot in await self.store.contract_snapshots():
            planned += self.for_snapshot(snapshot, now)
        return planned

    def for_snapshot(self, snapshot: ContractSnapshot, now: datetime) -> list[PlannedReminder]:
        studio = self._studio(snapshot.studio)
        if studio is None:
            return []
        today = now.astimezone(studio.zone).date()
        planned = []
        for module in snapshot.modules:
            if module.contract_status != ACTIVE:
                continue
            payload = {
                "module": module.name,
                "module_contract_id": module.module_contract_id,
                "contract_id": snapshot.contract_id,
            }
            ends = module.cancelation_date
            if (
                self.rules.rule_enabled(Rule.CANCELATION)
                and module.cancelation_status in (PENDING_VERIFICATION, CANCELED)
                and module.withdrawable
                and ends is not None
                and ends >= today
            ):
                due = self._day_before(ends, self.rules.cancelation_days_before, studio)
                if due >= module.changed_at:
                    key = cancelation_key(
                        snapshot.studio, snapshot.customer_id, module.module_contract_id, ends
                    )
                    planned.append(self._row(key, Rule.CANCELATION, snapshot, due, payload, ends))
            trial_end = module.trial_end
            if (
                self.rules.rule_enabled(Rule.TRIAL)
                and trial_end is not None
                and module.cancelation_status is None
                and trial_end >= today
            ):
                due = self._day_before(trial_end, self.rules.trial_days_before, studio)
                if due >= module.changed_at:
                    key = trial_key(
                        snapshot.studio, snapshot.customer_id, module.module_contract_id, trial_end
                    )
                    planned.append(self._row(key, Rule.TRIAL, snapshot, due, payload, trial_end))
        return planned

    async def from_views(self, now: datetime) -> list[PlannedReminder]:
        if not self.rules.rule_enabled(Rule.VIEWED):
            return []
        delay = timedelta(hours=self.rules.viewed_followup_hours)
        since = now - delay - VIEWED_LOOKBACK
        bought = {
            (r.studio, r.customer_id, r.module_id)
            for r in await self.store.funnel_records(PURCHASED_EVENT, since)
        }
        links = {(link.platform, link.chat_id): link for link in await self.store.all_links()}
        planned = []
        for view in await self.store.funnel_records(VIEWED_EVENT, since):
            if view.platform is None or view.chat_id is None or view.module_id is None:
                continue
            link = links.get((view.platform, view.chat_id))
            if link is None or link.customer_id != view.customer_id or link.contract_id is None:
                continue
            if chat_refusal(link, Purpose.MARKETING):
                continue  # no yes, no follow-up (checked again right before sending)
            if (view.studio, view.customer_id, view.module_id) in bought:
                continue
            planned.append(
                PlannedReminder(
                    key=viewed_key(view.studio, link.customer_id, view.module_id),
                    rule=Rule.VIEWED,
                    studio=view.studio,
                    platform=link.platform,
                    chat_id=link.chat_id,
                    customer_id=link.customer_id,
                    due_at=view.at + delay,
                    payload={
                        "module": view.module_name or "",
                        "module_id": view.module_id,
                        "contract_id": link.contract_id,
                    },
                )
            )
        return planned

    async def campaign_rows(self, campaign: Campaign) -> list[PlannedReminder]:
        """One row per member of the studio who may get it now (newest linked chat)."""
        chosen: dict[int, ChatLink] = {}
        for link in await self.store.all_links(campaign.studio):
            if link.contract_id is None or chat_refusal(link, Purpose.MARKETING):
                continue
            current = chosen.get(link.customer_id)
            if current is None or link.linked_at > current.linked_at:
                chosen[link.customer_id] = link
        return [
            PlannedReminder(
                key=campaign_key(campaign.id, campaign.studio, link.customer_id),
                rule=Rule.CAMPAIGN,
                studio=campaign.studio,
                platform=link.platform,
                chat_id=link.chat_id,
                customer_id=link.customer_id,
                due_at=campaign.at,
                payload={
                    "campaign_id": campaign.id,
                    "module": campaign.module_name,
                    "module_id": campaign.module_id,
                    "contract_id": link.contract_id,
                },
            )
            for link in chosen.values()
        ]

    # --- helpers -----------------------------------------------------------------------

    def _studio(self, name: str) -> StudioSettings | None:
        try:
            return self.settings.studio(name)
        except KeyError:
            return None

    def _day_before(self, day: date, days: int, studio: StudioSettings) -> datetime:
        return local_moment(day - timedelta(days=days), self.rules.send_time, studio)

    @staticmethod
    def _row(
        key: str,
        rule: Rule,
        snapshot: ContractSnapshot,
        due: datetime,
        payload: dict[str, Any],
        on: date,
    ) -> PlannedReminder:
        return PlannedReminder(
            key=key,
            rule=rule,
            studio=snapshot.studio,
            platform=snapshot.platform,
            chat_id=snapshot.chat_id,
            customer_id=snapshot.customer_id,
            due_at=due,
            payload={**payload, "date": on.isoformat()},
        )


def _outbox_row(item: PlannedReminder) -> ReminderRow:
    return ReminderRow(
        key=item.key,
        rule=item.rule.value,
        studio=item.studio,
        platform=item.platform,
        chat_id=item.chat_id,
        customer_id=item.customer_id,
        due_at=item.due_at,
        payload=item.payload,
    )
