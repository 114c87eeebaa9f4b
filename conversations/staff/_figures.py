"""Upsell figures of one studio for a period, from the funnel events the member flows record.

Honest money: "monthly recurring revenue added" counts recurring prices that are paid (a
booking without trial at once; a trial only once it turns paid, on its first paid day),
less the monthly price of module contracts canceled in the period (nothing for one that ends
within its trial). One-off payments are summed apart; free bookings add nothing. What trials
booked in the period will add once they turn paid is shown apart as "after trial".

``weeks`` splits the net monthly recurring revenue added by studio-local calendar week
(Monday first) and module: a booking counts in the week it was made, a trial in the week of
its first paid day, a cancelation (negative) in the week it was made.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from bot.store import FunnelCounts, FunnelEvent, FunnelRecord, PurchaseKind
from bot.store.protocols import CampaignStore, FiguresStore

Amounts = dict[str, Decimal]
"""Money per currency."""

PERSONAL_OFFER = FunnelEvent.OFFER_SENT.value


@dataclass(frozen=True)
class ModuleFigures:
    """One module's funnel: how often it was put in front of members, and what it sold."""

    module_id: int
    name: str
    views: int
    offers: int
    """Personal offers staff sent of it."""
    purchases: int
    monthly: Amounts = field(default_factory=dict)
    """Net monthly recurring revenue it added."""

    @property
    def shown(self) -> int:
        return self.views + self.offers

    @property
    def conversion(self) -> float | None:
        """Purchases per time it was shown (module views and personal offers)."""
        return self.purchases / self.shown if self.shown else None


@dataclass(frozen=True)
class WeekFigures:
    """Net monthly recurring revenue added in one calendar week, per module name."""

    start: date
    """The Monday the week starts on (studio time)."""
    modules: dict[str, Amounts] = field(default_factory=dict)

    @property
    def total(self) -> Amounts:
        return _sum(*self.modules.values())


@dataclass(frozen=True)
class StudioStats:
    """Upsell figures of one studio for the last ``days`` days."""

    studio: str
    days: int
    since: datetime
    until: datetime
    counts: FunnelCounts
    purchases: dict[PurchaseKind, int] = field(default_factory=dict)
    recurring_paid: Amounts = field(default_factory=dict)
    """Monthly prices of bookings paid from their first day."""
    recurring_from_trials: Amounts = field(default_factory=dict)
    """Monthly prices of trials that turned paid in the period."""
    recurring_lost: Amounts = field(default_factory=dict)
    """Monthly prices of module contracts canceled in the period."""
    one_off: Amounts = field(default_factory=dict)
    after_trial: Amounts = field(default_factory=dict)
    """Monthly prices of trials booked in the period that are still in their trial."""
    reasons: list[tuple[str | None, int]] = field(default_factory=list)
    """Cancelations per reason (None: none given or known), most frequent first."""
    modules: list[ModuleFigures] = field(default_factory=list)
    weeks: list[WeekFigures] = field(default_factory=list)
    """Every calendar week of the period, oldest first (weeks without change included)."""

    @property
    def purchase_count(self) -> int:
        return sum(self.purchases.values())

    @property
    def recurring_net(self) -> Amounts:
        return _sum(self.recurring_paid, self.recurring_from_trials, _negative(self.recurring_lost))

    @property
    def personal_offers(self) -> int:
        """Personal offers staff sent that reached a member's chat."""
        return self.counts.count(PERSONAL_OFFER)

    @property
    def conversion(self) -> float | None:
        """Purchases per offer list shown (``None`` when none was shown)."""
        return self.counts.conversion


async def studio_stats(
    store: FiguresStore, studio: str, days: int, until: datetime, zone: ZoneInfo
) -> StudioStats:
    """The figures for the ``days`` days before ``until`` (studio-local calendar days for
    trials turning paid)."""
    since = until - timedelta(days=days)
    end = until + timedelta(microseconds=1)  # what happened at ``until`` itself counts
    counts = await store.funnel_counts(studio, since, end)
    bought = await store.funnel_records(FunnelEvent.PURCHASED, since, end, studio=studio)
    canceled = await store.funnel_records(FunnelEvent.CANCELED, since, end, studio=studio)
    ended_in_trial = await store.module_contracts_canceled_in_trial(studio, end)
    first_day = since.astimezone(zone).date() + timedelta(days=1)
    last_day = until.astimezone(zone).date()
    turned = [
        r
        for r in await store.trials_turning_paid(studio, first_day, last_day, booked_before=end)
        if r.module_contract_id not in ended_in_trial
    ]
    kinds = Counter(kind_of(r) for r in bought)
    paid = [r for r in bought if kind_of(r) is PurchaseKind.PAID]
    waiting = [
        r
        for r in bought
        if kind_of(r) is PurchaseKind.TRIAL
        and r.module_contract_id not in ended_in_trial
        and (r.purchase is None or r.purchase.paid_from is None or r.purchase.paid_from > last_day)
    ]
    lost = await _lost(store, studio, canceled)
    weeks = _weeks(since, until, zone, paid, turned, lost)
    per_module: dict[int, list[Amounts]] = defaultdict(list)
    for records, sign in ((paid, 1), (turned, 1)):
        for r in records:
            if r.module_id is not None:
                per_module[r.module_id].append(_monthly([r], sign))
    for loss in lost:
        if loss.module_id is not None:
            per_module[loss.module_id].append({loss.currency: -loss.amount})
    return StudioStats(
        studio=studio,
        days=days,
        since=since,
        until=until,
        counts=counts,
        purchases=dict(kinds),
        recurring_paid=_monthly(paid),
        recurring_from_trials=_monthly(turned),
        recurring_lost=_sum(*({loss.currency: loss.amount} for loss in lost)),
        one_off=_one_off(bought),
        after_trial=_monthly(waiting),
        reasons=Counter(
            r.cancelation.reason if r.cancelation else None for r in canceled
        ).most_common(),
        modules=_modules(counts, per_module),
        weeks=weeks,
    )


