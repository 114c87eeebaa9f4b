"""Term arithmetic behind availableCancelationDates and end dates."""

from __future__ import annotations

from datetime import date

import pytest

from bot.sandbox import Term, TermPlan
from bot.sandbox._terms import add_months

MONTH = Term(1, "MONTH")


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 11, 15), 14, date(2028, 1, 15)),
    ],
)
def test_add_months_clamps_to_the_end_of_shorter_months(
    day: date, months: int, expected: date
) -> None:
    assert add_months(day, months) == expected


def test_monthly_contract_offers_term_ends_whose_notice_deadline_has_not_passed() -> None:
    plan = TermPlan(MONTH, MONTH, Term(14, "DAY"))
    options = plan.cancelation_options(date(2026, 8, 1), today=date(2026, 11, 26))
    # 2026-11-30 would have needed notice by 2026-11-16
    assert [o.end for o in options] == [
        date(2026, 12, 31),
        date(2027, 1, 31),
        date(2027, 2, 28),
        date(2027, 3, 31),
        date(2027, 4, 30),
    ]
    assert options[0].deadline == date(2026, 12, 17)


def test_first_term_then_monthly_renewal() -> None:
    plan = TermPlan(Term(12, "MONTH"), MONTH, MONTH, MONTH)
    options = plan.cancelation_options(date(2026, 1, 1), today=date(2026, 11, 26), limit=2)
    assert [o.end for o in options] == [date(2026, 12, 31), date(2027, 1, 31)]
    assert plan.current_term_end(date(2026, 1, 1), date(2027, 1, 5)).end == date(2027, 1, 31)


def test_a_contract_that_does_not_renew_has_one_end_only() -> None:
    plan = TermPlan(MONTH)
    assert plan.final_end(date(2026, 11, 27)) == date(2026, 12, 26)
    assert [o.end for o in plan.cancelation_options(date(2026, 11, 27), date(2026, 11, 26))] == [
        date(2026, 12, 26)
    ]
    assert plan.cancelation_options(date(2026, 11, 27), date(2026, 12, 27)) == []


def test_week_and_day_terms() -> None:
    assert Term(2, "WEEK").after(date(2026, 1, 1)) == date(2026, 1, 15)
    assert Term(14, "DAY").before(date(2026, 1, 15)) == date(2026, 1, 1)
    with pytest.raises(ValueError):
        Term(1, "FORTNIGHT")


def test_a_longer_payment_period_becomes_the_term_and_the_renewal() -> None:
    towels = TermPlan(MONTH, MONTH, Term(1, "WEEK"), Term(1, "WEEK"))
    yearly = towels.paid_every(Term(12, "MONTH"))
    assert (yearly.term, yearly.extension) == (Term(12, "MONTH"), Term(12, "MONTH"))
    assert yearly.cancelation_period == Term(1, "WEEK")
    options = yearly.cancelation_options(date(2026, 11, 27), today=date(2026, 11, 26), limit=2)
    assert [o.end for o in options] == [date(2027, 11, 26), date(2028, 11, 26)]
    assert towels.paid_every(MONTH) is towels  # not longer: the module's own terms
    assert towels.paid_every(None) is towels
    drinks = TermPlan(Term(3, "MONTH"), MONTH, MONTH, MONTH)
    assert drinks.paid_every(MONTH) is drinks  # billed monthly within a 3-month term


def test_a_payment_period_longer_than_the_term_but_not_the_renewal() -> None:
    plan = TermPlan(MONTH, Term(24, "MONTH"), Term(1, "WEEK"))
    paid = plan.paid_every(Term(12, "MONTH"))
    assert (paid.term, paid.extension) == (Term(12, "MONTH"), Term(24, "MONTH"))
