"""The reminder side of a running bot: contract watch, planner and sender, and their two loops.

One ``Reminders`` per running bot (built by the composition root), shared by the webhook
receiver (which reports contract changes) and the reminders component (which runs the loops):

- watch loop: refreshes customers the engine just acted for (purchase, cancelation,
  withdrawal, link: the engine's staff events) and, within the API budget, members whose
  snapshot is older than ``refresh_after_hours``; plans reminders.
- sender loop: sends due outbox rows; wakes when something new is due now.

A refresh turns changes the bot did not make into news for the member (an outbox row, so
consent, quiet hours and at-most-once apply) and a ``CONTRACT_CHANGED`` staff event.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.app.reminders._budget import ApiBudget
from bot.app.reminders._changes import Change
from bot.app.reminders._planner import Planner
from bot.app.reminders._rules import Rule, change_key
from bot.app.reminders._sender import Sender, SendReport
from bot.app.reminders._watch import ContractWatch, LinkRefresh
from bot.clock import Clock
from bot.config import Settings
from bot.loops import BackgroundLoop
from bot.perfectgym import PerfectGymError
from bot.store import ContractSnapshot
from conversations import Engine, Services
from conversations.events import StaffEvent, StaffEventKind
from conversations.ports import Channels

log = logging.getLogger("bot.app.reminders")

_REFRESH_ON = frozenset(
    {
        StaffEventKind.PURCHASE,
        StaffEventKind.CANCELATION,
        StaffEventKind.WITHDRAWAL,
        StaffEventKind.LINKED,
    }
)


@dataclass(frozen=True)
class RefreshSummary:
    """What a refresh of one customer did, for the webhook inbox's ``detail``."""

    chats: int
    changes: int
    told: int

    def describe(self) -> str:
        return f"{self.chats} chat(s) refreshed, {self.changes} change(s), {self.told} told"


