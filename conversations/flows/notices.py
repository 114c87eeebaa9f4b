"""Messages the bot starts itself: reminders, campaign offers and news of contract changes.

The reminder sender (``bot.app.reminders``) has already checked consent and the facts with
PerfectGym; these flows only word the message in the member's language and attach buttons
that continue in the engine ("Keep Sauna" starts the withdraw flow). They run through
``Engine.push``, so buttons get tokens and the conversation lock is respected, and leave the
conversation as it was. Only the trial notice reads from PerfectGym: the price the module
costs after the trial (one read; if it fails, the notice goes out without the figure). A
member in the middle of another dialog is not interrupted: the flow reports BUSY and the
sender tries again later.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from bot.perfectgym import AdditionalModule, PerfectGymError
from conversations.consent import Purpose, purpose_of
from conversations.flows.booking import offer_price
from conversations.formatting import day
from conversations.payloads import ModuleChoice, ModuleContractChoice
from conversations.pricing import Schedule, schedule_text
from conversations.states import Action, State
from conversations.texts import text
from conversations.turn import Turn
from conversations.types import Button


class NoticeKind(StrEnum):
    """What a notice is about: a reminder rule, or a change PerfectGym reported."""

    CANCELATION = "cancelation"
    TRIAL = "trial"
    VIEWED = "viewed"
    CAMPAIGN = "campaign"
    ADDED = "added"
    CANCEL_PENDING = "cancel_pending"
    CANCELED = "canceled"
    CANCEL_CONFIRMED = "cancel_confirmed"
    WITHDRAWN = "withdrawn"
    WITHDRAW_PENDING = "withdraw_pending"
    WITHDRAW_REJECTED = "withdraw_rejected"
    DATE_CHANGED = "date_changed"


_KEEPABLE = frozenset(
    {
        NoticeKind.CANCEL_PENDING,
        NoticeKind.CANCELED,
        NoticeKind.CANCEL_CONFIRMED,
        NoticeKind.WITHDRAW_REJECTED,
        NoticeKind.DATE_CHANGED,
    }
)


def notice_text(key: str, language: str, /, **values: Any) -> str:
    """A notice text from the catalogue (``notice_<key>`` in ``conversations.texts``)."""
    return text(f"notice_{key}", language, **values)


@dataclass(frozen=True)
class Notice:
    """What to tell a member; built by the reminder sender from facts it just checked."""

    kind: NoticeKind
    module: str
    studio: str
    date: date | None = None
    days: int | None = None
    module_contract_id: int | None = None
    module_id: int | None = None
    withdrawable: bool = False
    offer: AdditionalModule | None = None
    """The module as PerfectGym offers it now (viewed follow-ups and campaigns): its price."""
    overrides: dict[str, str] = field(default_factory=dict)
    """Per language, a configured template replacing the first paragraph."""
    custom_text: str | None = None
    custom_language: str | None = None
    """Staff's own words for a campaign, used verbatim for members of that language."""


class NoticeOutcome(StrEnum):
    SHOWN = "shown"
    NOT_LINKED = "not_linked"
    BUSY = "busy"


@dataclass
class NoticeReport:
    """Filled in by ``show`` so the sender knows whether to deliver, skip or retry later."""

    outcome: NoticeOutcome | None = None


async def show(turn: Turn, notice: Notice, report: NoticeReport) -> State | None:
    """Word ``notice`` for this chat and say in ``report`` what happened.

    Run through ``Engine.push`` (``lambda turn: show(turn, notice, report)``); never changes
    the conversation (returns None).
    """
    if turn.link is None:
        report.outcome = NoticeOutcome.NOT_LINKED
        return None
    if turn.state is not State.IDLE:
        report.outcome = NoticeOutcome.BUSY
        return None
    language = turn.language
    extra: dict[str, str] = {}
    if notice.kind is NoticeKind.TRIAL and notice.date is not None:
        extra = await _after_trial(turn, notice, notice.date)
    lines = [_first_paragraph(notice, language, extra)]
    if notice.offer is not None and notice.offer.paymentFrequencies:
        lines.append(turn.t("line_price", price=offer_price(notice.offer, language)))
    if purpose_of(notice.kind) is Purpose.MARKETING:
        lines += ["", turn.t("offers_footer")]
    turn.out.say("\n".join(lines), _buttons(turn, notice), replace=False)
    report.outcome = NoticeOutcome.SHOWN
    return None


