"""Cancelling a module, as easy as booking it (BGB § 312k): no retention maze.

Ways in: the menu's "Cancel a module", ``/cancel``, free text ("Sauna kündigen", "cancel my
towels") and "Cancel this module" under a module or a trial notice. The flow asks only what
§ 312k (2) lists: which module (when several can be canceled), the end date (earliest
first) and the confirmation ("Jetzt kündigen"). A reason is optional: PerfectGym needs a
reason id, so "no reason" is the studio's ``default_cancelation_reason_id`` or its reason
called "other" ("Sonstiges"); only a studio with neither makes the member pick one. The
result is a receipt (``conversations.receipts``) that says whether the studio still has to
confirm (PENDING_VERIFICATION) or it is done (CANCELED).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.perfectgym import (
    AdditionalModuleContractExtended,
    NotFound,
    PerfectGymError,
    SubContract,
)
from bot.store import Operation
from conversations import funnel, operations
from conversations.events import StaffEventKind
from conversations.failures import explain
from conversations.flows import reconcile
from conversations.flows.mine import cancel_status_text, catalogue_id, chosen_module_contract
from conversations.formatting import day
from conversations.intents import mentioned
from conversations.receipts import Receipt, ReceiptKind, issue
from conversations.states import Action, State
from conversations.texts import has_text
from conversations.turn import Turn
from conversations.types import Button

MAX_DATES = 6
MAX_REASONS = 10
_OTHER_REASONS = (
    "sonstig",
    "andere",
    "anderer grund",
    "keine angabe",
    "ohne angabe",
    "other",
    "no reason",
    "not specified",
)
"""How studios name the reason that says nothing; matched at the start of the name."""


# --- which module -------------------------------------------------------------------------


async def start(turn: Turn) -> State:
    """Pick the module: the one named in the text, the only one, or a button per module."""
    link = turn.require_link()
    turn.data = {}
    contracts = await turn.studio.client.customer_contracts(
        link.customer_id, language=turn.language
    )
    contract = next((c for c in contracts if c.id == link.contract_id), None)
    if contract is None:
        turn.say(turn.t("contract_gone"), [[turn.button(turn.t("btn_link"), Action.LINK)]])
        return State.IDLE
    active = [s for s in contract.moduleContracts or [] if str(s.contractStatus) == "ACTIVE"]
    named = mentioned(active, turn.incoming.text or "")
    if len(named) == 1:
        return await _open(turn, named[0].id)
    open_ = [s for s in named or active if s.cancellationDate is None]
    if len(open_) == 1:
        return await _open(turn, open_[0].id)
    lines = [
        turn.t("cancel_module_line", module=s.rateName, status=list_status(turn, s))
        for s in active
        if s.cancellationDate is not None
    ]
    note = turn.t("cancel_membership_note")
    if not open_:
        turn.say("\n".join([turn.t("cancel_nothing"), *lines, "", note]), turn.menu_rows())
        return State.IDLE
    rows = [[turn.button(s.rateName, Action.CANCEL, module_contract_id=s.id)] for s in open_]
    rows.append([turn.button(turn.t("btn_menu"), Action.MENU)])
    turn.say("\n".join([turn.t("cancel_choose_module"), *lines, "", note]), rows)
    return State.IDLE


def list_status(turn: Turn, sub: SubContract) -> str:
    """A canceled module in a list: "ends on …", or requested and not confirmed yet."""
    when = day(sub.cancellationDate, turn.language) if sub.cancellationDate else "?"
    return turn.t("status_ends" if sub.cancelled else "status_requested", date=when)


async def begin(turn: Turn) -> State:
    """A "Cancel this module" button: straight to the date."""
    chosen = await chosen_module_contract(turn)
    if chosen is None:
        return State.IDLE
    return _ask_date(turn, *chosen)


async def _open(turn: Turn, module_contract_id: int) -> State:
    link = turn.require_link()
    try:
        details = await turn.studio.client.module_contract(
            link.contract_id, module_contract_id, language=turn.language
        )
    except NotFound:
        turn.say(turn.t("module_contract_gone"), turn.menu_rows())
        return State.IDLE
    return _ask_date(turn, module_contract_id, details)


# --- which date ---------------------------------------------------------------------------


def _ask_date(
    turn: Turn, module_contract_id: int, details: AdditionalModuleContractExtended
) -> State:
    if details.contractCancelationStatus is not None:
        when = day(details.cancelationDate, turn.language) if details.cancelationDate else "?"
        status = cancel_status_text(turn, str(details.contractCancelationStatus), when)
        turn.say(f"{details.name}: {status}", turn.menu_rows())
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
    labels = [turn.t("btn_next_date", date=day(dates[0], turn.language))]
    labels += [day(d, turn.language) for d in dates[1:]]
    rows = [
        [turn.button(label, Action.CANCEL_DATE, date=d.isoformat())]
        for label, d in zip(labels, dates, strict=True)
    ]
    rows.append([turn.button(turn.t("btn_keep"), Action.ABORT)])
    turn.say(turn.t("cancel_choose_date", module=details.name), rows)
    return State.CANCEL_CHOOSE_DATE


async def choose_date(turn: Turn) -> State:
    chosen = turn.payload.get("date")
    if chosen not in turn.data.get("dates", []):
        return _start_over(turn)
    turn.data["date"] = chosen
    reasons = await _reasons(turn)
    silent = _no_reason_id(turn, reasons)
    if silent is None:
        if not reasons:
            turn.data = {}
            turn.say(turn.t("cancel_no_reasons"), turn.menu_rows())
            return State.IDLE
        turn.data.update(reasons=_first(reasons), silent_reason_id=None)
        return _ask_reason(turn, "cancel_reason_required")
    optional = {k: v for k, v in reasons.items() if k != str(silent)}
    turn.data.update(
        reasons=_first(optional), silent_reason_id=silent, reason_id=silent, reason_name=None
    )
    return _ask_confirm(turn)


# --- the optional reason ------------------------------------------------------------------


async def _reasons(turn: Turn) -> dict[str, str]:
    """The studio's reasons by id; none if they cannot be read and a default is set."""
    try:
        found = await turn.studio.client.cancelation_reasons(language=turn.language)
    except PerfectGymError:
        if turn.studio.settings.default_cancelation_reason_id is None:
            raise
        return {}
    return {str(r.cancelationReasonId): r.cancelationReasonName for r in found}


