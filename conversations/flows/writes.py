"""A write the member confirmed (buy, cancel, take back), from the ledger to the next state.

Every ledgered write ends the same way: already under way (say so), done (the kind's
announcer issues the receipt), unclear (settle it through PerfectGym; offer the same button
again only if it surely did not happen), or clearly refused (say why; offer it again). The
flows say what to write and how a refusal reads; this module says how the attempt ends.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from bot.perfectgym import PerfectGymError
from conversations import operations
from conversations.failures import explain
from conversations.flows import reconcile
from conversations.states import State
from conversations.turn import Turn
from conversations.types import Button

T = TypeVar("T")


@dataclass(frozen=True)
class ConfirmedWrite(Generic[T]):
    """One write to PerfectGym the member just confirmed."""

    kind: str
    """``operations.PURCHASE``, ``CANCEL`` or ``WITHDRAW``: names the texts and announcer."""
    subject: str
    module_name: str
    request: dict[str, Any]
    call: Callable[[], Awaitable[T]]
    waiting_state: State
    """Where the member stays when the write surely did not happen (to try again)."""
    retry_rows: Callable[[], Sequence[Sequence[Button]]]
    module_contract_id: Callable[[T], int | None] = field(default=lambda _: None)
    refused: Callable[[PerfectGymError], bool] = field(default=lambda _: False)
    """Says (and returns True) when a clear refusal needs its own answer, no retry."""
    declared: str | None = None
    """Said right before the receipt when the write went through at once."""
    funnel: dict[str, Any] | None = field(default_factory=dict)
    """Fields of the ``<kind>_failed`` funnel row (None: no row for this kind)."""


async def perform_confirmed(turn: Turn, write: ConfirmedWrite[T]) -> State:
    """Record the intent, write once, and end the dialog as the outcome allows."""
    try:
        attempt = await operations.perform(
            turn,
            write.kind,
            write.subject,
            write.request,
            write.call,
            module_contract_id=write.module_contract_id,
        )
    except operations.InFlight:
        turn.draft = None
        message = turn.t(f"{write.kind}_in_progress", module=write.module_name)
        turn.out.say(message, turn.out.menu_rows())
        return State.IDLE
    if attempt.error is None:
        if write.declared is not None:
            turn.out.say(write.declared)
        turn.draft = None
        created = attempt.result
        made = write.module_contract_id(created) if created is not None else None
        await operations.announcer_for(write.kind)(turn, attempt.operation, made)
        return State.IDLE
    if attempt.unclear:
        outcome = await reconcile.settle(turn, attempt.operation, retry=write.retry_rows())
        if outcome is reconcile.Outcome.NOT_DONE:
            return write.waiting_state
        turn.draft = None
        return State.IDLE
    if write.funnel is not None:
        turn.records.funnel(
            f"{write.kind}_failed",
            module_name=write.module_name,
            detail={"error": type(attempt.error).__name__},
            **write.funnel,
        )
    if write.refused(attempt.error):
        turn.draft = None
        return State.IDLE
    reason = explain(turn, attempt.error)
    message = turn.t(f"{write.kind}_failed", module=write.module_name, reason=reason)
    turn.out.say(message, write.retry_rows())
    return write.waiting_state


__all__ = ["ConfirmedWrite", "perform_confirmed"]
