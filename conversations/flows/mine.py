"""The member's own modules: the list on the linked contract, and one module in detail."""

from __future__ import annotations

from typing import Any

from bot.perfectgym import AdditionalModuleContractExtended, NotFound, PerfectGymError
from conversations.formatting import day, money
from conversations.pricing import Schedule, schedule_text
from conversations.states import Action, State
from conversations.texts import has_text
from conversations.turn import Turn


async def overview(turn: Turn) -> State:
    link = turn.require_link()
    contracts = await turn.studio.client.customer_contracts(
        link.customer_id, language=turn.language
    )
    turn.data = {}
    contract = next((c for c in contracts if c.id == link.contract_id), None)
    if contract is None:
        turn.say(turn.t("contract_gone"), [[turn.button(turn.t("btn_link"), Action.LINK)]])
        return State.IDLE
    subs = [s for s in contract.moduleContracts or [] if str(s.contractStatus) == "ACTIVE"]
    if not subs:
        turn.say(turn.t("mine_empty"), turn.menu_rows())
        return State.IDLE
    lines = [turn.t("mine_intro", rate=contract.rateName)]
    rows = []
    for sub in subs:
        shown = schedule_text(
            Schedule.of(sub.priceDetails.paymentFrequency), turn.language, paid_from=sub.startDate
        )
        status = ""
        if sub.cancellationDate is not None:
            key = "status_ends" if sub.cancelled else "status_requested"
            status = " – " + turn.t(key, date=day(sub.cancellationDate, turn.language))
        lines.append(
            turn.t(
                "mine_line",
                module=sub.rateName,
                price=shown,
                since=day(sub.startDate, turn.language),
            )
            + status
        )
        rows.append([turn.button(sub.rateName, Action.MODULE_CONTRACT, module_contract_id=sub.id)])
    rows.append(
        [
            turn.button(turn.t("btn_offers"), Action.OFFERS),
            turn.button(turn.t("btn_menu"), Action.MENU),
        ]
    )
    turn.say("\n".join(lines), rows)
    return State.IDLE


async def detail(turn: Turn) -> State:
    chosen = await chosen_module_contract(turn)
    if chosen is None:
        return State.IDLE
    module_contract_id, details = chosen
    rows: list[list[Any]] = []
    if details.contractCancelationCanBeWithdrawn and details.contractCancelationStatus is not None:
        rows.append(
            [
                turn.button(
                    turn.t("btn_withdraw", module=details.name),
                    Action.WITHDRAW,
                    module_contract_id=module_contract_id,
                )
            ]
        )
    elif details.contractCancelationStatus is None and details.availableCancelationDates:
        rows.append(
            [
                turn.button(
                    turn.t("btn_cancel_module"),
                    Action.CANCEL,
                    module_contract_id=module_contract_id,
                )
            ]
        )
    rows.append(
        [turn.button(turn.t("btn_mine"), Action.MINE), turn.button(turn.t("btn_menu"), Action.MENU)]
    )
    turn.say(describe(turn, details), rows)
    return State.IDLE


async def chosen_module_contract(
    turn: Turn,
) -> tuple[int, AdditionalModuleContractExtended] | None:
    """The module contract a button names, read from the linked contract.

    None when the button is odd or the module contract is gone; the member has been told.
    """
    link = turn.require_link()
    module_contract_id = turn.payload.get("module_contract_id")
    turn.data = {}
    if not isinstance(module_contract_id, int):
        turn.say(turn.t("button_stale"), turn.menu_rows())
        return None
    try:
        details = await turn.studio.client.module_contract(
            link.contract_id, module_contract_id, language=turn.language
        )
    except NotFound:
        turn.say(turn.t("module_contract_gone"), [[turn.button(turn.t("btn_mine"), Action.MINE)]])
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


def describe(turn: Turn, details: AdditionalModuleContractExtended) -> str:
    """A module contract as the member needs to know it: price, dates, cancelation state."""
    language = turn.language
    lines = [
        details.name,
        turn.t(
            "line_price_now", price=money(details.price.amount, details.price.currency, language)
        ),
        turn.t("line_since", date=day(details.startDate, language)),
    ]
    trial = details.trialPeriod
    if trial is not None and trial.startDate is not None:
        lines.append(turn.t("line_trial_since", date=day(trial.startDate, language)))
    status = details.contractCancelationStatus
    if status is not None:
        when = day(details.cancelationDate, language) if details.cancelationDate else "?"
        lines.append(cancel_status_text(turn, str(status), when))
    elif details.lastPossibleCancelationDate is not None:
        lines.append(
            turn.t("line_cancel_by", date=day(details.lastPossibleCancelationDate, language))
        )
    if details.endDate is not None and status is None:
        lines.append(turn.t("line_until", date=day(details.endDate, language)))
    return "\n".join(lines)
