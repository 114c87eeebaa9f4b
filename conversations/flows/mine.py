"""The member's own modules: the list on the linked contract, and one module in detail.

Every price with its whole schedule and period; a module that has not started yet says when
it starts, a running trial says until when it is free and what it costs afterwards, and a
cancelation the studio has yet to confirm is shown as requested, not as done.
"""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from typing import Any

from bot.dates import last_day_of_term
from bot.perfectgym import (
    AdditionalModuleContractExtended,
    NotFound,
    PerfectGymError,
    SubContract,
)
from conversations.formatting import day
from conversations.payloads import ModuleContractChoice
from conversations.pricing import Schedule, payment_text, schedule_text
from conversations.states import Action, State
from conversations.texts import has_text
from conversations.turn import Turn


async def overview(turn: Turn) -> State:
    link = turn.membership
    client = turn.studio.client
    contracts = await client.customer_contracts(link.customer_id, language=turn.language)
    turn.draft = None
    contract = next((c for c in contracts if c.id == link.contract_id), None)
    if contract is None:
        turn.out.say(turn.t("contract_gone"), [[turn.out.button(turn.t("btn_link"), Action.LINK)]])
        return State.IDLE
    subs = [s for s in contract.moduleContracts or [] if str(s.contractStatus) == "ACTIVE"]
    if not subs:
        turn.out.say(turn.t("mine_empty"), turn.out.menu_rows())
        return State.IDLE
    # The list of module contracts knows no trial and no pending cancelation: read each one.
    found = await asyncio.gather(*(_details(turn, link.contract_id, sub.id) for sub in subs))
    today = studio_today(turn)
    lines = [turn.t("mine_intro", rate=contract.rateName)]
    rows = []
    for sub, details in zip(subs, found, strict=True):
        lines.append("• " + summary_line(turn, sub, details, today))
        rows.append(
            [
                turn.out.button(
                    sub.rateName,
                    Action.MODULE_CONTRACT,
                    ModuleContractChoice(module_contract_id=sub.id),
                )
            ]
        )
    rows.append(
        [
            turn.out.button(turn.t("btn_offers"), Action.OFFERS),
            turn.out.button(turn.t("btn_menu"), Action.MENU),
        ]
    )
    turn.out.say("\n".join(lines), rows)
    return State.IDLE


def summary_line(
    turn: Turn, sub: SubContract, details: AdditionalModuleContractExtended | None, today: date
) -> str:
    """``Sauna – free trial until 10 Dec 2026, then €9.90/month, starts on 27 Nov 2026``."""
    trial_end = running_trial_end(details, today)
    price = price_text(turn, sub, trial_end)
    start_key = "mine_since" if sub.startDate <= today else "mine_starts"
    parts = [
        turn.t("mine_line", module=sub.rateName, price=price),
        turn.t(start_key, date=day(sub.startDate, turn.language)),
    ]
    status = _cancel_status(turn, sub, details)
    if status:
        parts.append(status)
    return ", ".join(parts)


async def detail(turn: Turn) -> State:
    chosen = await chosen_module_contract(turn)
    if chosen is None:
        return State.IDLE
    module_contract_id, details = chosen
    link = turn.membership
    contracts = await turn.studio.client.customer_contracts(
        link.customer_id, language=turn.language
    )
    sub = next(
        (
            s
            for c in contracts
            if c.id == link.contract_id
            for s in c.moduleContracts or []
            if s.id == module_contract_id
        ),
        None,
    )
    rows: list[list[Any]] = []
    if details.contractCancelationCanBeWithdrawn and details.contractCancelationStatus is not None:
        rows.append(
            [
                turn.out.button(
                    turn.t("btn_withdraw", module=details.name),
                    Action.WITHDRAW,
                    ModuleContractChoice(module_contract_id=module_contract_id),
                )
            ]
        )
    elif details.contractCancelationStatus is None and details.availableCancelationDates:
        rows.append(
            [
                turn.out.button(
                    turn.t("btn_cancel_module"),
                    Action.CANCEL,
                    ModuleContractChoice(module_contract_id=module_contract_id),
                )
            ]
        )
    rows.append(
        [
            turn.out.button(turn.t("btn_mine"), Action.MINE),
            turn.out.button(turn.t("btn_menu"), Action.MENU),
        ]
    )
    turn.out.say(describe(turn, details, sub, module_contract_id), rows)
    return State.IDLE


async def chosen_module_contract(
    turn: Turn,
) -> tuple[int, AdditionalModuleContractExtended] | None:
    """The module contract a button names, read from the linked contract.

    None when the button is odd or the module contract is gone; the member has been told.
    """
    link = turn.membership
    module_contract_id = turn.payload_as(ModuleContractChoice).module_contract_id
    turn.draft = None
    try:
        details = await turn.studio.client.module_contract(
            link.contract_id, module_contract_id, language=turn.language
        )
    except NotFound:
        turn.out.say(
            turn.t("module_contract_gone"), [[turn.out.button(turn.t("btn_mine"), Action.MINE)]]
        )
        return None
    return module_contract_id, details


