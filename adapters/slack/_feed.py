"""The studio channel's feed: purchases, cancelations, withdrawals, failures, links, notices.

In the studio's language, dates and money localised (no ISO dates). Anything that needs a
person (a cancelation PENDING_VERIFICATION, an unclear purchase) says so in its headline.
Each item about a customer carries a "Look up customer" button.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from adapters.slack._blocks import Answer, Block, context, esc, header, lookup_button, section
from adapters.slack._campaign_answers import when
from bot.perfectgym import PaymentFrequency
from conversations.events import StaffEvent, StaffEventKind
from conversations.formatting import day, money, term
from conversations.pricing import Schedule, schedule_text
from conversations.staff import NEEDS_DECISION, StaffNotice
from conversations.texts import has_text, text

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_ADJECTIVES = {"DAY": "daily", "WEEK": "weekly", "MONTH": "monthly", "YEAR": "yearly"}


def render_event(event: StaffEvent, zone: ZoneInfo, language: str) -> Answer:
    """One feed message for an engine event."""

    def t(key: str, **values: Any) -> str:
        return text(key, language, **values)

    module = esc(event.module_name or t("feed_a_module"))
    who = _who(event, language)
    kind, status = event.kind, event.status or ""
    lines: list[str] = []
    if kind is StaffEventKind.PURCHASE:
        title = t("feed_purchase_title", module=event.module_name or t("feed_a_module"))
        lines.append(t("feed_purchase", who=who, module=module))
        lines += _purchase_details(event, language)
    elif kind is StaffEventKind.CANCELATION and status == "PENDING_VERIFICATION":
        title = t("feed_cancel_pending_title", module=event.module_name or t("feed_a_module"))
        lines.append(t("feed_cancel_pending", who=who, module=module))
        lines += _cancelation_details(event, language)
    elif kind is StaffEventKind.CANCELATION:
        title = t("feed_cancel_title", module=event.module_name or t("feed_a_module"))
        lines.append(t("feed_cancel", who=who, module=module, status=esc(status or "?")))
        lines += _cancelation_details(event, language)
    elif kind is StaffEventKind.WITHDRAWAL and status in NEEDS_DECISION:
        title = t("feed_withdraw_pending_title", module=event.module_name or t("feed_a_module"))
        lines.append(t("feed_withdraw_pending", who=who, module=module, status=esc(status)))
    elif kind is StaffEventKind.WITHDRAWAL:
        title = t("feed_withdraw_title", module=event.module_name or t("feed_a_module"))
        lines.append(t("feed_withdraw", who=who, module=module))
    elif kind is StaffEventKind.NEEDS_HUMAN:
        problem = str(event.detail.get("problem") or "")
        known = has_text(f"feed_problem_{problem}")
        title = "🚨 " + t(f"feed_problem_{problem}_title" if known else "feed_problem_title")
        lines.append(
            t(
                f"feed_problem_{problem}" if known else "feed_problem",
                module=module,
                error=esc(event.detail.get("error") or "error"),
                detail=_detail_text(event.detail, language),
            )
        )
        if event.customer_id is not None:
            lines.append(t("feed_concerns", who=who))
    elif kind is StaffEventKind.LINKED:
        title = t("feed_linked_title")
        platform = str(event.detail.get("platform") or "chat").capitalize()
        via = t("feed_via_code" if event.detail.get("via") == "code" else "feed_via_self")
        lines.append(t("feed_linked", who=who, platform=esc(platform), via=via))
    else:
        title = t("feed_change_title")
        lines.append(_change_line(event, who, language))
    blocks = [header(title), section("\n".join(lines))]
    at = when(event.at, zone, language)
    blocks += _footer(event.studio, at, event.customer_id, language)
    return Answer(f"{title} ({event.studio})", blocks)


def render_notice(notice: StaffNotice, zone: ZoneInfo, language: str) -> Answer:
    """One feed message for a staff notice (worded from the catalogue when it has a key)."""
    title, body = notice.title, notice.text
    if notice.key is not None and has_text(notice.key):
        title = text(f"{notice.key}_title", language, **notice.values)
        body = text(notice.key, language, **notice.values)
    title = ("⚠️ " if notice.needs_action else "📝 ") + title
    blocks = [header(title), section(esc(body) or "-")]
    at = when(notice.at, zone, language) if notice.at else None
    blocks += _footer(notice.studio, at, notice.customer_id, language)
    return Answer(f"{title} ({notice.studio})", blocks)


def _footer(studio: str, at: str | None, customer_id: int | None, language: str) -> list[Block]:
    blocks = [context(" · ".join(part for part in (esc(studio), at) if part))]
    if customer_id is not None:
        blocks.append(lookup_button(studio, customer_id, language))
    return blocks


def _who(event: StaffEvent, language: str) -> str:
    if event.customer_number:
        return text("feed_who_number", language, number=esc(event.customer_number))
    if event.customer_id is not None:
        return text("feed_who_id", language, id=event.customer_id)
    return text("feed_who_unknown", language)


def _purchase_details(event: StaffEvent, language: str) -> list[str]:
    """Payment option, price schedule, trial, and what it adds per month."""
    detail = event.detail
    trial_until = _date(detail.get("trial_until"))
    paid_from = _date(detail.get("paid_from"))
    lines = []
    schedule = _schedule(detail.get("frequency"))
    if schedule is not None:
        option = payment_option(schedule, language)
        lines.append(text("feed_payment_option", language, option=option))
        price = schedule_text(schedule, language, paid_from=paid_from, trial_until=trial_until)
        lines.append(text("feed_price", language, price=esc(price)))
    elif trial_until is not None:
        lines.append(text("feed_trial_until", language, date=day(trial_until, language)))
    if detail.get("kind") == "paid":
        lines.append(text("feed_no_trial", language))
    monthly = _money(detail.get("monthly"), str(detail.get("currency") or "EUR"), language)
    if monthly and detail.get("trial") and paid_from is not None:
        first = day(paid_from, language)
        lines.append(text("feed_adds_after_trial", language, monthly=monthly, date=first))
    elif monthly:
        lines.append(text("feed_adds_monthly", language, monthly=monthly))
    return lines


def _schedule(raw: Any) -> Schedule | None:
    """The booked payment option's schedule, if the event carries a readable one."""
    if not isinstance(raw, dict):
        return None
    try:
        return Schedule.of(PaymentFrequency.model_validate(raw))
    except ValueError:  # a malformed record must not cost the whole feed message
        return None


