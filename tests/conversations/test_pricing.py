"""The one price-schedule renderer: every vendor type, every step, always with its period."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from bot.perfectgym import PaymentFrequency
from conversations.pricing import Schedule, button_text, payment_text, schedule_text

NBSP = "\u00a0"


def frequency(kind: str, **fields: Any) -> Schedule:
    return Schedule.of(PaymentFrequency.model_validate({"id": 1, "type": kind, **fields}))


def eur(amount: str) -> dict[str, str]:
    return {"amount": amount, "currency": "EUR"}


MONTH = {"value": 1, "unit": "MONTH"}
SAUNA = frequency("RECURRING", term=MONTH, price=eur("9.90"))
TOWELS_YEARLY = frequency("RECURRING", term={"value": 12, "unit": "MONTH"}, price=eur("49.00"))
DRINKS = frequency(
    "TERM_BASED",
    term=MONTH,
    termsToPrices=[
        {"term": {"value": 0, "unit": "MONTH"}, "price": eur("19.90")},
        {"term": {"value": 3, "unit": "MONTH"}, "price": eur("24.90")},
    ],
)
SOLARIUM = frequency(
    "MONTH_DAY",
    term=MONTH,
    monthDaysToPrices=[
        {"monthDay": {"monthValue": 1, "dayOfMonth": 1}, "price": eur("12.00")},
        {"monthDay": {"monthValue": 4, "dayOfMonth": 1}, "price": eur("8.00")},
        {"monthDay": {"monthValue": 10, "dayOfMonth": 1}, "price": eur("12.00")},
    ],
)
COACHING = frequency("NON_RECURRING", price=eur("49.00"))
APP = frequency("FREE", term=MONTH)


@pytest.mark.parametrize(
    ("schedule", "language", "expected"),
    [
        (SAUNA, "en", "€9.90/month"),
        (SAUNA, "de", f"9,90{NBSP}€/Monat"),
        (TOWELS_YEARLY, "en", "€49.00 every 12 months"),
        (TOWELS_YEARLY, "de", f"49,00{NBSP}€ alle 12 Monate"),
        (DRINKS, "en", "€19.90/month for 3 months, then €24.90/month"),
        (DRINKS, "de", f"19,90{NBSP}€/Monat für 3 Monate, dann 24,90{NBSP}€/Monat"),
        (SOLARIUM, "en", "€12.00/month from 1 Oct to 31 Mar, €8.00/month from 1 Apr to 30 Sept"),
        (
            SOLARIUM,
            "de",
            f"12,00{NBSP}€/Monat vom 1. Okt. bis 31. März, 8,00{NBSP}€/Monat vom 1. Apr. bis "
            "30. Sept.",
        ),
        (COACHING, "en", "€49.00 once"),
        (COACHING, "de", f"49,00{NBSP}€ einmalig"),
        (APP, "en", "free of charge"),
        (APP, "de", "kostenlos"),
    ],
)
def test_every_type_in_both_languages(schedule: Schedule, language: str, expected: str) -> None:
    assert schedule_text(schedule, language) == expected


def test_term_based_steps_get_their_dates_once_the_first_paid_day_is_known() -> None:
    text = schedule_text(DRINKS, "en", paid_from=date(2026, 12, 7))
    assert text == "€19.90/month until 6 Mar 2027, then €24.90/month"


def test_a_trial_comes_first() -> None:
    text = schedule_text(SAUNA, "de", trial_until=date(2026, 12, 20))
    assert text == f"kostenlose Testphase bis 20.12.2026, dann 9,90{NBSP}€/Monat"


@pytest.mark.parametrize(
    ("schedule", "expected"),
    [
        (SAUNA, "€9.90/month"),
        (DRINKS, "€19.90/month, then …"),
        (SOLARIUM, "€12.00/month, then …"),
        (COACHING, "€49.00 once"),
        (APP, "free of charge"),
    ],
)
def test_a_button_names_the_first_price_and_then(schedule: Schedule, expected: str) -> None:
    assert button_text(schedule, "en", when=date(2026, 12, 7)) == expected


def test_the_seasonal_button_names_the_price_in_force() -> None:
    assert button_text(SOLARIUM, "en", when=date(2027, 5, 1)) == "€8.00/month, then …"


@pytest.mark.parametrize(
    ("schedule", "expected"),
    [
        (SAUNA, Decimal("9.90")),
        (TOWELS_YEARLY, Decimal("4.08")),
        (COACHING, Decimal("0")),
        (APP, Decimal("0")),
    ],
)
def test_monthly_revenue_of_a_price(schedule: Schedule, expected: Decimal) -> None:
    assert schedule.monthly() == expected


def test_term_based_price_in_force_after_its_term() -> None:
    start = date(2026, 12, 7)
    assert DRINKS.price_on(start, date(2027, 3, 6)).amount == Decimal("19.90")  # type: ignore[union-attr]
    assert DRINKS.price_on(start, date(2027, 3, 7)).amount == Decimal("24.90")  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("schedule", "english", "german"),
    [
        (SAUNA, "monthly", "monatlich"),
        (TOWELS_YEARLY, "every 12 months", "alle 12 Monate"),
        (DRINKS, "monthly", "monatlich"),
        (SOLARIUM, "monthly", "monatlich"),
        (COACHING, "once", "einmalig"),
        (APP, "none (free of charge)", "keine (kostenlos)"),
    ],
)
def test_the_payment_option_says_how_often_one_pays(
    schedule: Schedule, english: str, german: str
) -> None:
    assert payment_text(schedule, "en") == english
    assert payment_text(schedule, "de") == german
