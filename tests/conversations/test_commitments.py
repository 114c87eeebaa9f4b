"""What one payment option commits to: a longer payment period is the term; a trial comes first."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.perfectgym import AdditionalModule
from conversations.commitments import Commitment
from conversations.pricing import Period

MONTH = {"value": 1, "unit": "MONTH"}


def module(**fields: Any) -> AdditionalModule:
    body: dict[str, Any] = {
        "id": 202,
        "name": "Handtuch-Flat",
        "imageUrl": "https://example.invalid/202.jpg",
        "paymentFrequencies": [
            {"id": 2021, "type": "RECURRING", "term": MONTH,
             "price": {"amount": 4.9, "currency": "EUR"}},
            {"id": 2022, "type": "RECURRING", "term": {"value": 12, "unit": "MONTH"},
             "price": {"amount": 49, "currency": "EUR"}},
        ],
        "termInformation": {
            "term": MONTH,
            "extension": {"extensionType": "TERM_EXTENSION", "termExtension": MONTH},
            "cancelationPeriod": {"value": 1, "unit": "WEEK"},
        },
        "trialPeriodConfig": {"term": {"value": 14, "unit": "DAY"}},
    }  # fmt: skip
    body.update(fields)
    return AdditionalModule.model_validate(body)


def test_the_yearly_option_runs_and_renews_by_12_months() -> None:
    towels = module()
    monthly, yearly = towels.paymentFrequencies
    assert Commitment.of(towels, monthly, trial=False).term == Period(1, "MONTH")
    commitment = Commitment.of(towels, yearly, trial=False)
    assert (commitment.term, commitment.renewal) == (Period(12, "MONTH"), Period(12, "MONTH"))
    assert commitment.notice == Period(1, "WEEK")


def test_the_minimum_term_starts_on_the_first_paid_day_after_a_trial() -> None:
    towels = module()
    timeline = Commitment.of(towels, towels.paymentFrequencies[0], trial=True).timeline(
        date(2026, 11, 27)
    )
    assert timeline.trial_end == date(2026, 12, 10)
    assert timeline.first_paid_day == date(2026, 12, 11)
    assert timeline.term_end == date(2027, 1, 10)
    plain = Commitment.of(towels, towels.paymentFrequencies[0], trial=False)
    assert plain.timeline(date(2026, 11, 27)).term_end == date(2026, 12, 26)


def test_no_extension_means_no_renewal_and_new_means_a_new_contract() -> None:
    once = module(termInformation={"term": MONTH})
    assert Commitment.of(once, once.paymentFrequencies[0], trial=False).renewal is None
    new = module(termInformation={"term": MONTH, "extension": {"extensionType": "NEW"}})
    assert Commitment.of(new, new.paymentFrequencies[0], trial=False).renews_new
