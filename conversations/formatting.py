"""Money, dates and durations in the member's language, through Babel.

Price schedules (every step with its period) are worded by ``conversations.pricing``.
Babel parses a locale name on every call and walks its number and date patterns each time,
so the locales are parsed once and the few prices and days a studio shows are remembered.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_skeleton, format_time
from babel.numbers import format_currency, format_percent
from babel.units import format_unit

from bot.dates import add_term

LOCALES = {"de": "de_DE", "en": "en_GB"}
_UNITS = {
    "MINUTE": "duration-minute",
    "DAY": "duration-day",
    "WEEK": "duration-week",
    "MONTH": "duration-month",
    "YEAR": "duration-year",
}
_GERMAN_DATIVE = {
    "MINUTE": "Minuten",
    "DAY": "Tagen",
    "WEEK": "Wochen",
    "MONTH": "Monaten",
    "YEAR": "Jahren",
}
"""Babel knows no grammatical case: ``nach 3 Monaten``, ``von 14 Tagen`` need the dative."""


def locale_of(language: str) -> str:
    return LOCALES.get(language, LOCALES["en"])


@lru_cache(maxsize=16)
def _locale(language: str) -> Locale:
    return Locale.parse(locale_of(language))


def money(amount: Decimal | float | int, currency: str, language: str) -> str:
    """``9,90 €`` in German, ``€9.90`` in English."""
    return _money(str(amount), currency, language)


@lru_cache(maxsize=4096)
def _money(amount: str, currency: str, language: str) -> str:
    return format_currency(Decimal(amount), currency, locale=_locale(language))


def percent(value: float, language: str) -> str:
    """A share: ``25 %`` in German, ``25%`` in English."""
    return str(format_percent(value, locale=_locale(language)))


@lru_cache(maxsize=4096)
def day(value: date, language: str) -> str:
    """A calendar date as members read it: ``27.11.2026`` / ``27 Nov 2026``."""
    return format_date(value, "medium", locale=_locale(language))


def moment(value: datetime, zone: str, language: str) -> str:
    """Date and time in the studio's zone: ``06.12.2026, 14:05`` / ``6 Dec 2026, 14:05``."""
    local = value.astimezone(ZoneInfo(zone))
    shown_time = format_time(local, "HH:mm", locale=_locale(language))
    return f"{day(local.date(), language)}, {shown_time}"


@lru_cache(maxsize=1024)
def month_day(month: int, day_of_month: int, language: str) -> str:
    """A day in the year without the year: ``1. Juni`` / ``1 Jun``."""
    return format_skeleton("MMMd", date(2001, month, day_of_month), locale=_locale(language))


@lru_cache(maxsize=256)
def term(value: int, unit: str, language: str, *, dative: bool = False) -> str:
    """A duration: ``12 Monate`` / ``2 weeks``; ``dative`` for ``nach 3 Monaten``."""
    unit = str(unit)
    if dative and language == "de" and value != 1 and unit in _GERMAN_DATIVE:
        return f"{value} {_GERMAN_DATIVE[unit]}"
    unit_name = _UNITS.get(unit, "duration-month")
    return str(format_unit(value, unit_name, length="long", locale=locale_of(language)))


__all__ = [
    "LOCALES",
    "add_term",
    "day",
    "locale_of",
    "moment",
    "money",
    "month_day",
    "percent",
    "term",
]