def payment_option(schedule: Schedule, language: str) -> str:
    """How often it is paid: ``monthly``, ``every 12 months``, ``once``, ``free of charge``."""
    if schedule.free:
        return text("price_free", language)
    if schedule.once or schedule.period is None:
        return text("feed_option_once", language)
    period = schedule.period
    if period.value == 1 and period.unit in _ADJECTIVES:
        return text(f"feed_option_{_ADJECTIVES[period.unit]}", language)
    return text("feed_option_every", language, term=term(period.value, period.unit, language))


def _cancelation_details(event: StaffEvent, language: str) -> list[str]:
    lines = []
    ends = _date(event.detail.get("cancelation_date"))
    if ends is not None:
        lines.append(text("feed_ends_on", language, date=day(ends, language)))
    if event.detail.get("reason"):
        lines.append(text("feed_reason", language, reason=esc(event.detail["reason"])))
    return lines


def _change_line(event: StaffEvent, who: str, language: str) -> str:
    """A change PerfectGym reported: in words from the catalogue when its kind is known."""
    change = str(event.detail.get("change") or "")
    module = esc(event.module_name or "")
    if has_text(f"feed_change_{change}"):
        on = _date(event.detail.get("date"))
        line = text(f"feed_change_{change}", language, who=who, module=module)
        if on is not None:
            line += " " + text("feed_change_date", language, date=day(on, language))
        return line
    line = f"{who}: {module} {esc(event.status or '')}".strip(" :")
    rest = {k: v for k, v in event.detail.items() if k != "change"}
    return line + ("\n" + _detail_text(rest, language, "\n") if rest else "")


def _detail_text(detail: dict[str, Any], language: str, separator: str = ", ") -> str:
    """Extra facts as ``key: value``, dates in the studio's language."""
    parts = []
    for key, value in detail.items():
        on = _date(value)
        shown = day(on, language) if on is not None else str(value)
        parts.append(f"{esc(key)}: {esc(shown)}")
    return separator.join(parts)


def _date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _ISO_DAY.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _money(raw: Any, currency: str, language: str) -> str | None:
    try:
        amount = Decimal(str(raw))
    except (InvalidOperation, ValueError):
        return None
    return money(amount, currency, language) if amount else None
