"""``/upsell stats``: the upsell figures as Block Kit, in the studio's language.

Purchases split into paid, trial, free and one-off; monthly recurring revenue added counts
paid recurring prices (trials once they turn paid) net of cancelations; one-off revenue and
what running trials will add are shown apart; conversion per module; cancelation reasons.
"""

from __future__ import annotations

from decimal import Decimal
from zoneinfo import ZoneInfo

from adapters.slack._blocks import Answer, context, divider, esc, fields, header, section
from bot.store import PurchaseKind
from conversations.formatting import day, money, percent
from conversations.staff import StudioStats
from conversations.staff._figures import Amounts
from conversations.texts import text

CHART_WIDTH = 12
NAME_WIDTH = 18


def stats(figures: StudioStats, zone: ZoneInfo, language: str) -> Answer:
    def t(key: str, **values: object) -> str:
        return text(key, language, **values)

    counts = figures.counts
    if figures.days == 1:
        period = t("staff_stats_period_day")
    else:
        period = t("staff_stats_period", days=figures.days)
    title = t("staff_stats_title", studio=figures.studio, period=period)
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
        header(title),
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
        title=title,
        purchases=figures.purchase_count,
        net=net,
    )
    return Answer(plain, blocks)


def amounts(values: Amounts, language: str) -> str:
    """Money per currency (``€9.90``, or ``€9.90, CHF 5.00``); nothing is ``€0.00``."""
    if not values:
        return money(Decimal(0), "EUR", language)
    return ", ".join(money(v, c or "EUR", language) for c, v in sorted(values.items()))


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
