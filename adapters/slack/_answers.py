"""What staff see as answers to their commands, as Block Kit, in the studio's language.

Every word comes from the catalogue (``conversations.texts``), every price from
``conversations.pricing``, dates and money through ``conversations.formatting``.
"""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from adapters.slack._blocks import Answer, context, esc, header, section
from bot.perfectgym import AdditionalModule
from conversations.consent import staff_summary
from conversations.formatting import day, moment, money, term
from conversations.pricing import Schedule, schedule_text
from conversations.staff import (
    NEEDS_DECISION,
    Catalogue,
    CustomerOverview,
    LinkCodeIssued,
    ModuleContractView,
    OfferOutcome,
    OfferResult,
)
from conversations.texts import has_text, text

EN = "en"


def notice(words: str, emoji: str = "ℹ️") -> Answer:
    return Answer(words, [section(f"{emoji} {words}")])


def problem(words: str) -> Answer:
    return notice(words, "⚠️")


def working(words: str) -> Answer:
    return notice(words, "⏳")


def help_answer(help_markdown: str, trouble: str | None = None) -> Answer:
    blocks = [section(f"⚠️ {trouble}")] if trouble else []
    blocks.append(section(help_markdown))
    return Answer((trouble + "\n" if trouble else "") + help_markdown, blocks)


def status_word(status: str, language: str) -> str:
    """A vendor status in words (``ACTIVE`` -> "active"); unknown ones as they are."""
    key = f"staff_status_{status}"
    return text(key, language) if has_text(key) else status


# --- customer --------------------------------------------------------------------------


def overview(view: CustomerOverview, zone: ZoneInfo, language: str = EN) -> Answer:
    customer = view.customer
    number = customer.customerNumber or text("staff_id", language, id=customer.id)
    title = f"{view.name} ({number}) · {view.studio}"
    blocks = [header(title), section(_links_text(view, zone, language))]
    if not view.contracts:
        blocks.append(section(text("staff_no_contracts", language)))
    for contract in view.contracts:
        started = _since(contract.start_date, view.today, language)
        lines = [
            text(
                "staff_contract_line",
                language,
                rate=esc(contract.rate_name),
                id=contract.id,
                status=esc(status_word(contract.status, language)),
                since=started,
            )
        ]
        lines += [_module_line(m, view.today, language) for m in contract.modules] or [
            text("staff_no_modules", language)
        ]
        blocks.append(section("\n".join(lines)))
    pending = view.pending_cancelations
    if pending:
        names = ", ".join(f"{esc(m.name)} ({m.id})" for m in pending)
        blocks.append(section(text("staff_decision_needed", language, modules=names)))
    blocks.append(
        context(
            text(
                "staff_customer_footer",
                language,
                id=customer.id,
                status=esc(status_word(str(customer.status), language)),
            )
        )
    )
    return Answer(title, blocks)


def _links_text(view: CustomerOverview, zone: ZoneInfo, language: str) -> str:
    """The member's chats: since when, consent to offers, whether they blocked the bot."""
    if not view.links:
        return text("staff_links_none", language)
    parts = []
    for link in view.links:
        flags = [staff_summary(link, zone, language)]
        if link.unreachable:
            flags.append(text("staff_link_unreachable", language))
        since = day(link.linked_at.astimezone(zone).date(), language)
        parts.append(
            text(
                "staff_link_chat",
                language,
                platform=link.platform.capitalize(),
                date=since,
                flags=", ".join(flags),
            )
        )
    return text("staff_links", language, links="; ".join(parts))


def _module_line(module: ModuleContractView, today: date | None, language: str) -> str:
    trial = module.trial_until
    if trial is not None and today is not None and trial < today:
        trial = None  # long over: the schedule alone says what it costs
    price = schedule_text(module.schedule, language, paid_from=module.paid_from, trial_until=trial)
    now = module.schedule.price_on(module.paid_from, today) if today else None
    charged = module.current_price
    if trial is None and now is not None and charged is not None and charged != now.amount:
        price += " " + text(
            "staff_price_now", language, price=money(charged, module.currency, language)
        )
    line = text(
        "staff_module_line",
        language,
        module=esc(module.name),
        status=esc(status_word(module.status, language)),
        price=esc(price),
        since=_since(module.start_date, today, language),
    )
    status = module.cancelation_status
    if status:
        when = day(module.cancelation_date, language) if module.cancelation_date else "?"
        key = f"staff_cancelation_{status}"
        words = text(
            key if has_text(key) else "staff_cancelation_other",
            language,
            date=when,
            status=esc(status),
        )
        line += "\n    " + ("⚠️ " if status in NEEDS_DECISION else "") + words
        if module.can_withdraw:
            line += " " + text("staff_can_withdraw", language)
    return line