class Reminders:
    """Contract watch, planner and sender of one running bot."""

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
    ) -> None:
        rules = settings.reminders
        self.services = services
        self.rules = rules
        self.clock = clock or services.clock
        self.budget = budget or ApiBudget(rules.api_calls_per_minute)
        self.watch = ContractWatch(services.store, services.studios, self.clock, self.budget)
        self.planner = Planner(services.store, settings)
        self.sender = Sender(
            settings,
            services,
            engine,
            channels,
            clock=self.clock,
            budget=self.budget,
            concurrency=concurrency,
        )
        # The loops pause on the system clock: a FakeClock's sleep would not wait at all.
        self.watch_loop = BackgroundLoop(
            "reminders-watch",
            self.watch_round,
            interval=rules.interval_seconds,
            logger=log,
            failure="reminder planning failed; trying again later",
        )
        self.send_loop = BackgroundLoop(
            "reminders-sender",
            self.send_round,
            interval=rules.interval_seconds,
            logger=log,
            failure="sending reminders failed; trying again later",
        )
        self._last_sweep: float | None = None
        self._requests: dict[tuple[str, int], set[int]] = {}
        self._attempted: dict[tuple[str, str], datetime] = {}
        self._plan_soon = True

    # --- contract changes ---------------------------------------------------------------

    async def on_staff_event(self, event: StaffEvent) -> None:
        """Engine event listener: the bot acted for a member, so look again (in the loop)."""
        if event.kind in _REFRESH_ON and event.customer_id is not None:
            wanted = self._requests.setdefault((event.studio, event.customer_id), set())
            if event.module_contract_id is not None:
                wanted.add(event.module_contract_id)
            self.watch_loop.wake()

    async def contract_event(
        self, studio: str, customer_id: int, *, module_contract_ids: Collection[int] = ()
    ) -> RefreshSummary:
        """Refresh a customer's linked chats, tell what changed, plan reminders.

        PerfectGym errors propagate (the caller retries later).
        """
        refreshed = await self.watch.refresh(
            studio, customer_id, module_contract_ids=module_contract_ids
        )
        return await self.absorb(refreshed)

    async def absorb(self, refreshed: list[LinkRefresh]) -> RefreshSummary:
        now = self.clock.now()
        told = changes = 0
        published: set[tuple[int, str, str]] = set()
        for item in refreshed:
            for change in item.changes:
                changes += 1
                if await self._tell(item, change, now):
                    told += 1
                key = (change.module_contract_id, change.kind.value, change.state)
                if key not in published:
                    published.add(key)
                    await self.services.events.publish(self._staff_event(item, change))
            await self.planner.plan_snapshot(_as_snapshot(item, now), now)
            self._attempted.pop((item.link.platform, item.link.chat_id), None)
        self.send_loop.wake()
        return RefreshSummary(len(refreshed), changes, told)

    async def _tell(self, item: LinkRefresh, change: Change, now: datetime) -> bool:
        if not change.kind.told_to_member or not self.rules.rule_enabled(Rule.CONTRACT_CHANGE):
            return False
        link = item.link
        since = item.since.isoformat() if item.since else "-"
        return await self.services.store.enqueue_reminder(
            change_key(
                link.platform,
                link.chat_id,
                change.module_contract_id,
                change.kind.value,
                f"{change.state}@{since}",
            ),
            rule=Rule.CONTRACT_CHANGE.value,
            studio=link.studio,
            platform=link.platform,
            chat_id=link.chat_id,
            customer_id=link.customer_id,
            due_at=now,
            payload={
                "change": change.kind.value,
                "module": change.module,
                "module_contract_id": change.module_contract_id,
                "contract_id": link.contract_id,
                "date": change.date.isoformat() if change.date else None,
                "withdrawable": change.withdrawable,
            },
            now=now,
        )

    def _staff_event(self, item: LinkRefresh, change: Change) -> StaffEvent:
        detail = {"change": change.kind.value}
        if change.date is not None:
            detail["date"] = change.date.isoformat()
        return StaffEvent(
            kind=StaffEventKind.CONTRACT_CHANGED,
            studio=item.link.studio,
            at=self.clock.now(),
            customer_id=item.link.customer_id,
            customer_number=item.link.customer_number,
            contract_id=item.link.contract_id,
            module_name=change.module,
            module_contract_id=change.module_contract_id,
            status=change.kind.staff_phrase,
            detail=detail,
        )

    # --- the watch loop's work ----------------------------------------------------------

    async def refresh_requested(self) -> int:
        """Refresh the customers the engine acted for since the last call."""
        requests, self._requests = self._requests, {}
        done = 0
        for (studio, customer_id), module_contract_ids in requests.items():
            if await self._safely(studio, customer_id, module_contract_ids):
                done += 1
        return done

    async def sweep(self, limit: int | None = None) -> int:
        """Refresh members whose snapshot is missing or old, within the API budget."""
        now = self.clock.now()
        rules = self.rules
        if limit is None:
            limit = max(1, int(rules.api_calls_per_minute * rules.interval_seconds / 60 / 4))
        older_than = now - timedelta(hours=rules.refresh_after_hours)
        customers: dict[tuple[str, int], None] = {}
        for link in await self.services.store.links_to_refresh(older_than, limit * 4):
            tried = self._attempted.get((link.platform, link.chat_id))
            if tried is not None and tried > older_than:
                continue
            self._attempted[(link.platform, link.chat_id)] = now
            customers[(link.studio, link.customer_id)] = None
            if len(customers) >= limit:
                break
        done = 0
        for studio, customer_id in customers:
            if await self._safely(studio, customer_id, ()):
                done += 1
        return done

    async def _safely(
        self, studio: str, customer_id: int, module_contract_ids: Collection[int]
    ) -> bool:
        try:
            await self.contract_event(studio, customer_id, module_contract_ids=module_contract_ids)
        except PerfectGymError as exc:
            log.warning("could not refresh a customer of %s: %s", studio, type(exc).__name__)
            return False
        return True

    async def plan(self) -> int:
        queued = await self.planner.plan(self.clock.now())
        if queued:
            self.send_loop.wake()
        return queued

    async def send_due(self, *, limit: int | None = None) -> SendReport:
        return await self.sender.send_due(limit=limit)

    def wake(self) -> None:
        self.send_loop.wake()

    def plan_soon(self) -> None:
        """Plan at the watch loop's next turn (a campaign was just scheduled)."""
        self._plan_soon = True
        self.watch_loop.wake()

    # --- loops ---------------------------------------------------------------------------

    async def start(self) -> None:
        """Start the watch and sender loops (sweeping at once); the reminders component does."""
        self._last_sweep = None
        await self.watch_loop.start()
        await self.send_loop.start()

    async def stop(self) -> None:
        """Let both loops finish what they are doing (a send in flight ends normally)."""
        await asyncio.gather(self.watch_loop.stop(), self.send_loop.stop())

    async def watch_round(self) -> None:
        await self.refresh_requested()
        now = self.clock.monotonic()
        if self._last_sweep is None or now - self._last_sweep >= self.rules.interval_seconds:
            self._last_sweep = now
            await self.sweep()
            self._plan_soon = True
        if self._plan_soon:  # reads every snapshot: once per interval, or when asked
            self._plan_soon = False
            await self.plan()

    async def send_round(self) -> float:
        """Send what is due; the seconds until the next row is due (at most the interval)."""
        report = await self.send_due()
        if report.sent:
            log.info("%d reminder(s) sent", report.sent)
        interval = self.rules.interval_seconds
        due = await self.sender.next_due()
        if due is None:
            return interval
        return min(interval, max(0.05, (due - self.clock.now()).total_seconds()))


def _as_snapshot(item: LinkRefresh, now: datetime) -> ContractSnapshot:
    link = item.link
    assert link.contract_id is not None
    return ContractSnapshot(
        platform=link.platform,
        chat_id=link.chat_id,
        studio=link.studio,
        customer_id=link.customer_id,
        contract_id=link.contract_id,
        taken_at=now,
        modules=item.modules,
    )