async def _after_trial(turn: Turn, notice: Notice, trial_end: date) -> dict[str, str]:
    """The first paid day and the price schedule from then on; empty if it cannot be read."""
    link = turn.link
    if link is None or link.contract_id is None or notice.module_contract_id is None:
        return {}
    try:
        contracts = await turn.studio.client.customer_contracts(
            link.customer_id, language=turn.language
        )
    except PerfectGymError:
        return {}
    sub = next(
        (
            s
            for c in contracts
            if c.id == link.contract_id
            for s in c.moduleContracts or []
            if s.id == notice.module_contract_id
        ),
        None,
    )
    if sub is None:
        return {}
    paid_from = trial_end + timedelta(days=1)
    schedule = Schedule.of(sub.priceDetails.paymentFrequency)
    return {
        "price": schedule_text(schedule, turn.language, paid_from=paid_from),
        "paid_from": day(paid_from, turn.language),
    }


def _first_paragraph(notice: Notice, language: str, extra: dict[str, str]) -> str:
    if notice.custom_text and notice.custom_language == language:
        return notice.custom_text
    values = {
        "module": notice.module,
        "studio": notice.studio,
        "date": day(notice.date, language) if notice.date else "",
        "days": "" if notice.days is None else str(notice.days),
        **extra,
    }
    template = notice.overrides.get(language)
    if template:
        return template.format(**values)
    key = str(notice.kind)
    if notice.kind is NoticeKind.TRIAL and "price" not in extra:
        key = "trial_unpriced"
    return notice_text(key, language, **values)


def _buttons(turn: Turn, notice: Notice) -> list[list[Button]]:
    language = turn.language
    module = notice.module
    rows: list[list[Button]] = []
    contract_id = notice.module_contract_id
    kind = notice.kind
    if kind is NoticeKind.CANCELATION and contract_id is not None:
        label = notice_text("btn_keep", language, module=module)
        rows.append([turn.out.button(label, Action.WITHDRAW, _contract(contract_id))])
    elif kind is NoticeKind.TRIAL and contract_id is not None:
        keep = notice_text("btn_keep", language, module=module)
        cancel = notice_text("btn_cancel", language, module=module)
        rows.append(
            [
                turn.out.button(keep, Action.MODULE_CONTRACT, _contract(contract_id)),
                turn.out.button(cancel, Action.CANCEL, _contract(contract_id)),
            ]
        )
    elif kind in (NoticeKind.VIEWED, NoticeKind.CAMPAIGN) and notice.module_id is not None:
        label = notice_text("btn_show", language, module=module)
        choice = ModuleChoice(module_id=notice.module_id)
        rows.append([turn.out.button(label, Action.MODULE, choice)])
        rows.append([turn.out.button(turn.t("btn_offers"), Action.OFFERS)])
        return rows
    elif kind in _KEEPABLE and notice.withdrawable and contract_id is not None:
        label = notice_text("btn_keep", language, module=module)
        rows.append([turn.out.button(label, Action.WITHDRAW, _contract(contract_id))])
    rows.append([turn.out.button(turn.t("btn_mine"), Action.MINE)])
    return rows


def _contract(module_contract_id: int) -> ModuleContractChoice:
    return ModuleContractChoice(module_contract_id=module_contract_id)


__all__ = [
    "Notice",
    "NoticeKind",
    "NoticeOutcome",
    "NoticeReport",
    "notice_text",
    "show",
]