def _since(start: date, today: date | None, language: str) -> str:
    """``since 1 Dec 2026``, or ``starts 1 Dec 2026`` for a start still ahead."""
    key = "staff_starts" if today is not None and start > today else "staff_since"
    return text(key, language, date=day(start, language))


# --- link code -------------------------------------------------------------------------


def link_code(issued: LinkCodeIssued, zone: ZoneInfo, language: str = EN) -> Answer:
    until = f"{moment(issued.expires_at, zone.key, language)} ({zone.key})"
    who = f"{esc(issued.customer_name)} ({esc(issued.customer_number or issued.customer_id)})"
    lines = [text("staff_link_code", language, who=who, code=issued.code)]
    if issued.deep_link:
        lines.append(text("staff_link_telegram", language, url=issued.deep_link))
        lines.append(f"`{issued.deep_link}`")
    else:
        lines.append(text("staff_link_start", language, code=issued.code))
    lines.append(text("staff_link_told", language, studio=esc(issued.studio)))
    lines.append(text("staff_link_valid", language, until=until))
    fallback = text("staff_link_code_plain", language, who=issued.customer_name, code=issued.code)
    return Answer(fallback, [section("\n".join(lines))])


# --- catalogue -------------------------------------------------------------------------


def catalogue(cat: Catalogue, language: str = EN) -> Answer:
    title = text("staff_catalogue_title", language, studio=cat.studio)
    blocks = [header(title)]
    if not cat.modules:
        blocks.append(section(text("staff_catalogue_empty", language)))
    for module in cat.modules:
        blocks.append(section(_module_text(module, language)))
    blocks.append(context(text("staff_catalogue_note", language)))
    return Answer(title, blocks)


def _module_text(module: AdditionalModule, language: str) -> str:
    lines = [text("staff_catalogue_module", language, module=esc(module.name), id=module.id)]
    if module.description:
        lines.append(f"_{esc(module.description)}_")
    prices = [schedule_text(Schedule.of(f), language) for f in module.paymentFrequencies]
    joined = text("price_or_join", language).join(esc(p) for p in prices)
    lines.append(
        text("staff_catalogue_price", language, price=joined or text("price_on_request", language))
    )
    info = module.termInformation
    terms = [
        text("staff_term", language, term=term(info.term.value, str(info.term.unit), language))
    ]
    if info.cancelationPeriod is not None:
        period = info.cancelationPeriod
        terms.append(
            text(
                "staff_notice_period", language, term=term(period.value, str(period.unit), language)
            )
        )
    if module.trialPeriodConfig is not None:
        trial = module.trialPeriodConfig.term
        terms.append(
            text("staff_trial", language, term=term(trial.value, str(trial.unit), language))
        )
    lines.append(" · ".join(terms))
    return "\n".join(lines)


# --- personal offers -------------------------------------------------------------------

_OFFER_EMOJI = {
    OfferOutcome.SENT: "✅",
    OfferOutcome.NO_CONSENT: "🚫",
    OfferOutcome.OPTED_OUT: "🚫",
    OfferOutcome.BUSY: "⏳",
}


def offer_result(result: OfferResult, language: str = EN) -> Answer:
    headline = (
        _OFFER_EMOJI.get(result.outcome, "⚠️")
        + " "
        + text(
            f"staff_offer_{result.outcome.value}",
            language,
            module=esc(result.module_name),
            name=esc(result.customer_name),
            platform=(result.platform or "chat").capitalize(),
        )
    )
    blocks = [section(headline)]
    if result.reason is not None:
        blocks.append(context(esc(result.reason.words(language))))
    return Answer(headline.replace("*", ""), blocks)
