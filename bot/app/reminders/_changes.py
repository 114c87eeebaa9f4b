"""What changed between two looks at a contract's module contracts, in the member's terms.

A pure comparison of snapshots: "the studio confirmed your cancelation" is PENDING_VERIFICATION
becoming CANCELED, "added at the desk" is a module contract the last look did not have.
Whether the bot itself caused a change is decided elsewhere (``_watch``, from the ledger).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from bot.store import ModuleSnapshot

ACTIVE = "ACTIVE"
PENDING_VERIFICATION = "PENDING_VERIFICATION"
PENDING_WITHDRAWAL_VERIFICATION = "PENDING_WITHDRAWAL_VERIFICATION"
CANCELED = "CANCELED"


class ChangeKind(StrEnum):
    """A change to one module contract; the first eight are told to the member."""

    ADDED = "added"
    CANCEL_PENDING = "cancel_pending"
    CANCELED = "canceled"
    CANCEL_CONFIRMED = "cancel_confirmed"
    WITHDRAWN = "withdrawn"
    WITHDRAW_PENDING = "withdraw_pending"
    WITHDRAW_REJECTED = "withdraw_rejected"
    DATE_CHANGED = "date_changed"
    ENDED = "ended"
    REMOVED = "removed"

    @property
    def told_to_member(self) -> bool:
        """Ended and removed contracts are news for staff only: the member was told before."""
        return self not in (ChangeKind.ENDED, ChangeKind.REMOVED)

    @property
    def operation(self) -> str | None:
        """The bot's own ledger operation that produces this change, if any."""
        if self is ChangeKind.ADDED:
            return "purchase"
        if self in (ChangeKind.CANCEL_PENDING, ChangeKind.CANCELED):
            return "cancel"
        if self in (ChangeKind.WITHDRAWN, ChangeKind.WITHDRAW_PENDING):
            return "withdraw"
        return None

    @property
    def staff_phrase(self) -> str:
        return _PHRASES[self]


_PHRASES = {
    ChangeKind.ADDED: "added to the membership in PerfectGym",
    ChangeKind.CANCEL_PENDING: "cancelation registered in PerfectGym, awaiting verification",
    ChangeKind.CANCELED: "canceled in PerfectGym",
    ChangeKind.CANCEL_CONFIRMED: "cancelation confirmed by the studio",
    ChangeKind.WITHDRAWN: "cancelation taken back in PerfectGym",
    ChangeKind.WITHDRAW_PENDING: "withdrawal registered, awaiting verification",
    ChangeKind.WITHDRAW_REJECTED: "withdrawal not accepted; the cancelation stands",
    ChangeKind.DATE_CHANGED: "cancelation date changed in PerfectGym",
    ChangeKind.ENDED: "module contract ended",
    ChangeKind.REMOVED: "module contract no longer listed by PerfectGym",
}


@dataclass(frozen=True)
class Change:
    """One change to one module contract, with what the member needs to hear."""

    kind: ChangeKind
    module_contract_id: int
    module: str
    date: date | None = None
    withdrawable: bool = False

    @property
    def state(self) -> str:
        """The new state in a few characters, for the outbox key of the news."""
        return self.date.isoformat() if self.date else "-"


def diff(before: Sequence[ModuleSnapshot], after: Sequence[ModuleSnapshot]) -> list[Change]:
    """The changes from ``before`` to ``after``, in module contract order."""
    old = {m.module_contract_id: m for m in before}
    changes: list[Change] = []
    for now in sorted(after, key=lambda m: m.module_contract_id):
        was = old.pop(now.module_contract_id, None)
        if was is None:
            if now.contract_status == ACTIVE:
                changes.append(_change(ChangeKind.ADDED, now, now.start_date))
            continue
        kind = _cancelation_change(was, now)
        if kind is not None:
            changes.append(_change(kind, now, now.cancelation_date or was.cancelation_date))
        if was.contract_status == ACTIVE and now.contract_status != ACTIVE:
            changes.append(_change(ChangeKind.ENDED, now, now.end_date))
    for gone in sorted(old.values(), key=lambda m: m.module_contract_id):
        if gone.contract_status == ACTIVE:
            changes.append(_change(ChangeKind.REMOVED, gone, None))
    return changes


def _cancelation_change(was: ModuleSnapshot, now: ModuleSnapshot) -> ChangeKind | None:
    before, after = was.cancelation_status, now.cancelation_status
    if before == after:
        if after is not None and was.cancelation_date != now.cancelation_date:
            return ChangeKind.DATE_CHANGED
        return None
    if after is None:
        return ChangeKind.WITHDRAWN
    if after == PENDING_WITHDRAWAL_VERIFICATION:
        return ChangeKind.WITHDRAW_PENDING
    if after == PENDING_VERIFICATION:
        return ChangeKind.CANCEL_PENDING
    if before == PENDING_VERIFICATION:
        return ChangeKind.CANCEL_CONFIRMED
    if before == PENDING_WITHDRAWAL_VERIFICATION:
        return ChangeKind.WITHDRAW_REJECTED
    return ChangeKind.CANCELED


def _change(kind: ChangeKind, module: ModuleSnapshot, on: date | None) -> Change:
    return Change(kind, module.module_contract_id, module.name, on, module.withdrawable)
