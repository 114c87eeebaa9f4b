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

from bot.perfectgym import (
    AdditionalModuleContractExtended,
    NotFound,
    PerfectGymError,
    SubContract,
)
from bot.store import Operation
from conversations import funnel, operations
from conversations.drafts import CancelDraft
from conversations.events import StaffEventKind
from conversations.flows.mine import cancel_status_text, catalogue_id, chosen_module_contract
from conversations.flows.writes import ConfirmedWrite, perform_confirmed
from conversations.formatting import day
from conversations.intents import mentioned
from conversations.payloads import (
    CancelConfirmation,
    DateChoice,
    ModuleContractChoice,
    ReasonChoice,
)
from conversations.receipts import Receipt, ReceiptKind, issue
from conversations.states import Action, State
from conversations.texts import has_text
from conversations.turn import StaleAnswer, Turn
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
    link = turn.membership
    turn.draft = None
    contracts = await turn.studio.client.customer_contracts(
        link.customer_id, language=turn.language
    )
    contract = next((c for c in contracts if c.id == link.contract_id), None)
    if contract is None:
        turn.out.say(turn.t("contract_gone"), [[turn.out.button(turn.t("btn_link"), Action.LINK)]])
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
        turn.out.say("\n".join([turn.t("cancel_nothing"), *lines, "", note]), turn.out.menu_rows())
        return State.IDLE
    rows = [
        [turn.out.button(s.rateName, Action.CANCEL, ModuleContractChoice(module_contract_id=s.id))]
        for s in open_
    ]
    rows.append([turn.out.button(turn.t("btn_menu"), Action.MENU)])
    turn.out.say("\n".join([turn.t("cancel_choose_module"), *lines, "", note]), rows)
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
    link = turn.membership
    try:
        details = await turn.studio.client.module_contract(
            link.contract_id, module_contract_id, language=turn.language
        )
    except NotFound:
        turn.out.say(turn.t("module_contract_gone"), turn.out.menu_rows())
        return State.IDLE
    return _ask_date(turn, module_contract_id, details)


# --- which date ---------------------------------------------------------------------------


def _ask_date(
    turn: Turn, module_contract_id: int, details: AdditionalModuleContractExtended
) -> State:
    if details.contractCancelationStatus is not None:
        when = day(details.cancelationDate, turn.language) if details.cancelationDate else "?"
        status = cancel_status_text(turn, str(details.contractCancelationStatus), when)
        turn.out.say(f"{details.name}: {status}", turn.out.menu_rows())
        return State.IDLE
    dates = sorted(details.availableCancelationDates or [])[:MAX_DATES]
    if not dates:
        turn.out.say(turn.t("cancel_not_online", module=details.name), turn.out.menu_rows())
        return State.IDLE
    turn.draft = CancelDraft(
        module_contract_id=module_contract_id, module_name=details.name, dates=dates
    )
    labels = [turn.t("btn_next_date", date=day(dates[0], turn.language))]
    labels += [day(d, turn.language) for d in dates[1:]]
    rows = [
        [turn.out.button(label, Action.CANCEL_DATE, DateChoice(date=d))]
        for label, d in zip(labels, dates, strict=True)
    ]
    rows.append([turn.out.button(turn.t("btn_keep"), Action.ABORT)])
    turn.out.say(turn.t("cancel_choose_date", module=details.name), rows)
    return State.CANCEL_CHOOSE_DATE


async def choose_date(turn: Turn) -> State:
    draft = turn.draft_as(CancelDraft)
    chosen = turn.payload_as(DateChoice).date
    if chosen not in draft.dates:
        raise StaleAnswer("not one of the dates offered")
    draft.date = chosen
    reasons = await _reasons(turn)
    silent = _no_reason_id(turn, reasons)
    if silent is None:
        if not reasons:
            turn.draft = None
            turn.out.say(turn.t("cancel_no_reasons"), turn.out.menu_rows())
            return State.IDLE
        draft.reasons, draft.silent_reason_id = _first(reasons), None
        return _ask_reason(turn, draft, "cancel_reason_required")
    optional = {k: v for k, v in reasons.items() if k != silent}
    draft.reasons, draft.silent_reason_id = _first(optional), silent
    draft.reason_id, draft.reason_name = silent, None
    return _ask_confirm(turn, draft)


# --- the optional reason ------------------------------------------------------------------


async def _reasons(turn: Turn) -> dict[int, str]:
    """The studio's reasons by id; none if they cannot be read and a default is set."""
    try:
        found = await turn.studio.client.cancelation_reasons(language=turn.language)
    except PerfectGymError:
        if turn.studio.settings.default_cancelation_reason_id is None:
            raise
        return {}
    return {r.cancelationReasonId: r.cancelationReasonName for r in found}


def _no_reason_id(turn: Turn, reasons: dict[int, str]) -> int | None:
    """The reason id that stands for "no reason": configured, else the one called "other"."""
    configured = turn.studio.settings.default_cancelation_reason_id
    if configured is not None:
        return configured
    for reason_id, name in reasons.items():
        if name.casefold().strip().startswith(_OTHER_REASONS):
            return reason_id
    return None


