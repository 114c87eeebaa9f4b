"""``/upsell stats`` as a picture: the funnel and the recurring revenue added per week and module.

A PNG drawn with matplotlib's headless Agg canvas (no pyplot, no display, no global state,
so it can run in a worker thread). matplotlib is the optional ``charts`` extra: without it
``render_chart`` answers None and staff get the figures as text alone. The numbers beside
the picture (``chart_comment``) are the same ones, as text.
"""

from __future__ import annotations

import io
import logging
from collections import Counter
from decimal import Decimal

from conversations.formatting import money, month_day, percent
from conversations.staff import StudioStats, summary_lines
from conversations.texts import text

log = logging.getLogger("adapters.slack")

WIDTH_INCHES, HEIGHT_INCHES, DPI = 11.0, 4.8, 110
FUNNEL_COLOURS = ("#9db4d0", "#5b8cc0", "#1f5f9e")
MODULE_COLOURS = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
    "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
)  # fmt: skip
MAX_COMMENT_WEEKS = 12


def chart_available() -> bool:
    """True when matplotlib (the ``charts`` extra) is installed."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def main_currency(figures: StudioStats) -> str:
    """The currency most of the period's weekly amounts are in (EUR when there are none)."""
    seen: Counter[str] = Counter(
        currency for week in figures.weeks for m in week.modules.values() for currency in m
    )
    return seen.most_common(1)[0][0] if seen else "EUR"


def render_chart(figures: StudioStats, title: str, language: str) -> bytes | None:
    """The chart as PNG bytes, or None without matplotlib."""
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError:
        log.info("matplotlib is not installed (the charts extra): figures as text only")
        return None

    def t(key: str, **values: object) -> str:
        return text(key, language, **values)

    figure = Figure(figsize=(WIDTH_INCHES, HEIGHT_INCHES), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    funnel, weekly = figure.subplots(1, 2, width_ratios=(1, 1.7))
    figure.suptitle(title, fontsize=13, fontweight="bold")

    stages = [
        (t("staff_chart_shown"), figures.counts.offers_shown),
        (t("staff_chart_validated"), figures.counts.validations),
        (t("staff_chart_booked"), figures.purchase_count),
    ]
    labels = [label for label, _ in stages]
    values = [value for _, value in stages]
    bars = funnel.barh(labels, values, color=FUNNEL_COLOURS)
    funnel.invert_yaxis()
    shown = values[0]
    beside = [str(values[0])] + [
        f"{v} · {percent(v / shown, language)}" if shown else str(v) for v in values[1:]
    ]
    funnel.bar_label(bars, labels=beside, padding=3)
    funnel.set_title(t("staff_chart_funnel"), fontsize=11)
    funnel.set_xlim(0, max(max(values), 1) * 1.35)
    funnel.xaxis.set_visible(False)
    for side in ("top", "right", "bottom"):
        funnel.spines[side].set_visible(False)

    currency = main_currency(figures)
    weeks = figures.weeks
    modules = sorted({name for week in weeks for name in week.modules})
    positions = list(range(len(weeks)))
    above = [0.0] * len(weeks)
    below = [0.0] * len(weeks)
    for index, name in enumerate(modules):
        amounts = [float(w.modules.get(name, {}).get(currency, Decimal(0))) for w in weeks]
        bottoms = [above[i] if a >= 0 else below[i] for i, a in enumerate(amounts)]
        weekly.bar(
            positions,
            amounts,
            bottom=bottoms,
            label=name,
            color=MODULE_COLOURS[index % len(MODULE_COLOURS)],
            width=0.7,
        )
        for i, amount in enumerate(amounts):
            if amount >= 0:
                above[i] += amount
            else:
                below[i] += amount
    for i, week in enumerate(weeks):
        total = week.total.get(currency)
        if total:
            weekly.annotate(
                money(total, currency, language),
                (i, above[i] if total > 0 else below[i]),
                xytext=(0, 3 if total > 0 else -12),
                textcoords="offset points",
                ha="center",
                fontsize=8,
            )
    weekly.axhline(0, color="#444444", linewidth=0.8)
    top, bottom = max(above, default=0.0), min(below, default=0.0)
    if top or bottom:  # room for the totals above and below the bars
        weekly.set_ylim(bottom * 1.2 if bottom else 0, top * 1.2 if top else 0)
    step = max(1, len(weeks) // 10)
    weekly.set_xticks(positions[::step])
    weekly.set_xticklabels(
        [month_day(w.start.month, w.start.day, language) for w in weeks[::step]], fontsize=8
    )
    weekly.set_title(t("staff_chart_weeks", currency=currency), fontsize=11)
    weekly.set_xlabel(t("staff_chart_week_axis"), fontsize=9)
    for side in ("top", "right"):
        weekly.spines[side].set_visible(False)
    if modules:
        weekly.legend(fontsize=8, frameon=False, loc="best")
    else:
        weekly.text(
            0.5, 0.5, t("staff_chart_no_revenue"), transform=weekly.transAxes,
            ha="center", va="center", color="#666666",
        )  # fmt: skip
        weekly.set_yticks([])
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()


def chart_comment(figures: StudioStats, language: str) -> str:
    """The numbers of the chart as text, posted beside it (the title in bold)."""
    heading, *rest = summary_lines(figures, language)
    return "\n".join([f"*{heading}*", *rest[: 2 + MAX_COMMENT_WEEKS]])
