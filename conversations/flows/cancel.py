"""Canceling a module: date, reason, confirm, result. As easy as booking, no retention maze."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.perfectgym import PerfectGymError
from bot.store import Operation
from conversations import funnel, operations
from conversations.events import StaffEventKind
from conversations.failures import explain
from conversations.flows import reconcile
from conversations.flows.mine import cancel_status_text, catalogue_id, chosen_module_contract
from conversations.formatting import day
from conversations.states import Action, State
from conversations.texts import has_text
from conversations.turn import Turn

MAX_DATES = 6
MAX_REASONS = 10


async def begin(turn: Turn) -> State:
    chosen = await chosen_module_contract(turn)
    if chosen is None:
        return State.IDLE
    module_contract_id, details = chosen
    if details.contractCancelationStatus is not None:
        when = day(details.cancelationDate, turn.language) if details.cancelationDate else "?"
        turn.say(
            cancel_status_text(turn, str(details.contractCancelationStatus), when), turn.menu_rows()
        )
        return State.IDLE
    dates = sorted(details.availableCancelationDates or [])[:MAX_DATES]
    if not dates:
        turn.say(turn.t("cancel_not_online", module=details.name), turn.menu_rows())
        return State.IDLE
    turn.data = {
        "module_contract_id": module_contract_id,
        "module_name": details.name,
        "dates": [d.isoformat() for d in dates],
    }
    rows = [
        [turn.button(day(d, turn.language), Action.CANCEL_DATE, date=d.isoformat())] for d in dates
    ]
    rows.append([turn.button(turn.t("btn_keep"), Action.ABORT)])
    turn.say(turn.t("cancel_choose_date", module=details.name), rows)
    return State.CANCEL_CHOOSE_DATE


async def choose_date(turn: Turn) -> State:
    chosen = turn.payload.get("date")
    if chosen not in turn.data.get("dates", []):
        return _start_over(turn)
    turn.data["date"] = chosen
    default_reason = turn.studio.settings.default_cancelation_reason_id
    if default_reason is not None:
        turn.data["reason_id"] = default_reason
        return _ask_confirm(turn)
    reasons = await turn.studio.client.cancelation_reasons(language=turn.language)
    if not reasons:
        turn.data = {}
        turn.say(turn.t("cancel_no_reasons"), turn.menu_rows())
        return State.IDLE
    shown = reasons[:MAX_REASONS]
    turn.data["reasons"] = {str(r.cancelationReasonId): r.cancelationReasonName for r in shown}
    rows = [
        [
            turn.button(
                r.cancelationReasonName, Action.CANCEL_REASON, reason_id=r.cancelationReasonId
            )
        ]
        for r in shown
    ]
    rows.append([turn.button(turn.t("btn_keep"), Action.ABORT)])
    turn.say(turn.t("cancel_choose_reason"), rows)
    return State.CANCEL_CHOOSE_REASON


async def choose_reason(turn: Turn) -> State:
    reason_id = turn.payload.get("reason_id")
    reasons: dict[str, Any] = turn.data.get("reasons") or {}
    if str(reason_id) not in reasons:
        return _start_over(turn)
    turn.data["reason_id"] = reason_id
    turn.data["reason_name"] = reasons[str(reason_id)]
    return _ask_confirm(turn)


def _ask_confirm(turn: Turn) -> State:
    when = day(date.fromisoformat(turn.data["date"]), turn.language)
    name = turn.data.get("module_name", "")
    question = turn.t("cancel_confirm", module=name, date=when)
    if turn.data.get("reason_name"):
        question += "\n" + turn.t("cancel_reason_line", reason=turn.data["reason_name"])
    rows = [
        [
            turn.button(
                turn.t("btn_confirm_cancel", date=when),
                Action.CONFIRM_CANCEL,
                module_contract_id=turn.data["module_contract_id"],
                date=turn.data["date"],
            )
        ],
        [turn.button(turn.t("btn_keep"), Action.ABORT)],
    ]
    turn.say(question, rows)
    return State.CANCEL_CONFIRM


async def confirm(turn: Turn) -> State:
    link = turn.require_link()
    data = turn.data
    module_contract_id = data.get("module_contract_id")
    if (
        not isinstance(module_contract_id, int)
        or turn.payload.get("module_contract_id") != module_contract_id
        or turn.payload.get("date") != data.get("date")
        or data.get("reason_id") is None
    ):
        return _start_over(turn)
    when = date.fromisoformat(str(data["date"]))
    reason_id = int(data["reason_id"])
    client = turn.studio.client
    request = {
        "module_name": data.get("module_name"),
        "cancelationDate": when.isoformat(),
        "cancelationReasonId": reason_id,
    }
    try:
        attempt = await operations.perform(
            turn,
            operations.CANCEL,
            str(module_contract_id),
            request,
            lambda: client.cancel_module_contract(
                link.contract_id, module_contract_id, when, reason_id, language=turn.language
            ),
        )
    except operations.InFlight:
        turn.data = {}
        turn.say(turn.t("cancel_in_progress"), turn.menu_rows())
        return State.IDLE
    if attempt.error is None:
        await announce(turn, attempt.operation)
        return State.IDLE
    retry = [
        [
            turn.button(
                turn.t("btn_retry"),
                Action.CONFIRM_CANCEL,
                module_contract_id=module_contract_id,
                date=data["date"],
            )
        ],
        [turn.button(turn.t("btn_keep"), Action.ABORT)],
    ]
    if attempt.unclear:
        outcome = await reconcile.settle(turn, attempt.operation, retry=retry)
        return State.CANCEL_CONFIRM if outcome is reconcile.Outcome.NOT_DONE else State.IDLE
    turn.funnel("cancel_failed", module_name=str(data.get("module_name")))
    turn.say(turn.t("cancel_failed", reason=explain(turn, attempt.error)), retry)
    return State.CANCEL_CONFIRM


async def announce(turn: Turn, operation: Operation) -> None:
    """Read the module contract back and say what the cancelation really did."""
    assert operation.contract_id is not None
    module_contract_id = int(operation.subject)
    name = str(operation.request.get("module_name") or "")
    try:
        details = await turn.studio.client.module_contract(
            operation.contract_id, module_contract_id, language=turn.language
        )
    except PerfectGymError:  # the cancelation stands; its details can be looked up later
        details = None
    status = str(details.contractCancelationStatus or "CANCELED") if details else "SENT"
    when_date = details.cancelationDate if details else None
    when = day(when_date, turn.language) if when_date else "?"
    name = details.name if details else name
    turn.funnel(
        "canceled",
        module_id=await catalogue_id(turn, name),
        module_name=name,
        detail={"status": status, "module_contract_id": module_contract_id},
        cancelation=await funnel.cancelation_facts(turn, operation, details),
    )
    operations.staff_event(
        turn,
        operation,
        StaffEventKind.CANCELATION,
        module_name=name,
        module_contract_id=module_contract_id,
        status=status,
        detail={
            "cancelation_date": when_date.isoformat() if when_date else None,
            "reason": details.cancelationReason if details else None,
        },
    )
    rows = []
    if details is not None and details.contractCancelationCanBeWithdrawn:
        rows.append(
            [
                turn.button(
                    turn.t("btn_withdraw", module=name),
                    Action.WITHDRAW,
                    module_contract_id=module_contract_id,
                )
            ]
        )
    rows.extend(turn.menu_rows())
    turn.data = {}
    key = f"canceled_{status}"
    turn.say(turn.t(key if has_text(key) else "canceled_SENT", module=name, date=when), rows)


def _start_over(turn: Turn) -> State:
    turn.data = {}
    turn.say(turn.t("button_stale"), turn.menu_rows())
    return State.IDLE
