"""Price schedules in words: every step, always with its period, in German and English.

One renderer for every place a price appears (offers, details, the booking summary and its
button, receipts, My modules, reminders, the staff desk), so nobody is ever shown the first
price of a schedule as if it were the whole price. The five vendor types:

- FREE: ``free of charge``
- NON_RECURRING: ``€49.00 once``
- RECURRING: ``€9.90/month``, ``€49.00 every 12 months``
- TERM_BASED (a price applies once its term has passed): ``€19.90/month for 3 months, then
  €24.90/month``; with the day payment starts: ``€19.90/month until 28 Feb 2027, then
  €24.90/month``
- MONTH_DAY (seasonal): ``€12.00/month from 1 Oct to 31 Mar, €8.00/month from 1 Apr to 30 Sep``
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any

from conversations.formatting import add_term, day, money, month_day, term
from conversations.texts import text

_MONTHS_PER_UNIT = {
    "DAY": Decimal(12) / Decimal(365),
    "WEEK": Decimal(12) / Decimal(52),
    "MONTH": Decimal(1),
    "YEAR": Decimal(12),
}
_PAY_EVERY_ONE = {
    "DAY": "pay_daily",
    "WEEK": "pay_weekly",
    "MONTH": "pay_monthly",
    "YEAR": "pay_yearly",
}
FREE = "FREE"
ONCE = "NON_RECURRING"
RECURRING = "RECURRING"
SEASONAL = "MONTH_DAY"
STEPPED = "TERM_BASED"


@dataclass(frozen=True, slots=True)
class Period:
    """A length as the vendor spells it: ``{value, unit}``."""

    value: int
    unit: str

    @property
    def months(self) -> Decimal:
        return _MONTHS_PER_UNIT.get(self.unit, Decimal(1)) * self.value


@dataclass(frozen=True, slots=True)
class Step:
    """One price of a schedule and when it applies."""

    amount: Decimal
    currency: str
    after: Period | None = None
    """TERM_BASED: the price applies once this much of the contract has passed."""
    from_day: tuple[int, int] | None = None
    """MONTH_DAY: (month, day) of the year from which the price applies."""


@dataclass(frozen=True, slots=True)
class Schedule:
    """What a payment option costs over time, whatever the vendor type."""

    kind: str
    period: Period | None
    """How often a recurring price is charged (None: once, free, or unknown)."""
    steps: tuple[Step, ...]

    @classmethod
    def of(cls, frequency: Any) -> Schedule:
        """From a vendor payment frequency (module offer or a module contract's price details)."""
        kind = str(getattr(frequency, "type", "") or "")
        raw_term = getattr(frequency, "term", None)
        period = Period(raw_term.value, str(raw_term.unit)) if raw_term is not None else None
        price = getattr(frequency, "price", None)
        steps: list[Step] = []
        if kind == SEASONAL:
            for entry in getattr(frequency, "monthDaysToPrices", None) or []:
                month, day_of_month = entry.monthDay.monthValue, entry.monthDay.dayOfMonth
                if month and day_of_month:
                    steps.append(_step(entry.price, from_day=(month, day_of_month)))
            steps.sort(key=lambda s: s.from_day or (0, 0))
        elif kind == STEPPED:
            entries = sorted(
                getattr(frequency, "termsToPrices", None) or [],
                key=lambda e: Period(e.term.value, str(e.term.unit)).months,
            )
            if price is not None and not any(e.term.value == 0 for e in entries):
                steps.append(_step(price))
            for entry in entries:
                after = Period(entry.term.value, str(entry.term.unit))
                steps.append(_step(entry.price, after=after if after.value else None))
        elif price is not None:
            steps.append(_step(price))
        if kind == RECURRING and period is None:
            period = Period(1, "MONTH")
        return cls(kind, period if kind not in (FREE, ONCE) else None, tuple(steps))

    @property
    def free(self) -> bool:
        return self.kind == FREE or (bool(self.steps) and all(s.amount == 0 for s in self.steps))

    @property
    def once(self) -> bool:
        return self.kind == ONCE

    @property
    def changes(self) -> bool:
        """True when the price is not the same all the time (TERM_BASED or seasonal steps)."""
        return len({(s.amount, s.currency) for s in self.steps}) > 1

    def price_on(self, paid_from: date, when: date) -> Step | None:
        """The price charged on ``when`` for a contract paid from ``paid_from``."""
        if not self.steps:
            return None
        if self.kind == SEASONAL:
            current = self.steps[-1]
            for step in self.steps:
                if (step.from_day or (1, 1)) <= (when.month, when.day):
                    current = step
            return current
        current = self.steps[0]
        for step in self.steps[1:]:
            if (
                step.after is not None
                and add_term(paid_from, step.after.value, step.after.unit) <= when
            ):
                current = step
        return current

    def monthly(self, step: Step | None = None) -> Decimal:
        """What a recurring price adds per month (staff revenue figures); one-off adds 0."""
        chosen = step or (self.steps[0] if self.steps else None)
        if chosen is None or self.period is None or self.once or self.period.value <= 0:
            return Decimal(0)
        return (chosen.amount / self.period.months).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _step(price: Any, **where: Any) -> Step:
    return Step(Decimal(str(price.amount)), str(price.currency), **where)


# --- words ---------------------------------------------------------------------------------


def amount_text(schedule: Schedule, step: Step, language: str) -> str:
    """One price with how often it is charged: ``9,90 €/Monat``, ``€49.00 once``."""
    if step.amount == 0:
        return text("price_free", language)
    shown = money(step.amount, step.currency, language)
    if schedule.once:
        return text("price_once", language, price=shown)
    period = schedule.period
    if period is None:
        return shown
    if period.value == 1:
        return text(
            "price_per_unit",
            language,
            price=shown,
            unit=text(f"unit_{period.unit.lower()}", language),
        )
    return text(
        "price_every", language, price=shown, term=term(period.value, period.unit, language)
    )


@lru_cache(maxsize=4096)
def schedule_text(
    schedule: Schedule,
    language: str,
    *,
    paid_from: date | None = None,
    trial_until: date | None = None,
) -> str:
    """The whole price schedule in one line, every step with its period.

    With ``paid_from`` (the first paid day) TERM_BASED steps get their dates; with
    ``trial_until`` the free trial comes first.
    """
    if schedule.free:
        return text("price_free", language)
    if not schedule.steps:
        return text("price_on_request", language)
    if schedule.kind == SEASONAL:
        body = _seasonal(schedule, language)
    elif schedule.kind == STEPPED and schedule.changes:
        body = _stepped(schedule, language, paid_from)
    else:
        body = amount_text(schedule, schedule.steps[0], language)
    if trial_until is not None:
        return text("price_after_trial", language, date=day(trial_until, language), price=body)
    return body


def payment_text(schedule: Schedule, language: str) -> str:
    """How often the member pays (the payment option): ``monthly``, ``every 12 months``."""
    if schedule.free:
        return text("pay_none", language)
    if schedule.once:
        return text("pay_once", language)
    period = schedule.period
    if period is None:
        return text("pay_unknown", language)
    if period.value == 1 and period.unit in _PAY_EVERY_ONE:
        return text(_PAY_EVERY_ONE[period.unit], language)
    return text("pay_every", language, term=term(period.value, period.unit, language))


@lru_cache(maxsize=4096)
def button_text(schedule: Schedule, language: str, *, when: date | None = None) -> str:
    """A price short enough for a button: the first price, and ``then …`` if it changes."""
    if schedule.free:
        return text("price_free", language)
    step = schedule.price_on(when, when) if when is not None else None
    if step is None and schedule.steps:
        step = schedule.steps[0]
    if step is None:
        return text("price_on_request", language)
    first = amount_text(schedule, step, language)
    return text("price_then_more", language, price=first) if schedule.changes else first


def _stepped(schedule: Schedule, language: str, paid_from: date | None) -> str:
    steps = schedule.steps
    parts: list[str] = []
    for index, step in enumerate(steps):
        shown = amount_text(schedule, step, language)
        following = steps[index + 1] if index + 1 < len(steps) else None
        if following is None or following.after is None:
            parts.append(shown)
            continue
        if paid_from is not None:
            last = add_term(paid_from, following.after.value, following.after.unit) - timedelta(1)
            parts.append(text("price_until", language, price=shown, date=day(last, language)))
            continue
        length = _difference(step.after, following.after)
        if length is None:
            ends = term(following.after.value, following.after.unit, language, dative=True)
            parts.append(text("price_until_term", language, price=shown, term=ends))
        else:
            parts.append(
                text(
                    "price_for_term",
                    language,
                    price=shown,
                    term=term(length.value, length.unit, language),
                )
            )
    return text("price_then_join", language).join(parts)


def _difference(start: Period | None, end: Period) -> Period | None:
    """``end - start`` when both are in the same unit (years count as 12 months), or
    ``end`` when start is the beginning."""
    if start is None:
        return end
    if start.unit != end.unit:
        start, end = _months(start), _months(end)
    if start.unit != end.unit or end.value <= start.value:
        return None
    return Period(end.value - start.value, end.unit)


def _months(period: Period) -> Period:
    return Period(period.value * 12, "MONTH") if period.unit == "YEAR" else period


def _seasonal(schedule: Schedule, language: str) -> str:
    """Seasons merged across the turn of the year: ``from 1 Oct to 31 Mar``."""
    steps = list(schedule.steps)
    if len(steps) > 1 and steps[0].from_day == (1, 1) and _same_price(steps[0], steps[-1]):
        steps = [steps[-1], *steps[1:-1]]  # the last season runs on over New Year
    seasons = []
    for index, step in enumerate(steps):
        start = step.from_day or (1, 1)
        following = steps[(index + 1) % len(steps)]
        end = _day_before(following.from_day or (1, 1))
        if len(steps) == 1:
            seasons.append(amount_text(schedule, step, language))
            continue
        seasons.append(
            text(
                "price_season",
                language,
                price=amount_text(schedule, step, language),
                start=month_day(*start, language),
                end=month_day(*end, language),
            )
        )
    return ", ".join(seasons)


def _same_price(a: Step, b: Step) -> bool:
    return (a.amount, a.currency) == (b.amount, b.currency)


def _day_before(month_and_day: tuple[int, int]) -> tuple[int, int]:
    before = date(2001, *month_and_day) - timedelta(days=1)  # a year without 29 Feb
    return before.month, before.day


__all__ = [
    "Period",
    "Schedule",
    "Step",
    "amount_text",
    "button_text",
    "payment_text",
    "schedule_text",
]