def _first(reasons: dict[int, str]) -> dict[int, str]:
    return dict(list(reasons.items())[:MAX_REASONS])


async def ask_reason(turn: Turn) -> State:
    """ "Add a reason (optional)" on the confirmation."""
    draft = turn.draft_as(CancelDraft)
    if not draft.reasons or draft.silent_reason_id is None:
        raise StaleAnswer("no optional reasons to give")
    return _ask_reason(turn, draft, "cancel_choose_reason")


def _ask_reason(turn: Turn, draft: CancelDraft, question: str) -> State:
    rows = [
        [turn.out.button(name, Action.CANCEL_REASON, ReasonChoice(reason_id=reason_id))]
        for reason_id, name in draft.reasons.items()
    ]
    if draft.silent_reason_id is not None:
        none = ReasonChoice(reason_id=None)
        rows.append([turn.out.button(turn.t("btn_no_reason"), Action.CANCEL_REASON, none)])
    rows.append([turn.out.button(turn.t("btn_keep"), Action.ABORT)])
    turn.out.say(turn.t(question), rows)
    return State.CANCEL_CHOOSE_REASON


async def choose_reason(turn: Turn) -> State:
    draft = turn.draft_as(CancelDraft)
    reason_id = turn.payload_as(ReasonChoice).reason_id
    if reason_id is None and draft.silent_reason_id is not None:
        draft.reason_id, draft.reason_name = draft.silent_reason_id, None
        return _ask_confirm(turn, draft)
    if reason_id is None or reason_id not in draft.reasons:
        raise StaleAnswer("not one of the reasons offered")
    draft.reason_id, draft.reason_name = reason_id, draft.reasons[reason_id]
    return _ask_confirm(turn, draft)


# --- confirm ------------------------------------------------------------------------------


def _ask_confirm(turn: Turn, draft: CancelDraft) -> State:
    assert draft.date is not None
    when = day(draft.date, turn.language)
    reason = draft.reason_name
    lines = [
        turn.t("cancel_confirm", module=draft.module_name, date=when),
        turn.t("cancel_reason_line", reason=reason) if reason else turn.t("cancel_reason_none"),
    ]
    order = CancelConfirmation(module_contract_id=draft.module_contract_id, date=draft.date)
    rows = [[turn.out.button(turn.t("btn_confirm_cancel"), Action.CONFIRM_CANCEL, order)]]
    if draft.reasons and draft.silent_reason_id is not None:
        rows.append([turn.out.button(turn.t("btn_give_reason"), Action.GIVE_REASON)])
    rows.append([turn.out.button(turn.t("btn_keep"), Action.ABORT)])
    turn.out.say("\n".join(lines), rows)
    return State.CANCEL_CONFIRM


async def confirm(turn: Turn) -> State:
    link = turn.membership
    draft = turn.draft_as(CancelDraft)
    order = turn.payload_as(CancelConfirmation)
    if (
        order.module_contract_id != draft.module_contract_id
        or order.date != draft.date
        or draft.reason_id is None
    ):
        raise StaleAnswer("the confirmation does not match the dialog")
    module_contract_id, when, reason_id = draft.module_contract_id, order.date, draft.reason_id
    client = turn.studio.client
    request = {
        "module_name": draft.module_name,
        "cancelationDate": when.isoformat(),
        "cancelationReasonId": reason_id,
        "reason_name": draft.reason_name,
    }

    def retry_rows() -> list[list[Button]]:
        again = turn.out.button(turn.t("btn_retry"), Action.CONFIRM_CANCEL, order)
        return [[again], [turn.out.button(turn.t("btn_keep"), Action.ABORT)]]

    shown = day(when, turn.language)
    return await perform_confirmed(
        turn,
        ConfirmedWrite(
            kind=operations.CANCEL,
            subject=str(module_contract_id),
            module_name=draft.module_name,
            request=request,
            call=lambda: client.cancel_module_contract(
                link.contract_id, module_contract_id, when, reason_id, language=turn.language
            ),
            waiting_state=State.CANCEL_CONFIRM,
            retry_rows=retry_rows,
            declared=turn.t("cancel_declared", module=draft.module_name, date=shown),
        ),
    )


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
    turn.records.funnel(
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
        keep = ModuleContractChoice(module_contract_id=module_contract_id)
        rows.append([turn.out.button(label, Action.WITHDRAW, keep)])
    rows.extend(turn.out.menu_rows())
    outcome = turn.t(_key("canceled", status), module=name, date=when)
    if withdrawable:
        outcome += " " + turn.t("canceled_can_withdraw")
    reason = request.get("reason_name") if "reason_name" in request else None
    lines = (
        turn.t("receipt_cancel_date", date=when),
        turn.t("cancel_reason_line", reason=reason) if reason else turn.t("cancel_reason_none"),
        turn.t(_key("receipt_cancel", status)),
    )
    turn.draft = None
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