def kind_of(record: FunnelRecord) -> PurchaseKind:
    """How a booking counts; older rows without facts: paid when they add money, else free."""
    if record.purchase is not None:
        return record.purchase.kind
    return PurchaseKind.PAID if record.amount else PurchaseKind.FREE


async def _lost(store: CampaignStore, studio: str, canceled: list[FunnelRecord]) -> list[_Loss]:
    """Each cancelation with the monthly price it loses (the booking's, if it was not read)."""
    unread = [r.module_contract_id for r in canceled if r.amount is None and r.module_contract_id]
    booked = await store.purchased_monthly(studio, unread) if unread else {}
    lost = []
    for r in canceled:
        if r.cancelation is not None and r.cancelation.in_trial:
            continue
        amount, currency = r.amount, r.currency
        if amount is None and r.module_contract_id in booked:
            amount, currency = booked[r.module_contract_id]
        if amount:
            name = r.module_name or (f"#{r.module_id}" if r.module_id is not None else "?")
            lost.append(_Loss(r.module_id, currency or "EUR", amount, r.at, name))
    return lost


@dataclass(frozen=True)
class _Loss:
    module_id: int | None
    currency: str
    amount: Decimal
    at: datetime
    name: str


def _weeks(
    since: datetime,
    until: datetime,
    zone: ZoneInfo,
    paid: list[FunnelRecord],
    turned: list[FunnelRecord],
    lost: list[_Loss],
) -> list[WeekFigures]:
    """Net monthly recurring revenue added per studio-local week and module (see above)."""

    def monday(day: date) -> date:
        return day - timedelta(days=day.weekday())

    first = monday(since.astimezone(zone).date())
    last = monday(until.astimezone(zone).date())
    parts: dict[date, dict[str, list[Amounts]]] = defaultdict(lambda: defaultdict(list))

    def name(r: FunnelRecord) -> str:
        return r.module_name or (f"#{r.module_id}" if r.module_id is not None else "?")

    for r in paid:
        parts[monday(r.at.astimezone(zone).date())][name(r)].append(_monthly([r]))
    for r in turned:
        paid_from = r.purchase.paid_from if r.purchase is not None else None
        day = paid_from or r.at.astimezone(zone).date()
        parts[monday(day)][name(r)].append(_monthly([r]))
    for loss in lost:
        parts[monday(loss.at.astimezone(zone).date())][loss.name].append(
            {loss.currency: -loss.amount}
        )
    weeks = []
    start = first
    while start <= last:
        modules = {module: _sum(*amounts) for module, amounts in parts[start].items()}
        weeks.append(WeekFigures(start, {m: a for m, a in sorted(modules.items()) if a}))
        start += timedelta(days=7)
    return weeks


def _monthly(records: list[FunnelRecord], sign: int = 1) -> Amounts:
    return _sum(*({r.currency or "EUR": sign * (r.amount or Decimal(0))} for r in records))


def _one_off(records: list[FunnelRecord]) -> Amounts:
    return _sum(
        *(
            {r.currency or "EUR": r.purchase.one_off}
            for r in records
            if r.purchase is not None and r.purchase.one_off
        )
    )


def _sum(*amounts: Amounts) -> Amounts:
    total: Amounts = defaultdict(Decimal)
    for part in amounts:
        for currency, amount in part.items():
            total[currency] += amount
    return {c: v for c, v in total.items() if v}


def _negative(amounts: Amounts) -> Amounts:
    return {currency: -amount for currency, amount in amounts.items()}


def _modules(counts: FunnelCounts, money: dict[int, list[Amounts]]) -> list[ModuleFigures]:
    rows = [
        ModuleFigures(
            module_id=m.module_id,
            name=m.module_name or f"#{m.module_id}",
            views=m.counts.get(FunnelEvent.MODULE_VIEWED.value, 0),
            offers=m.counts.get(PERSONAL_OFFER, 0),
            purchases=m.counts.get(FunnelEvent.PURCHASED.value, 0),
            monthly=_sum(*money.get(m.module_id, [])),
        )
        for m in counts.by_module
    ]
    return sorted(rows, key=lambda m: (-m.purchases, -m.shown, m.name))
