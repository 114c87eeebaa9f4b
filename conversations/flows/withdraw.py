"""Taking a cancelation back ("keep my sauna"), only where PerfectGym allows it."""

from __future__ import annotations

from bot.perfectgym import PerfectGymError
from bot.store import Operation
from conversations import operations, receipts
from conversations.events import StaffEventKind
from conversations.failures import explain
from conversations.flows import reconcile
from conversations.flows.mine import catalogue_id, chosen_module_contract
from conversations.formatting import day
from conversations.receipts import Receipt, ReceiptKind
from conversations.states import Action, State
from conversations.turn import Turn


async def begin(turn: Turn) -> State:
    chosen = await chosen_module_contract(turn)
    if chosen is None:
        return State.IDLE
    module_contract_id, details = chosen
    if details.contractCancelationStatus is None:
        turn.say(turn.t("withdraw_nothing", module=details.name), turn.menu_rows())
        return State.IDLE
    if not details.contractCancelationCanBeWithdrawn:
        turn.say(turn.t("withdraw_not_allowed", module=details.name), turn.menu_rows())
        return State.IDLE
    when = day(details.cancelationDate, turn.language) if details.cancelationDate else "?"
    turn.data = {"module_contract_id": module_contract_id, "module_name": details.name}
    rows = [
        [
            turn.button(
                turn.t("btn_confirm_withdraw", module=details.name),
                Action.CONFIRM_WITHDRAW,
                module_contract_id=module_contract_id,
            )
        ],
        [turn.button(turn.t("btn_no"), Action.ABORT)],
    ]
    turn.say(turn.t("withdraw_confirm", module=details.name, date=when), rows)
    return State.WITHDRAW_CONFIRM


async def confirm(turn: Turn) -> State:
    link = turn.require_link()
    module_contract_id = turn.data.get("module_contract_id")
    if (
        not isinstance(module_contract_id, int)
        or turn.payload.get("module_contract_id") != module_contract_id
    ):
        turn.data = {}
        turn.say(turn.t("button_stale"), turn.menu_rows())
        return State.IDLE
    client = turn.studio.client
    try:
        attempt = await operations.perform(
            turn,
            operations.WITHDRAW,
            str(module_contract_id),
            {"module_name": turn.data.get("module_name")},
            lambda: client.withdraw_cancelation(
                link.contract_id, module_contract_id, language=turn.language
            ),
        )
    except operations.InFlight:
        turn.data = {}
        turn.say(turn.t("withdraw_in_progress"), turn.menu_rows())
        return State.IDLE
    if attempt.error is None:
        await announce(turn, attempt.operation, None)
        return State.IDLE
    retry = [
        [
            turn.button(
                turn.t("btn_retry"),
                Action.CONFIRM_WITHDRAW,
                module_contract_id=module_contract_id,
            )
        ],
        [turn.button(turn.t("btn_no"), Action.ABORT)],
    ]
    if attempt.unclear:
        outcome = await reconcile.settle(turn, attempt.operation, retry=retry)
        return State.WITHDRAW_CONFIRM if outcome is reconcile.Outcome.NOT_DONE else State.IDLE
    turn.say(turn.t("withdraw_failed", reason=explain(turn, attempt.error)), retry)
    return State.WITHDRAW_CONFIRM


@operations.announces(operations.WITHDRAW)
async def announce(turn: Turn, operation: Operation, module_contract_id: int | None = None) -> None:
    """Read the module contract back and give a receipt: the module simply continues, or
    the studio still has to confirm that."""
    assert operation.contract_id is not None
    module_contract_id = int(operation.subject)
    name = str(operation.request.get("module_name") or "")
    status = None
    try:
        details = await turn.studio.client.module_contract(
            operation.contract_id, module_contract_id, language=turn.language
        )
        name = details.name
        status = details.contractCancelationStatus
    except PerfectGymError:  # the withdrawal stands; details can be looked up later
        pass
    turn.funnel(
        "withdrawn",
        module_id=await catalogue_id(turn, name),
        module_name=name,
        detail={"module_contract_id": module_contract_id},
    )
    operations.staff_event(
        turn,
        operation,
        StaffEventKind.WITHDRAWAL,
        module_name=name,
        module_contract_id=module_contract_id,
        status=str(status) if status else None,
    )
    turn.data = {}
    key = "withdrawn_pending" if str(status) == "PENDING_WITHDRAWAL_VERIFICATION" else "withdrawn"
    receipt = Receipt(
        kind=ReceiptKind.WITHDRAWAL,
        module=name,
        received_at=operation.created_at,
        outcome=turn.t(key, module=name),
        module_contract_id=module_contract_id,
        customer_id=operation.customer_id,
        rows=tuple(tuple(row) for row in turn.menu_rows()),
    )
    await receipts.issue(turn, receipt)
