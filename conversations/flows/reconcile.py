"""Settling writes whose outcome is unknown, by asking PerfectGym what is really there.

A purchase is found as a new entry in the contract's ``moduleContracts`` (or validate says
``ADDITIONAL_MODULE_CONTRACT_ALREADY_PURCHASED``); a cancelation or withdrawal by reading the
module contract back. Until one of these answers, the operation stays open and the member is
told not to try again.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from enum import StrEnum

from bot.perfectgym import PerfectGymError
from bot.store import Operation
from conversations import operations
from conversations.events import StaffEvent, StaffEventKind
from conversations.states import State
from conversations.turn import Turn
from conversations.types import Button

log = logging.getLogger("conversations.reconcile")
ALREADY_PURCHASED = "ADDITIONAL_MODULE_CONTRACT_ALREADY_PURCHASED"


class Outcome(StrEnum):
    DONE = "done"
    NOT_DONE = "not_done"
    UNKNOWN = "unknown"


async def settle_open_operations(turn: Turn) -> State | None:
    """Before a member's turn, and at start-up: settle what an earlier turn left open.

    Every write runs inside a turn holding this chat (across processes), and this runs
    holding it too: an operation still open here belongs to a turn that is gone (a crash,
    a kill, a cancelled task), never to one in flight. So it is settled now, not after a
    wait: PerfectGym is asked at once and the member hears the outcome in this turn.
    """
    store = turn.services.store
    for operation in await store.operations_for_chat(turn.platform, turn.chat_id, open_only=True):
        await settle(turn, operation, quiet_if_unknown=True)
    return None


def may_still_land(turn: Turn, operation: Operation) -> bool:
    """PerfectGym got the request but never answered, recently: the write may still land.

    Left open by a turn that died (no error recorded), or a request that timed out
    (``unanswered``); a server answers a held request after the client gave up, so "not
    there" means "not yet known" until ``landing_grace`` after the request.
    """
    if operation.status == "intent":  # marked "sent" before the request goes out
        return False
    outcome = operation.outcome or {}
    unanswered = "error" not in outcome or bool(outcome.get("unanswered"))
    return unanswered and turn.now - operation.created_at < turn.services.options.landing_grace


async def settle(
    turn: Turn,
    operation: Operation,
    *,
    quiet_if_unknown: bool = False,
    retry: Sequence[Sequence[Button]] | None = None,
) -> Outcome:
    """Find out how an open operation ended, record it, and tell the member.

    ``retry`` are the buttons offered when it turns out the write did not happen.
    """
    store = turn.services.store
    outcome, module_contract_id = await _find_outcome(turn, operation)
    name = str(operation.request.get("module_name") or "")
    pending = outcome is Outcome.NOT_DONE and may_still_land(turn, operation)
    if outcome is Outcome.UNKNOWN or pending:
        outcome = Outcome.UNKNOWN
        known = operation.outcome or {}
        already_told = bool(known.get("member_told"))
        staff_told = bool(known.get("staff_told")) or (already_told and "staff_told" not in known)
        tell_staff = not pending and not staff_told  # not there yet is no alarm; unreadable is
        await store.mark_operation(
            operation.id,
            "unclear",
            outcome={**known, "member_told": True, "staff_told": staff_told or tell_staff},
            now=turn.now,
        )
        if tell_staff:
            turn.records.tell_staff(_needs_human(turn, operation))
        if not (quiet_if_unknown and already_told):
            turn.out.say(turn.t(f"{operation.kind}_unclear", module=name), turn.out.menu_rows())
        return outcome
    if outcome is Outcome.NOT_DONE:
        await store.mark_operation(
            operation.id,
            "failed",
            outcome={**(operation.outcome or {}), "reconciled": True},
            now=turn.now,
        )
        rows = retry if retry is not None else turn.out.menu_rows()
        turn.out.say(turn.t(f"{operation.kind}_not_done", module=name), rows)
        return outcome
    await store.mark_operation(
        operation.id,
        "succeeded",
        outcome={**(operation.outcome or {}), "reconciled": True},
        module_contract_id=module_contract_id,
        now=turn.now,
    )
    await operations.announcer_for(operation.kind)(turn, operation, module_contract_id)
    return outcome


async def module_contract_ids(
    turn: Turn, customer_id: int, contract_id: int, *, cached: bool = False
) -> set[int]:
    """The ids of the module contracts on one main contract."""
    contracts = await turn.studio.client.customer_contracts(
        customer_id, language=turn.language, cached=cached
    )
    for contract in contracts:
        if contract.id == contract_id:
            return {sub.id for sub in contract.moduleContracts or []}
    return set()


async def _find_outcome(turn: Turn, operation: Operation) -> tuple[Outcome, int | None]:
    if operation.customer_id is None or operation.contract_id is None:
        return Outcome.UNKNOWN, None
    try:
        if operation.kind == operations.PURCHASE:
            return await _purchase_outcome(turn, operation)
        return await _amendment_outcome(turn, operation)
    except PerfectGymError as exc:
        log.warning("could not settle operation %s yet: %s", operation.id, type(exc).__name__)
        return Outcome.UNKNOWN, None


async def _purchase_outcome(turn: Turn, operation: Operation) -> tuple[Outcome, int | None]:
    request = operation.request
    assert operation.customer_id is not None and operation.contract_id is not None
    client = turn.studio.client
    before = {int(i) for i in request.get("before") or []}
    name = request.get("module_name")
    contracts = await client.customer_contracts(operation.customer_id, language=turn.language)
    subs = next((c.moduleContracts or [] for c in contracts if c.id == operation.contract_id), [])
    new = [sub for sub in subs if sub.id not in before]
    named = [sub for sub in new if sub.rateName == name]
    if named or len(new) == 1:
        return Outcome.DONE, (named or new)[0].id
    check = await client.validate_purchase(
        operation.contract_id,
        int(request["additionalModuleId"]),
        int(request["paymentFrequencyId"]),
        False,
        language=turn.language,
    )
    if str(check.validationStatus) == ALREADY_PURCHASED:
        return Outcome.DONE, None
    return Outcome.NOT_DONE, None


async def _amendment_outcome(turn: Turn, operation: Operation) -> tuple[Outcome, int | None]:
    assert operation.contract_id is not None
    module_contract_id = int(operation.subject)
    details = await turn.studio.client.module_contract(
        operation.contract_id, module_contract_id, language=turn.language
    )
    canceled = details.contractCancelationStatus is not None or details.cancelationDate is not None
    if operation.kind == operations.CANCEL:
        done = canceled
    else:
        done = not canceled or str(details.contractCancelationStatus) == (
            "PENDING_WITHDRAWAL_VERIFICATION"
        )
    return (Outcome.DONE if done else Outcome.NOT_DONE), module_contract_id


def _needs_human(turn: Turn, operation: Operation) -> StaffEvent:
    return StaffEvent(
        kind=StaffEventKind.NEEDS_HUMAN,
        studio=operation.studio,
        at=turn.now,
        customer_id=operation.customer_id,
        customer_number=turn.link.customer_number if turn.link else None,
        contract_id=operation.contract_id,
        module_name=str(operation.request.get("module_name") or ""),
        detail={"problem": f"unclear_{operation.kind}", "operation_id": operation.id},
    )
