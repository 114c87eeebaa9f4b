"""The upsell figures as CSV for a spreadsheet: one row per number, the same numbers as ``stats``.

A long ("tidy") table, so a pivot table or a filter takes it as it is and several studios or
periods can be pasted below each other: ``studio, since, until, figure, module, week, detail,
currency, value``. Figure names are stable English identifiers, money is a plain decimal
(``9.90``), conversion a fraction (``0.25``), dates ISO (studio time).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from zoneinfo import ZoneInfo

from bot.store import PurchaseKind
from conversations.staff._figures import Amounts, StudioStats

COLUMNS = ("studio", "since", "until", "figure", "module", "week", "detail", "currency", "value")
Row = tuple[str, str, str, str, str, str]
"""figure, module, week, detail, currency, value."""


def figures_csv(figures: Sequence[StudioStats], zones: Mapping[str, ZoneInfo]) -> str:
    """CSV text (with a header row) of one or more studios' figures; dates in each studio's
    zone (``zones`` by studio name)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for stats in figures:
        studio_zone = zones[stats.studio]
        since = stats.since.astimezone(studio_zone).date().isoformat()
        until = stats.until.astimezone(studio_zone).date().isoformat()
        for row in rows(stats):
            writer.writerow((stats.studio, since, until, *row))
    return out.getvalue()


def rows(stats: StudioStats) -> Iterator[Row]:
    """Every number of the figures, in the order ``stats`` shows them."""
    counts = stats.counts
    for figure, value in (
        ("offers_shown", counts.offers_shown),
        ("personal_offers", stats.personal_offers),
        ("validations", counts.validations),
        ("purchases", stats.purchase_count),
        ("cancelations", counts.cancelations),
        ("withdrawals", counts.withdrawals),
    ):
        yield figure, "", "", "", "", str(value)
    for kind in PurchaseKind:
        yield f"purchases_{kind.value}", "", "", "", "", str(stats.purchases.get(kind, 0))
    if stats.conversion is not None:
        yield "conversion", "", "", "", "", _fraction(stats.conversion)
    for figure, amounts in (
        ("recurring_net", stats.recurring_net),
        ("recurring_paid", stats.recurring_paid),
        ("recurring_from_trials", stats.recurring_from_trials),
        ("recurring_lost", stats.recurring_lost),
        ("one_off", stats.one_off),
        ("after_trial", stats.after_trial),
    ):
        yield from _money(figure, "", "", amounts)
    for module in stats.modules:
        yield "module_shown", module.name, "", "", "", str(module.shown)
        yield "module_purchases", module.name, "", "", "", str(module.purchases)
        if module.conversion is not None:
            yield "module_conversion", module.name, "", "", "", _fraction(module.conversion)
        yield from _money("module_recurring", module.name, "", module.monthly)
    for week in stats.weeks:
        for name, amounts in week.modules.items():
            yield from _money("week_recurring", name, week.start.isoformat(), amounts)
    for reason, count in stats.reasons:
        yield "cancelation_reason", "", "", reason or "", "", str(count)


def _money(figure: str, module: str, week: str, amounts: Amounts) -> Iterator[Row]:
    """One row per currency; a figure without money is one row of 0.00 in EUR."""
    for currency, amount in sorted((amounts or {"EUR": Decimal(0)}).items()):
        yield figure, module, week, "", currency, f"{amount:.2f}"


def _fraction(value: float) -> str:
    return f"{value:.4f}"
