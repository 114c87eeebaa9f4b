"""The studio channel's feed: purchases, cancelations, withdrawals, failures, links, notices.

Anything that needs a person (a cancelation PENDING_VERIFICATION, an unclear purchase) says so
in its headline. Each item about a customer carries a "Look up customer" button.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from adapters.slack._answers import EN, NEEDS_DECISION, when
from adapters.slack._blocks import Answer, Block, context, esc, header, lookup_button, section
from conversations.events import StaffEvent, StaffEventKind
from conversations.formatting import money
from conversations.staff import StaffNotice

_PROBLEMS = {
    "unclear_purchase": (
        "Unclear purchase outcome",
        "PerfectGym did not say clearly whether the booking of *{module}* went through. "
        "Please check the member's contract in PerfectGym; the member was told we are "
        "checking, and the bot will not book it twice.",
    ),
    "unclear_cancel": (
        "Unclear cancelation outcome",
        "PerfectGym did not say clearly whether the cancelation of *{module}* went through. "
        "Please check the module contract in PerfectGym.",
    ),
    "unclear_withdraw": (
        "Unclear withdrawal outcome",
        "PerfectGym did not say clearly whether the withdrawal for *{module}* went through. "
        "Please check the module contract in PerfectGym.",
    ),
    "api_access": (
        "PerfectGym refused the bot's API key",
        "The bot could not act for members ({error}). Check the studio's API key and its "
        "scopes in PerfectGym.",
    ),
}


def render_event(event: StaffEvent, zone: ZoneInfo) -> Answer:
    """One feed message for an engine event."""
    module = esc(event.module_name or "a module")
    who = _who(event)
    kind = event.kind
    status = event.status or ""
    lines: list[str] = []
    if kind is StaffEventKind.PURCHASE:
        title = f"🛒 Purchase: {event.module_name or 'module'}"
        lines.append(f"{who} booked *{module}* in the chat.")
        monthly = _monthly(event)
        if monthly:
            lines.append(f"Adds {monthly} per month.")
    elif kind is StaffEventKind.CANCELATION and status == "PENDING_VERIFICATION":
        title = f"⚠️ Staff decision needed: cancelation of {event.module_name or 'a module'}"
        lines.append(
            f"{who} canceled *{module}* in the chat. *Staff decision needed in PerfectGym:* "
            "confirm or reject this cancelation there (status PENDING_VERIFICATION)."
        )
        lines += _cancelation_details(event)
    elif kind is StaffEventKind.CANCELATION:
        title = f"✂️ Cancelation: {event.module_name or 'module'}"
        lines.append(f"{who} canceled *{module}* in the chat (status {esc(status or '?')}).")
        lines += _cancelation_details(event)
    elif kind is StaffEventKind.WITHDRAWAL and status in NEEDS_DECISION:
        title = f"⚠️ Staff decision needed: withdrawal for {event.module_name or 'a module'}"
        lines.append(
            f"{who} took back the cancelation of *{module}*. *Staff decision needed in "
            f"PerfectGym:* confirm the withdrawal there (status {esc(status)})."
        )
    elif kind is StaffEventKind.WITHDRAWAL:
        title = f"↩️ Cancelation withdrawn: {event.module_name or 'module'}"
        lines.append(f"{who} keeps *{module}*: the cancelation was withdrawn in the chat.")
    elif kind is StaffEventKind.NEEDS_HUMAN:
        problem = str(event.detail.get("problem") or "")
        name, explanation = _PROBLEMS.get(
            problem, ("Needs a person", "Something needs a look: {detail}")
        )
        title = f"🚨 {name}"
        lines.append(
            explanation.format(
                module=module,
                error=esc(event.detail.get("error") or "error"),
                detail=esc(", ".join(f"{k}: {v}" for k, v in event.detail.items())),
            )
        )
        if event.customer_id is not None:
            lines.append(f"Customer: {who}.")
    elif kind is StaffEventKind.LINKED:
        title = "🔗 Chat linked"
        platform = str(event.detail.get("platform") or "chat").capitalize()
        via = "a staff link code" if event.detail.get("via") == "code" else "number and birth date"
        lines.append(f"{who} linked a {esc(platform)} chat (via {via}).")
    else:
        title = "📝 Change from PerfectGym"
        lines.append(f"{who}: {esc(event.module_name or '')} {esc(status)}".strip(" :"))
        lines += [f"{esc(k)}: {esc(v)}" for k, v in event.detail.items()]
    blocks = [header(title), section("\n".join(lines))]
    blocks += _footer(event.studio, when(event.at, zone) if event.at else None, event.customer_id)
    return Answer(f"{title} ({event.studio})", blocks)


def render_notice(notice: StaffNotice, zone: ZoneInfo) -> Answer:
    """One feed message for a free-form staff notice."""
    title = ("⚠️ " if notice.needs_action else "📝 ") + notice.title
    blocks = [header(title), section(esc(notice.text) or "-")]
    blocks += _footer(
        notice.studio, when(notice.at, zone) if notice.at else None, notice.customer_id
    )
    return Answer(f"{title} ({notice.studio})", blocks)


def _footer(studio: str, at: str | None, customer_id: int | None) -> list[Block]:
    blocks = [context(" · ".join(part for part in (esc(studio), at) if part))]
    if customer_id is not None:
        blocks.append(lookup_button(studio, customer_id))
    return blocks


def _who(event: StaffEvent) -> str:
    if event.customer_number:
        return f"Customer {esc(event.customer_number)}"
    if event.customer_id is not None:
        return f"Customer id {event.customer_id}"
    return "A member"


def _monthly(event: StaffEvent) -> str | None:
    raw = event.detail.get("monthly")
    try:
        amount = Decimal(str(raw))
    except (InvalidOperation, ValueError):
        return None
    if not amount:
        return None
    return money(amount, str(event.detail.get("currency") or "EUR"), EN)


def _cancelation_details(event: StaffEvent) -> list[str]:
    lines = []
    if event.detail.get("cancelation_date"):
        lines.append(f"Ends on {esc(event.detail['cancelation_date'])}.")
    if event.detail.get("reason"):
        lines.append(f"Reason: {esc(event.detail['reason'])}.")
    return lines