def _no_reason_id(turn: Turn, reasons: dict[str, str]) -> int | None:
    """The reason id that stands for "no reason": configured, else the one called "other"."""
    configured = turn.studio.settings.default_cancelation_reason_id
    if configured is not None:
        return configured
    for reason_id, name in reasons.items():
        if name.casefold().strip().startswith(_OTHER_REASONS):
            return int(reason_id)
    return None


def _first(reasons: dict[str, str]) -> dict[str, str]:
    return dict(list(reasons.items())[:MAX_REASONS])


async def ask_reason(turn: Turn) -> State:
    """ "Add a reason (optional)" on the confirmation."""
    if not turn.data.get("reasons") or turn.data.get("silent_reason_id") is None:
        return _start_over(turn)
    return _ask_reason(turn, "cancel_choose_reason")


def _ask_reason(turn: Turn, question: str) -> State:
    reasons: dict[str, str] = turn.data["reasons"]
    rows = [
        [turn.button(name, Action.CANCEL_REASON, reason_id=int(reason_id))]
        for reason_id, name in reasons.items()
    ]
    if turn.data.get("silent_reason_id") is not None:
        rows.append([turn.button(turn.t("btn_no_reason"), Action.CANCEL_REASON, none=True)])
    rows.append([turn.button(turn.t("btn_keep"), Action.ABORT)])
    turn.say(turn.t(question), rows)
    return State.CANCEL_CHOOSE_REASON


