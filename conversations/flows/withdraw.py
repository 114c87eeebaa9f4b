"""Taking a cancelation back ("keep my sauna"), only where PerfectGym allows it."""

from __future__ import annotations

from bot.perfectgym import PerfectGymError
from bot.store import Operation
from conversations import operations, receipts
from conversations.drafts import WithdrawDraft
from conversations.events import StaffEventKind
from conversations.flows.mine import catalogue_id, chosen_module_contract
from conversations.flows.writes import ConfirmedWrite, perform_confirmed
from conversations.formatting import day
from conversations.payloads import ModuleContractChoice
from conversations.receipts import Receipt, ReceiptKind
from conversations.states import Action, State
from conversations.turn import StaleAnswer, Turn
from conversations.types import Button


async def begin(turn: Turn) -> State:
    chosen = await chosen_module_contract(turn)
    if chosen is None:
        return State.IDLE
    module_contract_id, details = chosen
    if details.contractCancelationStatus is None:
        turn.out.say(turn.t("withdraw_nothing", module=details.name), turn.out.menu_rows())
        return State.IDLE
    if not details.contractCancelationCanBeWithdrawn:
        turn.out.say(turn.t("withdraw_not_allowed", module=details.name), turn.out.menu_rows())
        return State.IDLE
    when = day(details.cancelationDate, turn.language) if details.cancelationDate else "?"
    turn.draft = WithdrawDraft(module_contract_id=module_contract_id, module_name=details.name)
    rows = [
        [
            turn.out.button(
                turn.t("btn_confirm_withdraw", module=details.name),
                Action.CONFIRM_WITHDRAW,
                ModuleContractChoice(module_contract_id=module_contract_id),
            )
        ],
        [turn.out.button(turn.t("btn_no"), Action.ABORT)],
    ]
    turn.out.say(turn.t("withdraw_confirm", module=details.name, date=when), rows)
    return State.WITHDRAW_CONFIRM


async def confirm(turn: Turn) -> State:
    link = turn.membership
    draft = turn.draft_as(WithdrawDraft)
    pressed = turn.payload_as(ModuleContractChoice)
    if pressed.module_contract_id != draft.module_contract_id:
        raise StaleAnswer("the button names another module contract")
    module_contract_id = draft.module_contract_id
    client = turn.studio.client

    def retry_rows() -> list[list[Button]]:
        again = turn.out.button(turn.t("btn_retry"), Action.CONFIRM_WITHDRAW, pressed)
        return [[again], [turn.out.button(turn.t("btn_no"), Action.ABORT)]]

    return await perform_confirmed(
        turn,
        ConfirmedWrite(
            kind=operations.WITHDRAW,
            subject=str(module_contract_id),
            module_name=draft.module_name,
            request={"module_name": draft.module_name},
            call=lambda: client.withdraw_cancelation(
                link.contract_id, module_contract_id, language=turn.language
            ),
            waiting_state=State.WITHDRAW_CONFIRM,
            retry_rows=retry_rows,
            funnel=None,
        ),
    )


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
    turn.records.funnel(
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
    turn.draft = None
    key = "withdrawn_pending" if str(status) == "PENDING_WITHDRAWAL_VERIFICATION" else "withdrawn"
    receipt = Receipt(
        kind=ReceiptKind.WITHDRAWAL,
        module=name,
        received_at=operation.created_at,
        outcome=turn.t(key, module=name),
        module_contract_id=module_contract_id,
        customer_id=operation.customer_id,
        rows=tuple(tuple(row) for row in turn.out.menu_rows()),
    )
    await receipts.issue(turn, receipt)
