"""The operations ledger around every write to PerfectGym: intent first, outcome after.

Purchase has no idempotency key, so a write is recorded before it is sent. If the answer
never arrives (timeout, 5xx, crash) the operation stays open until ``flows.reconcile`` finds
out from PerfectGym what really happened; nothing is ever re-sent blindly.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import Any, Generic, TypeVar

from bot.perfectgym import (
    InvalidResponse,
    PerfectGymError,
    ServerError,
    TransportError,
)
from bot.store import Operation, OperationInFlight, OperationMark, OperationStatus
from conversations.events import StaffEvent, StaffEventKind
from conversations.turn import Turn

T = TypeVar("T")

PURCHASE = "purchase"
CANCEL = "cancel"
WITHDRAW = "withdraw"


def outcome_unclear(exc: PerfectGymError) -> bool:
    """True when the write may have happened although no success came back."""
    if isinstance(exc, TransportError):
        return exc.request_sent
    return isinstance(exc, (ServerError, InvalidResponse))


def staff_event(
    turn: Turn,
    operation: Operation,
    kind: StaffEventKind,
    *,
    module_name: str,
    module_contract_id: int | None,
    status: str | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Tell staff how a ledgered write ended (queued on the turn, published after it)."""
    turn.records.tell_staff(
        StaffEvent(
            kind=kind,
            studio=operation.studio,
            at=turn.now,
            customer_id=operation.customer_id,
            customer_number=turn.link.customer_number if turn.link else None,
            contract_id=operation.contract_id,
            module_name=module_name,
            module_contract_id=module_contract_id,
            status=status,
            detail=detail or {},
        )
    )


Announcer = Callable[[Turn, Operation, int | None], Awaitable[None]]
"""Tells the member (and staff) how a write ended: receipt, funnel row, staff event."""

_ANNOUNCERS: dict[str, Announcer] = {}


def announces(kind: str) -> Callable[[Announcer], Announcer]:
    """Register the flow function that announces a finished ``kind`` of write.

    Settling an unclear write (``flows.reconcile``) finds the announcer here by the
    operation's kind, so it never imports the flows that import it.
    """

    def register(announcer: Announcer) -> Announcer:
        _ANNOUNCERS[kind] = announcer
        return announcer

    return register


def announcer_for(kind: str) -> Announcer:
    try:
        return _ANNOUNCERS[kind]
    except KeyError:
        raise LookupError(f"no announcer registered for {kind!r} operations") from None


@dataclass
class Attempt(Generic[T]):
    """How one ledgered write went: done, refused (clearly not done) or unclear."""

    operation: Operation
    result: T | None = None
    error: PerfectGymError | None = None

    @property
    def unclear(self) -> bool:
        return self.error is not None and outcome_unclear(self.error)


class InFlight(Exception):
    """The same write for the same contract is already under way or unsettled."""

    def __init__(self, operation: Operation) -> None:
        super().__init__(operation.kind)
        self.operation = operation


async def perform(
    turn: Turn,
    kind: str,
    subject: str,
    request: dict[str, Any],
    call: Callable[[], Awaitable[T]],
    *,
    module_contract_id: Callable[[T], int | None] = lambda _: None,
) -> Attempt[T]:
    """Record the intent, make the call once, record what is known of the outcome.

    The intent is one durable write (recorded as sent, with the confirming button marked
    used); a success is stored with the turn's final write (until then the ledger says
    "sent", which a crash leaves for the reconciler to settle with PerfectGym's answer);
    a failure is recorded at once.
    """
    link = turn.membership
    store = turn.services.store
    try:
        operation = await store.begin_operation(
            kind,
            studio=link.studio,
            platform=turn.platform,
            chat_id=turn.chat_id,
            customer_id=link.customer_id,
            contract_id=link.contract_id,
            subject=subject,
            request=request,
            now=turn.now,
            sent=True,
            redeem=turn.incoming.button,
        )
    except OperationInFlight as exc:
        raise InFlight(exc.operation) from None
    try:
        result = await call()
    except PerfectGymError as exc:
        status = "unclear" if outcome_unclear(exc) else "failed"
        outcome: dict[str, Any] = {
            "error": type(exc).__name__,
            "errorCode": getattr(exc, "error_code", None),
        }
        if isinstance(exc, TransportError) and exc.request_sent:
            outcome["unanswered"] = True  # PerfectGym may still be working on it
        await store.mark_operation(operation.id, status, outcome=outcome, now=turn.now)
        return Attempt(await store.get_operation(operation.id), error=exc)
    made = module_contract_id(result)
    turn.records.operation_marks.append(
        OperationMark(operation_id=operation.id, status="succeeded", module_contract_id=made)
    )
    succeeded = replace(
        operation,
        status=OperationStatus.SUCCEEDED,
        module_contract_id=made if made is not None else operation.module_contract_id,
        updated_at=turn.now,
    )
    return Attempt(succeeded, result=result)