def cancel_status_text(turn: Turn, status: str, when: str) -> str:
    key = f"cancel_status_{status}"
    return turn.t(key if has_text(key) else "cancel_status_other", date=when)


async def catalogue_id(turn: Turn, module_name: str) -> int | None:
    """The module id behind a module contract's name, for per-module figures (None if unknown).

    Module contracts do not carry their module's id; the studio catalogue does, by name.
    """
    try:
        modules = await turn.studio.client.additional_modules(language=turn.language)
    except PerfectGymError:
        return None
    return next((m.id for m in modules if m.name == module_name), None)


def studio_today(turn: Turn) -> date:
    """Today in the studio's time zone: the day PerfectGym's dates are counted in."""
    return turn.now.astimezone(turn.studio.settings.zone).date()


def running_trial_end(details: AdditionalModuleContractExtended | None, today: date) -> date | None:
    """The last free day of a trial that has not ended yet (None: no trial, or it is over)."""
    trial = details.trialPeriod if details is not None else None
    if trial is None or trial.startDate is None or trial.term is None:
        return None
    try:
        ends = last_day_of_term(trial.startDate, trial.term.value, str(trial.term.unit))
    except ValueError:
        return None
    return ends if ends >= today else None


def price_text(turn: Turn, sub: SubContract | None, trial_end: date | None) -> str:
    """The module contract's whole price schedule (from its payment frequency)."""
    if sub is None:
        return turn.t("price_on_request")
    schedule = Schedule.of(sub.priceDetails.paymentFrequency)
    paid_from = sub.startDate
    if trial_end is not None:
        paid_from = max(paid_from, _next_day(trial_end))
    return schedule_text(schedule, turn.language, paid_from=paid_from, trial_until=trial_end)


def describe(
    turn: Turn,
    details: AdditionalModuleContractExtended,
    sub: SubContract | None,
    module_contract_id: int,
) -> str:
    """A module contract as the member needs to know it: price, dates, cancelation state."""
    language = turn.language
    today = studio_today(turn)
    trial_end = running_trial_end(details, today)
    lines = [details.name, turn.t("line_price", price=price_text(turn, sub, trial_end))]
    if sub is not None:
        schedule = Schedule.of(sub.priceDetails.paymentFrequency)
        lines.append(turn.t("line_payment", how=payment_text(schedule, language)))
    start_key = "line_since" if details.startDate <= today else "line_starts"
    lines.append(turn.t(start_key, date=day(details.startDate, language)))
    if trial_end is not None:
        lines.append(turn.t("line_trial_ends", date=day(trial_end, language)))
        lines.append(turn.t("line_first_paid_day", date=day(_next_day(trial_end), language)))
    status = details.contractCancelationStatus
    if status is not None:
        when = day(details.cancelationDate, language) if details.cancelationDate else "?"
        lines.append(cancel_status_text(turn, str(status), when))
    elif details.lastPossibleCancelationDate is not None:
        deadline = day(details.lastPossibleCancelationDate, language)
        if details.availableCancelationDates:
            end = day(min(details.availableCancelationDates), language)
            lines.append(turn.t("line_notice_by", deadline=deadline, end=end))
        else:
            lines.append(turn.t("line_notice_by_next", deadline=deadline))
    if details.endDate is not None and status is None:
        lines.append(turn.t("line_until", date=day(details.endDate, language)))
    lines.append(turn.t("receipt_contract_id", id=module_contract_id))
    return "\n".join(lines)


async def _details(
    turn: Turn, contract_id: int, module_contract_id: int
) -> AdditionalModuleContractExtended | None:
    try:
        return await turn.studio.client.module_contract(
            contract_id, module_contract_id, language=turn.language
        )
    except PerfectGymError:  # the list still shows what the contract list knows
        return None


def _cancel_status(
    turn: Turn, sub: SubContract, details: AdditionalModuleContractExtended | None
) -> str:
    """``ends on 31 Dec 2026``, or ``cancelation to 31 Dec 2026 requested; …`` if pending."""
    if details is not None:
        when = details.cancelationDate
        status = str(details.contractCancelationStatus or "CANCELED")
    else:  # the contract list only knows whether the studio confirmed it
        when = sub.cancellationDate
        status = "CANCELED" if sub.cancelled else "PENDING_VERIFICATION"
    if when is None:
        return ""
    key = f"mine_status_{status}"
    return turn.t(key if has_text(key) else "mine_status_CANCELED", date=day(when, turn.language))


def _next_day(value: date) -> date:
    return value + timedelta(days=1)
