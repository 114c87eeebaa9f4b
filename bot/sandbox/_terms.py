"""Contract term arithmetic: when terms end and until when they can be canceled.

A contract runs for its first term, then (if it has an extension) renews term after term.
A term can be ended on its last day if the cancelation reaches the studio at least one
cancelation period before that day. A module paid for a longer period than its term (towels
paid every 12 months, module term one month) runs and renews by that payment period.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta

from bot.dates import UNITS, add_months, add_term

__all__ = ["UNITS", "Term", "TermEnd", "TermPlan", "add_months"]
_MAX_TERMS = 20_000  # bounds every walk over a contract's terms


@dataclass(frozen=True)
class Term:
    """A length of time as the vendor spells it: `{value, unit}`."""

    value: int
    unit: str

    def __post_init__(self) -> None:
        if self.unit not in UNITS or self.value < 0:
            raise ValueError(f"invalid term {self.value} {self.unit}")

    def after(self, day: date, times: int = 1) -> date:
        """The day `times` terms after `day`."""
        return add_term(day, self.value * times, self.unit)

    def before(self, day: date) -> date:
        """The day one term before `day`."""
        return self.after(day, -1)

    def longer_than(self, other: Term) -> bool:
        """True when this is a longer stretch of time than `other`."""
        some_day = date(2001, 1, 1)
        return self.after(some_day) > other.after(some_day)

    def as_term(self) -> dict[str, object]:
        return {"value": self.value, "unit": self.unit}

    def as_period(self) -> dict[str, object]:
        return {"periodValue": self.value, "periodUnit": self.unit}


@dataclass(frozen=True)
class TermEnd:
    """The last day of one term and the last day a cancelation for it may arrive."""

    index: int
    end: date
    deadline: date


@dataclass(frozen=True)
class TermPlan:
    """How a contract runs: first term, optional renewal term, cancelation periods."""

    term: Term
    extension: Term | None = None
    cancelation_period: Term | None = None
    extension_cancelation_period: Term | None = None

    def paid_every(self, period: Term | None) -> TermPlan:
        """This plan for a payment option charged every `period`.

        A payment period longer than the term becomes the minimum term, and the renewal
        when it is longer than that too: nobody pays for 12 months to leave after one.
        """
        if period is None or not period.longer_than(self.term):
            return self
        extension = self.extension
        if extension is not None and extension.value > 0 and period.longer_than(extension):
            extension = period
        return replace(self, term=period, extension=extension)

    def term_ends(self, start: date) -> Iterator[TermEnd]:
        """Every term end from `start` on; finite when the contract does not renew."""
        first_end = self.term.after(start) - timedelta(days=1)
        yield TermEnd(0, first_end, _deadline(first_end, self.cancelation_period))
        if self.extension is None or self.extension.value == 0:
            return
        renewal_start = self.term.after(start)
        period = self.extension_cancelation_period or self.cancelation_period
        for index in range(1, _MAX_TERMS):
            end = self.extension.after(renewal_start, index) - timedelta(days=1)
            yield TermEnd(index, end, _deadline(end, period))

    def cancelation_options(self, start: date, today: date, limit: int = 5) -> list[TermEnd]:
        """Term ends whose notice deadline has not passed, earliest first."""
        options: list[TermEnd] = []
        for term_end in self.term_ends(start):
            if term_end.deadline >= today:
                options.append(term_end)
                if len(options) == limit:
                    break
        return options

    def current_term_end(self, start: date, today: date) -> TermEnd:
        """The end of the term running on `today` (or the last term of an ended contract)."""
        last: TermEnd | None = None
        for term_end in self.term_ends(start):
            last = term_end
            if term_end.end >= today:
                break
        assert last is not None  # term_ends always yields the first term
        return last

    def final_end(self, start: date) -> date | None:
        """The last day of a contract that does not renew; None when it renews."""
        if self.extension is not None and self.extension.value > 0:
            return None
        return self.term.after(start) - timedelta(days=1)


def _deadline(end: date, period: Term | None) -> date:
    return end if period is None else period.before(end)