async def choose_reason(turn: Turn) -> State:
    reasons: dict[str, Any] = turn.data.get("reasons") or {}
    silent = turn.data.get("silent_reason_id")
    if turn.payload.get("none") is True and silent is not None:
        turn.data.update(reason_id=silent, reason_name=None)
        return _ask_confirm(turn)
    reason_id = turn.payload.get("reason_id")
    if str(reason_id) not in reasons:
        return _start_over(turn)
    turn.data.update(reason_id=reason_id, reason_name=reasons[str(reason_id)])
    return _ask_confirm(turn)


# --- confirm ------------------------------------------------------------------------------


def _ask_confirm(turn: Turn) -> State:
    data = turn.data
    when = day(date.fromisoformat(data["date"]), turn.language)
    reason = data.get("reason_name")
    lines = [
        turn.t("cancel_confirm", module=data.get("module_name", ""), date=when),
        turn.t("cancel_reason_line", reason=reason) if reason else turn.t("cancel_reason_none"),
    ]
    rows = [
        [
            turn.button(
                turn.t("btn_confirm_cancel"),
                Action.CONFIRM_CANCEL,
                module_contract_id=data["module_contract_id"],
                date=data["date"],
            )
        ]
    ]
    if data.get("reasons") and data.get("silent_reason_id") is not None:
        rows.append([turn.button(turn.t("btn_give_reason"), Action.GIVE_REASON)])
    rows.append([turn.button(turn.t("btn_keep"), Action.ABORT)])
    turn.say("\n".join(lines), rows)
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
        "reason_name": data.get("reason_name"),
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
        shown = day(when, turn.language)
        turn.say(turn.t("cancel_declared", module=data.get("module_name"), date=shown))
        await announce(turn, attempt.operation, None)
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


# --- the result ---------------------------------------------------------------------------


@operations.announces(operations.CANCEL)
async def announce(turn: Turn, operation: Operation, module_contract_id: int | None = None) -> None:
    """Read the module contract back and issue the receipt of what the cancelation did."""
    assert operation.contract_id is not None
    module_contract_id = int(operation.subject)
    request = operation.request
    name = str(request.get("module_name") or "")
    try:
        details = await turn.studio.client.module_contract(
            operation.contract_id, module_contract_id, language=turn.language
        )
    except PerfectGymError:  # the cancelation stands; its details can be looked up later
        details = None
    status = str(details.contractCancelationStatus or "CANCELED") if details else "SENT"
    asked = request.get("cancelationDate")
    when_date = details.cancelationDate if details else None
    when_date = when_date or (date.fromisoformat(str(asked)) if asked else None)
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
    withdrawable = details is not None and details.contractCancelationCanBeWithdrawn
    rows: list[list[Button]] = []
    if withdrawable:
        label = turn.t("btn_withdraw", module=name)
        rows.append([turn.button(label, Action.WITHDRAW, module_contract_id=module_contract_id)])
    rows.extend(turn.menu_rows())
    outcome = turn.t(_key("canceled", status), module=name, date=when)
    if withdrawable:
        outcome += " " + turn.t("canceled_can_withdraw")
    reason = request.get("reason_name") if "reason_name" in request else None
    lines = (
        turn.t("receipt_cancel_date", date=when),
        turn.t("cancel_reason_line", reason=reason) if reason else turn.t("cancel_reason_none"),
        turn.t(_key("receipt_cancel", status)),
    )
    turn.data = {}
    await issue(
        turn,
        Receipt(
            kind=ReceiptKind.CANCELATION,
            module=name,
            received_at=operation.created_at,
            outcome=outcome,
            lines=lines,
            module_contract_id=module_contract_id,
            customer_id=operation.customer_id,
            rows=tuple(tuple(row) for row in rows),
        ),
    )


def _key(prefix: str, status: str) -> str:
    key = f"{prefix}_{status}"
    return key if has_text(key) else f"{prefix}_SENT"


def _start_over(turn: Turn) -> State:
    turn.data = {}
    turn.say(turn.t("button_stale"), turn.menu_rows())
    return State.IDLE
