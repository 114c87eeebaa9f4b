"""The upsell figures in a few plain lines: the funnel, the money, each week's change.

What staff read beside the chart in Slack, and what ``upsell-bot stats`` prints.
"""

from __future__ import annotations

from decimal import Decimal

from conversations.formatting import day, money
from conversations.staff._figures import Amounts, StudioStats
from conversations.texts import text


def period_words(figures: StudioStats, language: str) -> str:
    if figures.days == 1:
        return text("staff_stats_period_day", language)
    return text("staff_stats_period", language, days=figures.days)


def title(figures: StudioStats, language: str) -> str:
    period = period_words(figures, language)
    return text("staff_stats_title", language, studio=figures.studio, period=period)


def amounts(values: Amounts, language: str) -> str:
    """Money per currency (``€9.90``, or ``€9.90, CHF 5.00``); nothing is ``€0.00``."""
    if not values:
        return money(Decimal(0), "EUR", language)
    return ", ".join(money(v, c or "EUR", language) for c, v in sorted(values.items()))


def funnel_line(figures: StudioStats, language: str) -> str:
    return text(
        "staff_chart_funnel_line",
        language,
        shown=figures.counts.offers_shown,
        validated=figures.counts.validations,
        booked=figures.purchase_count,
    )


def week_lines(figures: StudioStats, language: str) -> list[str]:
    """``Week of 2 Nov 2026: €14.80 (Sauna €9.90, Handtuch-Flat €4.90)``, for the weeks in
    which something changed."""
    lines = []
    for week in figures.weeks:
        if not week.modules:
            continue
        parts = ", ".join(
            f"{name} {amounts(values, language)}" for name, values in week.modules.items()
        )
        lines.append(
            text(
                "staff_chart_week_line",
                language,
                day=day(week.start, language),
                total=amounts(week.total, language),
                modules=parts,
            )
        )
    return lines


def summary_lines(figures: StudioStats, language: str) -> list[str]:
    """Title, funnel, monthly recurring revenue added, and each week's part of it."""
    net = text("staff_chart_net_line", language, net=amounts(figures.recurring_net, language))
    weeks = week_lines(figures, language)
    return [title(figures, language), funnel_line(figures, language), net, *weeks]
