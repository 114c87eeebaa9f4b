"""What staff see as answers to their commands, rendered as Block Kit (English, staff-facing)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from adapters.slack._blocks import Answer, context, divider, esc, fields, header, section
from bot.perfectgym import AdditionalModule
from bot.reminders import CampaignResult
from conversations.consent import staff_summary
from conversations.formatting import day, money, term
from conversations.pricing import Schedule, schedule_text
from conversations.staff import (
    Catalogue,
    CustomerOverview,
    LinkCodeIssued,
    ModuleContractView,
    OfferOutcome,
    OfferResult,
    StudioStats,
)

EN = "en"
NEEDS_DECISION = ("PENDING_VERIFICATION", "PENDING_WITHDRAWAL_VERIFICATION")
CHART_WIDTH = 12


def notice(text: str, emoji: str = "ℹ️") -> Answer:
    return Answer(text, [section(f"{emoji} {text}")])


def problem(text: str) -> Answer:
    return notice(text, "⚠️")


def working(text: str) -> Answer:
    return notice(text, "⏳")


def help_answer(help_markdown: str, trouble: str | None = None) -> Answer:
    blocks = [section(f"⚠️ {trouble}")] if trouble else []
    blocks.append(section(help_markdown))
    return Answer((trouble + "\n" if trouble else "") + help_markdown, blocks)


# --- customer --------------------------------------------------------------------------


def overview(view: CustomerOverview, zone: ZoneInfo) -> Answer:
    customer = view.customer
    number = customer.customerNumber or f"id {customer.id}"
    title = f"{view.name} ({number}) · {view.studio}"
    blocks = [header(title), section(_links_text(view, zone))]
    if not view.contracts:
        blocks.append(section("No contracts."))
    for contract in view.contracts:
        lines = [
            f"*{esc(contract.rate_name)}* (contract {contract.id}) · {esc(contract.status)}"
            f" · since {_day(contract.start_date)}"
        ]
        lines += [_module_line(m) for m in contract.modules] or ["_no modules_"]
        blocks.append(section("\n".join(lines)))
    pending = view.pending_cancelations
    if pending:
        names = ", ".join(f"{esc(m.name)} ({m.id})" for m in pending)
        blocks.append(
            section(
                f"⚠️ *Staff decision needed in PerfectGym* for: {names}. Confirm or reject "
                "the pending cancelation (or withdrawal) there."
            )
        )
    blocks.append(context(f"customer id {customer.id} · status {esc(customer.status)}"))
    return Answer(title, blocks)


def _links_text(view: CustomerOverview, zone: ZoneInfo) -> str:
    if not view.links:
        return "💬 *Not linked* to any chat. `link` gives a code for the member."
    parts = []
    for link in view.links:
        since = day(link.linked_at.astimezone(zone).date(), EN)
        flags = [staff_summary(link, zone, EN)]
        if link.unreachable:
            flags.append("unreachable (blocked the bot)")
        parts.append(f"{link.platform.capitalize()} since {since} ({', '.join(flags)})")
    return "💬 *Linked:* " + "; ".join(parts)


def _module_line(module: ModuleContractView) -> str:
    price = money(Decimal(module.price), module.currency, EN)
    since = _day(module.start_date)
    line = f"• {esc(module.name)} · {esc(module.status)} · {price} · since {since}"
    if module.cancelation_status:
        when = f" to {_day(module.cancelation_date)}" if module.cancelation_date else ""
        mark = "⚠️ " if module.cancelation_status in NEEDS_DECISION else ""
        line += f"\n    {mark}cancelation {esc(module.cancelation_status)}{when}"
        if module.can_withdraw:
            line += " (the member can still withdraw it)"
    return line


def _day(iso: str | None) -> str:
    return day(date.fromisoformat(iso), EN) if iso else "?"


# --- link code -------------------------------------------------------------------------


def link_code(issued: LinkCodeIssued, zone: ZoneInfo) -> Answer:
    expires = issued.expires_at.astimezone(zone)
    until = f"{day(expires.date(), EN)}, {expires:%H:%M} ({zone.key})"
    who = f"{esc(issued.customer_name)} ({esc(issued.customer_number or issued.customer_id)})"
    lines = [f"🔑 Link code for {who}: `{issued.code}`"]
    if issued.deep_link:
        lines.append(f"Telegram: <{issued.deep_link}|open the bot with this code>")
        lines.append(f"`{issued.deep_link}`")
    else:
        lines.append("The member sends `/start " + issued.code + "` to the Telegram bot.")
    lines.append(f"Valid until {until}, once. Only you can see this message.")
    text = f"Link code for {issued.customer_name}: {issued.code}"
    return Answer(text, [section("\n".join(lines))])


# --- catalogue -------------------------------------------------------------------------


def catalogue(cat: Catalogue) -> Answer:
    title = f"Modules · {cat.studio}"
    blocks = [header(title)]
    if not cat.modules:
        blocks.append(section("No module is enabled for online booking."))
    for module in cat.modules:
        blocks.append(section(_module_text(module)))
    blocks.append(
        context(
            "✅ = bookable online in the chat. PerfectGym lists only modules enabled for online "
            "booking; desk-only modules do not appear here."
        )
    )
    return Answer(title, blocks)


def _module_text(module: AdditionalModule) -> str:
    lines = [f"✅ *{esc(module.name)}* (id {module.id})"]
    if module.description:
        lines.append(f"_{esc(module.description)}_")
    prices = [schedule_text(Schedule.of(f), EN) for f in module.paymentFrequencies] or [
        "price on request"
    ]
    lines.append("Price: " + " or ".join(esc(p) for p in prices))
    info = module.termInformation
    terms = [f"term {term(info.term.value, str(info.term.unit), EN)}"]
    if info.cancelationPeriod is not None:
        period = info.cancelationPeriod
        terms.append(f"notice {term(period.value, str(period.unit), EN)}")
    if module.trialPeriodConfig is not None:
        trial = module.trialPeriodConfig.term
        terms.append(f"trial {term(trial.value, str(trial.unit), EN)}")
    lines.append(" · ".join(terms))
    return "\n".join(lines)


# --- figures ---------------------------------------------------------------------------


def stats(figures: StudioStats, zone: ZoneInfo) -> Answer:
    counts = figures.counts
    since = day(figures.since.astimezone(zone).date(), EN)
    title = f"Upsell figures · {figures.studio} · last {figures.days} days"
    conversion = figures.conversion
    revenue = _revenue(counts.revenue)
    shown = f"{counts.offers_shown}"
    if figures.personal_offers:
        shown += f" (+{figures.personal_offers} personal offers)"
    blocks = [
        header(title),
        fields(
            [
                ("Offers shown", shown),
                ("Validations", str(counts.validations)),
                ("Purchases", str(counts.purchases)),
                ("Cancelations", str(counts.cancelations)),
                ("Withdrawals", str(counts.withdrawals)),
                ("Conversion", f"{conversion:.0%}" if conversion is not None else "–"),
                ("Monthly revenue added", revenue),
            ]
        ),
    ]
    if counts.by_module:
        blocks += [divider(), section("*Per module*\n" + _module_table(figures))]
    blocks.append(
        context(
            f"Since {since}. Conversion = purchases / offer lists shown. Revenue = monthly "
            "amounts of the modules booked (one-off prices add nothing)."
        )
    )
    text = (
        f"{title}: {counts.offers_shown} offers shown, {counts.purchases} purchases, "
        f"{revenue} per month added"
    )
    return Answer(text, blocks)


def _revenue(amounts: dict[str, Decimal]) -> str:
    if not amounts:
        return money(Decimal(0), "EUR", EN)
    return ", ".join(money(v, c or "EUR", EN) for c, v in sorted(amounts.items()))


def _module_table(figures: StudioStats) -> str:
    """A fixed-width table with a small bar chart of purchases."""
    rows = figures.counts.by_module
    most = max((m.counts.get("purchased", 0) for m in rows), default=0) or 1
    lines = [f"{'Module':<18} {'Viewed':>6} {'Valid.':>6} {'Bought':>6} {'Per month':>11}"]
    for m in rows:
        bought = m.counts.get("purchased", 0)
        bar = "█" * round(CHART_WIDTH * bought / most) if bought else ""
        name = (m.module_name or f"#{m.module_id}")[:18]
        lines.append(
            f"{name:<18} {m.counts.get('module_viewed', 0):>6} {m.counts.get('validated', 0):>6}"
            f" {bought:>6} {_revenue(m.revenue) if m.revenue else '–':>11} {bar}"
        )
    return "```" + esc("\n".join(lines)) + "```"


# --- personal offers -------------------------------------------------------------------

_OFFER_HEADLINES = {
    OfferOutcome.SENT: "✅ Offer for *{module}* sent to {name} on {platform}.",
    OfferOutcome.NOT_LINKED: "⚠️ Not sent: {name} has no chat linked to the bot yet.",
    OfferOutcome.NO_CONSENT: "🚫 Not sent: {name} has not agreed to messages like this.",
    OfferOutcome.UNREACHABLE: "⚠️ Not sent: {name} cannot be reached in the chat.",
    OfferOutcome.NOT_PURCHASABLE: "⚠️ Not sent: *{module}* cannot be booked on {name}'s contract.",
    OfferOutcome.BUSY: "⏳ Not sent: {name} is in the middle of another step; try again later.",
    OfferOutcome.FAILED: "⚠️ Not sent: something failed on the way.",
}


def offer_result(result: OfferResult) -> Answer:
    headline = _OFFER_HEADLINES[result.outcome].format(
        module=esc(result.module_name),
        name=esc(result.customer_name),
        platform=(result.platform or "chat").capitalize(),
    )
    blocks = [section(headline)]
    if result.reason:
        blocks.append(context(esc(result.reason)))
    return Answer(headline.replace("*", ""), blocks)


def campaign_result(result: CampaignResult, zone: ZoneInfo) -> Answer:
    quiet = (
        " It falls into quiet hours, so it goes out when they end."
        if (result.starts_in_quiet_hours)
        else ""
    )
    headline = (
        f"📣 Campaign #{result.campaign_id} scheduled: *{esc(result.module_name)}* on "
        f"{when(result.at, zone)} ({esc(result.studio)}).{quiet}"
    )
    detail = (
        f"{result.members} linked member(s) have opted in to offers right now. Each is checked "
        "right "
        "before sending: the contract can book the module and does not have it, and the "
        "member still consents."
    )
    return Answer(headline.replace("*", ""), [section(headline), context(esc(detail))])


def when(moment: datetime, zone: ZoneInfo) -> str:
    local = moment.astimezone(zone)
    return f"{day(local.date(), EN)}, {local:%H:%M}"
