"""``/upsell stats`` and ``/upsell export``: the upsell figures as Block Kit, a chart and CSV.

Purchases split into paid, trial, free and one-off; monthly recurring revenue added counts
paid recurring prices (trials once they turn paid) net of cancelations, also per week;
one-off revenue and what running trials will add are shown apart; conversion per module;
cancelation reasons. Where the app may post files, a chart (``_chart``) follows the answer
in the channel; ``export`` posts the same figures as a CSV file, or shows them as text.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from adapters.slack._blocks import (
    Answer,
    Upload,
    clip,
    context,
    divider,
    esc,
    fields,
    header,
    section,
)
from adapters.slack._chart import chart_available, chart_comment, render_chart
from bot.store import PurchaseKind
from conversations.formatting import day, percent
from conversations.staff import StudioStats, figures_csv
from conversations.staff._summary import amounts, period_words, title, week_lines
from conversations.texts import text

CHART_WIDTH = 12
NAME_WIDTH = 18
MAX_WEEK_LINES = 20
INLINE_CSV = 2900
"""Characters of CSV shown in a message (a section holds 3000); the file has them all."""


def stats_with_chart(figures: StudioStats, zone: ZoneInfo, language: str, *, files: bool) -> Answer:
    """The figures, and the chart to post beside them where the app may post files."""
    answer = stats(figures, zone, language)
    if not files or not chart_available():
        return answer
    heading = title(figures, language)
    comment = chart_comment(figures, language)
    chart = Upload(
        filename=f"upsell-{_slug(figures.studio)}-{figures.days}d.png",
        title=heading,
        render=lambda: render_chart(figures, heading, language),
        comment=comment,
        alt_text=comment.splitlines()[1],
    )
    return Answer(answer.text, answer.blocks, (chart,))


def export(figures: StudioStats, zone: ZoneInfo, language: str, *, files: bool) -> Answer:
    """The figures as CSV: a file in the channel, or the text itself without ``files:write``."""
    csv_text = figures_csv([figures], {figures.studio: zone})
    values = {"studio": figures.studio, "period": period_words(figures, language)}
    if files:
        filename = f"upsell-{_slug(figures.studio)}-{figures.days}d.csv"
        words = text("staff_export_posted", language, filename=filename, **values)
        upload = Upload(filename, title(figures, language), lambda: csv_text.encode("utf-8"))
        return Answer(words, [section(words)], (upload,))
    words = text("staff_export_inline", language, **values)
    shown = clip(csv_text, INLINE_CSV)
    return Answer(f"{words}\n{csv_text}", [section(words), section(f"```{esc(shown)}```")])


def _slug(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-") or "studio"


def stats(figures: StudioStats, zone: ZoneInfo, language: str) -> Answer:
    def t(key: str, **values: object) -> str:
        return text(key, language, **values)

    counts = figures.counts
    heading = title(figures, language)
    shown = str(counts.offers_shown)
    if figures.personal_offers:
        shown += " " + t("staff_stats_personal", count=figures.personal_offers)
    kinds = figures.purchases
    bought = t(
        "staff_stats_kinds",
        paid=kinds.get(PurchaseKind.PAID, 0),
        trial=kinds.get(PurchaseKind.TRIAL, 0),
        free=kinds.get(PurchaseKind.FREE, 0),
        one_off=kinds.get(PurchaseKind.ONE_OFF, 0),
    )
    net = amounts(figures.recurring_net, language)
    recurring = t(
        "staff_stats_recurring_parts",
        paid=amounts(figures.recurring_paid, language),
        trials=amounts(figures.recurring_from_trials, language),
        lost=amounts(figures.recurring_lost, language),
    )
    conversion = figures.conversion
    blocks = [
        header(heading),
        fields(
            [
                (t("staff_stats_offers"), shown),
                (t("staff_stats_validations"), str(counts.validations)),
                (t("staff_stats_purchases"), f"{figures.purchase_count}\n{bought}"),
                (t("staff_stats_cancelations"), str(counts.cancelations)),
                (t("staff_stats_withdrawals"), str(counts.withdrawals)),
                (
                    t("staff_stats_conversion"),
                    percent(conversion, language) if conversion is not None else "–",
                ),
                (t("staff_stats_recurring"), f"{net}\n{recurring}"),
                (t("staff_stats_one_off"), amounts(figures.one_off, language)),
                (
                    t("staff_stats_after_trial"),
                    t(
                        "staff_stats_after_trial_value",
                        amount=amounts(figures.after_trial, language),
                    ),
                ),
            ]
        ),
    ]
    if figures.modules:
        blocks += [
            divider(),
            section(f"*{t('staff_stats_per_module')}*\n" + _table(figures, language)),
        ]
    weeks = week_lines(figures, language)
    if weeks:
        listed = "\n".join(f"• {esc(line)}" for line in weeks[-MAX_WEEK_LINES:])
        blocks.append(section(f"*{t('staff_stats_per_week')}*\n{listed}"))
    if figures.reasons:
        lines = [
            f"• {esc(reason) if reason else t('staff_stats_no_reason')}: {count}"
            for reason, count in figures.reasons
        ]
        blocks.append(section(f"*{t('staff_stats_reasons')}*\n" + "\n".join(lines)))
    since = day(figures.since.astimezone(zone).date(), language)
    blocks.append(context(t("staff_stats_note", since=since)))
    plain = t(
        "staff_stats_plain",
        title=heading,
        purchases=figures.purchase_count,
        net=net,
    )
    return Answer(plain, blocks)


def _table(figures: StudioStats, language: str) -> str:
    """A fixed-width table with a small bar chart of purchases."""
    rows = figures.modules
    most = max((m.purchases for m in rows), default=0) or 1
    heads = [
        text(f"staff_stats_col_{name}", language)
        for name in ("module", "shown", "bought", "conversion", "monthly")
    ]
    lines = [f"{heads[0]:<{NAME_WIDTH}} {heads[1]:>7} {heads[2]:>7} {heads[3]:>6} {heads[4]:>11}"]
    for m in rows:
        bar = "█" * round(CHART_WIDTH * m.purchases / most) if m.purchases else ""
        rate = percent(m.conversion, language) if m.conversion is not None else "–"
        monthly = amounts(m.monthly, language) if m.monthly else "–"
        lines.append(
            f"{m.name[:NAME_WIDTH]:<{NAME_WIDTH}} {m.shown:>7} {m.purchases:>7} {rate:>6}"
            f" {monthly:>11} {bar}"
        )
    return "```" + esc("\n".join(lines)) + "```"
