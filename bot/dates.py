"""Calendar arithmetic with the vendor's terms (``{value, unit}``), shared by every layer."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

UNITS = ("DAY", "WEEK", "MONTH", "YEAR")


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, clamped to the last day of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def add_term(day: date, value: int, unit: str) -> date:
    """The day ``value`` ``unit``s after ``day`` (negative values go back)."""
    if unit == "DAY":
        return day + timedelta(days=value)
    if unit == "WEEK":
        return day + timedelta(weeks=value)
    if unit == "MONTH":
        return add_months(day, value)
    if unit == "YEAR":
        return add_months(day, 12 * value)
    raise ValueError(f"unknown term unit {unit!r}")


def last_day_of_term(start: date, value: int, unit: str) -> date:
    """The last day of a term that begins on ``start`` (a 14-day trial from 1 Dec: 14 Dec)."""
    return add_term(start, value, unit) - timedelta(days=1)
