"""What booking one payment option of a module commits the member to, and on which days.

PerfectGym describes a module's terms once (``termInformation``), but a payment option can
run longer than that: towels paid every 12 months cannot end after one month. So when a
payment option's term is longer than the module's term, the minimum term and the renewal
follow the payment term. A booked trial comes first: the minimum term starts on the first
paid day (the day after the trial), and during the trial the module can be canceled to the
trial's last day. The sandbox keeps the same rules (README, "what the sandbox assumes").

The words are the ones § 312j (2) BGB asks for right above the order button: price
schedule, payment option, start, trial end and first paid day, minimum term, notice period,
renewal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from bot.dates import add_term, last_day_of_term
from bot.perfectgym import AdditionalModule, PaymentFrequency, Term
from conversations.formatting import day, term
from conversations.pricing import Period, Schedule, payment_text, schedule_text
from conversations.texts import text

_SOME_DAY = date(2001, 1, 1)


@dataclass(frozen=True, slots=True)
class Timeline:
    """The days a booking starting on ``start`` runs by."""

    start: date
    trial_end: date | None
    first_paid_day: date
    term_end: date
    """The last day of the minimum term."""


@dataclass(frozen=True, slots=True)
class Commitment:
    """Minimum term, renewal, notice period and trial of one payment option of a module."""

    term: Period
    renewal: Period | None
    """How much longer it runs each time it renews; None: it does not renew by itself."""
    renews_new: bool
    """It continues with a new module contract (the vendor's extension type NEW)."""
    notice: Period | None
    trial: Period | None
    """The trial booked with it (None: booked without trial)."""

    @classmethod
    def of(
        cls, module: AdditionalModule, frequency: PaymentFrequency, *, trial: bool
    ) -> Commitment:
        info = module.termInformation
        minimum = _period(info.term)
        renewal: Period | None = None
        renews_new = False
        extension = info.extension
        if extension is not None:
            kind = str(extension.extensionType)
            if kind == "TERM_EXTENSION" and extension.termExtension is not None:
                renewal = (
                    _period(extension.termExtension) if extension.termExtension.value else None
                )
            elif kind == "NEW":
                renews_new = True
        paid_every = Schedule.of(frequency).period
        if paid_every is not None and longer(paid_every, minimum):
            minimum = paid_every
            if renewal is not None and longer(paid_every, renewal):
                renewal = paid_every
        notice = _period(info.cancelationPeriod) if info.cancelationPeriod else None
        config = module.trialPeriodConfig
        booked_trial = _period(config.term) if trial and config is not None else None
        return cls(minimum, renewal, renews_new, notice, booked_trial)

    def timeline(self, start: date) -> Timeline:
        trial_end = None
        first_paid_day = start
        if self.trial is not None:
            trial_end = last_day_of_term(start, self.trial.value, self.trial.unit)
            first_paid_day = trial_end + timedelta(days=1)
        term_end = last_day_of_term(first_paid_day, self.term.value, self.term.unit)
        return Timeline(start, trial_end, first_paid_day, term_end)


def longer(a: Period, b: Period) -> bool:
    """True when ``a`` is a longer stretch of time than ``b`` (False for units unknown here)."""
    try:
        return add_term(_SOME_DAY, a.value, a.unit) > add_term(_SOME_DAY, b.value, b.unit)
    except ValueError:
        return False


def term_lines(
    commitment: Commitment, language: str, *, timeline: Timeline | None = None
) -> list[str]:
    """Minimum term, notice period and renewal; with ``timeline`` the minimum term's dates."""
    length = term(commitment.term.value, commitment.term.unit, language)
    if timeline is not None:
        lines = [
            text(
                "line_term_dates",
                language,
                term=length,
                start=day(timeline.first_paid_day, language),
                end=day(timeline.term_end, language),
            )
        ]
    elif commitment.trial is not None:
        lines = [text("line_term_after_trial", language, term=length)]
    else:
        lines = [text("line_term", language, term=length)]
    if commitment.notice is not None:
        notice = term(commitment.notice.value, commitment.notice.unit, language)
        lines.append(text("line_notice", language, term=notice))
    if commitment.renewal is not None:
        renews = term(commitment.renewal.value, commitment.renewal.unit, language)
        lines.append(text("line_renews", language, term=renews))
    elif commitment.renews_new:
        lines.append(text("line_renews_new", language))
    else:
        ends = term(commitment.term.value, commitment.term.unit, language, dative=True)
        lines.append(text("line_no_renewal", language, term=ends))
    return lines


def booking_lines(
    commitment: Commitment,
    schedule: Schedule,
    timeline: Timeline,
    language: str,
    *,
    confirmed: bool,
) -> list[str]:
    """Everything a member commits to by booking, in the order § 312j (2) BGB lists it.

    ``confirmed``: the start date is PerfectGym's (a receipt), not the expected one (the
    summary before the order button).
    """
    price = schedule_text(
        schedule, language, paid_from=timeline.first_paid_day, trial_until=timeline.trial_end
    )
    start = day(timeline.start, language)
    lines = [
        text("line_price", language, price=price),
        text("line_payment", language, how=payment_text(schedule, language)),
        text("line_start" if confirmed else "line_start_expected", language, date=start),
    ]
    if commitment.trial is not None and timeline.trial_end is not None:
        lines.append(
            text(
                "line_trial_until",
                language,
                term=term(commitment.trial.value, commitment.trial.unit, language),
                date=day(timeline.trial_end, language),
            )
        )
        lines.append(
            text("line_first_paid_day", language, date=day(timeline.first_paid_day, language))
        )
    lines.extend(term_lines(commitment, language, timeline=timeline if confirmed else None))
    return lines


def _period(value: Term) -> Period:
    return Period(value.value, str(value.unit))


__all__ = ["Commitment", "Timeline", "booking_lines", "longer", "term_lines"]
