"""Money, dates, terms and prices in the member's language, through Babel."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from babel.dates import format_date, format_skeleton
from babel.numbers import format_currency
from babel.units import format_unit

from conversations.texts import text

LOCALES = {"de": "de_DE", "en": "en_GB"}
_UNITS = {
    "DAY": "duration-day",
    "WEEK": "duration-week",
    "MONTH": "duration-month",
    "YEAR": "duration-year",
}
_MONTHS_PER_UNIT = {
    "DAY": Decimal(12) / Decimal(365),
    "WEEK": Decimal(12) / Decimal(52),
    "MONTH": Decimal(1),
    "YEAR": Decimal(12),
}


def locale_of(language: str) -> str:
    return LOCALES.get(language, LOCALES["en"])


def money(amount: Decimal | float | int, currency: str, language: str) -> str:
    """``9,90 €`` in German, ``€9.90`` in English."""
    return format_currency(Decimal(str(amount)), currency, locale=locale_of(language))


def day(value: date, language: str) -> str:
    """A calendar date as members read it: ``27.11.2026`` / ``27 Nov 2026``."""
    return format_date(value, "medium", locale=locale_of(language))


def month_day(month: int, day_of_month: int, language: str) -> str:
    """A day in the year without the year: ``1. Juni`` / ``1 Jun``."""
    return format_skeleton("MMMd", date(2000, month, day_of_month), locale=locale_of(language))


def term(value: int, unit: str, language: str) -> str:
    """A duration: ``12 Monate`` / ``2 weeks``."""
    unit_name = _UNITS.get(str(unit), "duration-month")
    return format_unit(value, unit_name, length="long", locale=locale_of(language))


def per_term(value: int, unit: str, language: str) -> str:
    """How often a price is charged: ``per month`` / ``alle 2 Wochen``."""
    unit = str(unit)
    if value == 1:
        return text(f"per_{unit.lower()}", language)
    return text("every_term", language, term=term(value, unit, language))


def monthly_amount(
    amount: Decimal, frequency_type: str, term_value: int, term_unit: str
) -> Decimal:
    """What a price adds per month, for staff revenue figures; one-off prices add nothing."""
    if frequency_type not in ("RECURRING", "TERM_BASED", "MONTH_DAY") or term_value <= 0:
        return Decimal(0)
    factor = _MONTHS_PER_UNIT.get(str(term_unit), Decimal(1)) * term_value
    return (amount / factor).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _attr(obj: Any, name: str) -> Any:
    return getattr(obj, name, None)


def frequency_price(frequency: Any, language: str) -> str:
    """The full price text of one payment frequency, for each of the five vendor types.

    ``€9.90 per month``; ``€49.00 once``; ``free of charge``; MONTH_DAY: ``€12.00 per month
    from 1 Jan, €8.00 from 1 Apr``; TERM_BASED (a price applies once its term has passed):
    ``€19.90 per month at first, €24.90 after 3 months``.
    """
    kind = str(_attr(frequency, "type"))
    price = _attr(frequency, "price")
    freq_term = _attr(frequency, "term")
    if kind == "FREE":
        return text("price_free", language)
    if kind == "NON_RECURRING" and price is not None:
        return text("price_once", language, price=money(price.amount, price.currency, language))
    every = per_term(freq_term.value, freq_term.unit, language) if freq_term else ""
    if kind == "RECURRING" and price is not None:
        return f"{money(price.amount, price.currency, language)} {every}".strip()
    steps: list[tuple[Any, str, dict[str, str]]] = []  # (price, text key, other values)
    if kind == "MONTH_DAY":
        for e in sorted(_attr(frequency, "monthDaysToPrices") or [], key=_month_day_key):
            if e.monthDay.monthValue and e.monthDay.dayOfMonth:
                shown = month_day(e.monthDay.monthValue, e.monthDay.dayOfMonth, language)
                steps.append((e.price, "price_from_day", {"day": shown}))
    elif kind == "TERM_BASED":
        if price is not None:
            steps.append((price, "price_from_start", {}))
        entries = _attr(frequency, "termsToPrices") or []
        for e in sorted(entries, key=lambda e: _months(e.term.value, e.term.unit)):
            if e.term.value == 0:
                steps.append((e.price, "price_from_start", {}))
            else:
                after = term(e.term.value, e.term.unit, language)
                steps.append((e.price, "price_after_term", {"term": after}))
    if not steps:
        return text("price_on_request", language)
    parts = []
    for index, (amount, key, values) in enumerate(steps):
        shown = money(amount.amount, amount.currency, language)
        if index == 0 and every:
            shown = f"{shown} {every}"
        parts.append(text(key, language, price=shown, **values))
    return ", ".join(parts)


def _month_day_key(entry: Any) -> tuple[int, int]:
    return (entry.monthDay.monthValue or 0, entry.monthDay.dayOfMonth or 0)


def short_price(frequency: Any, language: str) -> str:
    """A compact price for a button label: ``9,90 €/Monat``."""
    kind = str(_attr(frequency, "type"))
    price = _attr(frequency, "price")
    freq_term = _attr(frequency, "term")
    amount = first_amount(frequency)
    if kind == "FREE" or amount is None:
        return (
            text("price_free", language) if kind == "FREE" else text("price_on_request", language)
        )
    value, currency = amount
    shown = money(value, currency, language)
    if kind == "NON_RECURRING":
        return text("price_once", language, price=shown)
    if freq_term is not None and freq_term.value == 1:
        return f"{shown}/{text(f'unit_{str(freq_term.unit).lower()}', language)}"
    if freq_term is not None:
        return f"{shown} {per_term(freq_term.value, freq_term.unit, language)}"
    del price
    return shown


def first_amount(frequency: Any, today: date | None = None) -> tuple[Decimal, str] | None:
    """The price a new booking starts with, for summaries, buttons and revenue figures."""
    kind = str(_attr(frequency, "type"))
    price = _attr(frequency, "price")
    if kind == "FREE":
        return (Decimal(0), price.currency if price is not None else "EUR")
    if price is not None and kind in ("RECURRING", "NON_RECURRING"):
        return (Decimal(str(price.amount)), price.currency)
    if kind == "MONTH_DAY":
        entries = _attr(frequency, "monthDaysToPrices") or []
        if not entries:
            return None
        chosen = _current_month_day_price(entries, today or date.today())
        return (Decimal(str(chosen.price.amount)), chosen.price.currency)
    if kind == "TERM_BASED":
        if price is not None:
            return (Decimal(str(price.amount)), price.currency)
        entries = sorted(
            _attr(frequency, "termsToPrices") or [],
            key=lambda e: _months(e.term.value, e.term.unit),
        )
        if entries:
            return (Decimal(str(entries[0].price.amount)), entries[0].price.currency)
    return None


def _current_month_day_price(entries: list[Any], today: date) -> Any:
    """The month-day price in force today: the latest start on or before today (wraps the year)."""

    def key(e: Any) -> tuple[int, int]:
        return (e.monthDay.monthValue or 1, e.monthDay.dayOfMonth or 1)

    ordered = sorted(entries, key=key)
    current = ordered[-1]
    for entry in ordered:
        if key(entry) <= (today.month, today.day):
            current = entry
    return current


def _months(value: int, unit: Any) -> Decimal:
    return _MONTHS_PER_UNIT.get(str(unit), Decimal(1)) * value
