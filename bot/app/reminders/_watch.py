"""Keeping what the bot knows about linked members' module contracts up to date.

``ContractWatch.refresh`` reads the customer's contracts (plus a module contract's details
where its state matters: new, changed, being canceled, or named by a webhook), swaps the
snapshot of every linked chat atomically and returns what changed. Changes the bot made
itself (a purchase, cancelation or withdrawal in the chat, found in the operations ledger)
are marked ``ours``: the engine already told the member and staff, so nobody hears twice.
The first look at a chat (its baseline) reports nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from bot.app.reminders._budget import ApiBudget
from bot.app.reminders._changes import ACTIVE, CANCELED, Change, diff
from bot.clock import Clock
from bot.dates import UNITS, last_day_of_term
from bot.locks import KeyedLocks
from bot.perfectgym import (
    AdditionalModuleContractExtended,
    AdditionalModuleContractTrialPeriod,
    NotFound,
    SubContract,
)
from bot.store import ChatLink, ModuleSnapshot, Operation
from bot.store.protocols import StoreAPI
from conversations.services import StudioRuntime

log = logging.getLogger("bot.app.reminders.watch")

OWN_CHANGE_WINDOW = timedelta(minutes=10)
"""A ledger operation this much older than the last look still explains a change."""


@dataclass(frozen=True)
class LinkRefresh:
    """One linked chat after a refresh: its new snapshot and what changed since the last."""

    link: ChatLink
    modules: tuple[ModuleSnapshot, ...]
    changes: list[Change] = field(default_factory=list)
    """Changes the bot did not make: news for the member and staff."""
    ours: list[Change] = field(default_factory=list)
    baseline: bool = False
    since: datetime | None = None
    """When the replaced snapshot was taken: with the change, it names the occurrence."""


class ContractWatch:
    """Refreshes module contract snapshots from PerfectGym; safe to call concurrently."""

    def __init__(
        self,
        store: StoreAPI,
        studios: dict[str, StudioRuntime],
        clock: Clock,
        budget: ApiBudget | None = None,
    ) -> None:
        self.store = store
        self.studios = studios
        self.clock = clock
        self.budget = budget or ApiBudget.unlimited()
        self._customers = KeyedLocks()

    async def refresh(
        self,
        studio: str,
        customer_id: int,
        *,
        module_contract_ids: Collection[int] = (),
    ) -> list[LinkRefresh]:
        """Refresh every chat linked to the customer; PerfectGym errors propagate."""
        runtime = self.studios.get(studio)
        if runtime is None:
            return []
        async with self._customers.hold((studio, customer_id)):
            links = [
                link
                for link in await self.store.links_for_customer(studio, customer_id)
                if link.contract_id is not None
            ]
            if not links:
                return []
            taken_at = self.clock.now()
            await self.budget.spend(studio, "contracts")
            contracts = {c.id: c for c in await runtime.client.customer_contracts(customer_id)}
            reader = _DetailsReader(runtime, self.budget, set(module_contract_ids))
            results = []
            for link in links:
                assert link.contract_id is not None
                contract = contracts.get(link.contract_id)
                if contract is None:
                    log.info("linked contract not listed by PerfectGym; snapshot kept")
                    continue
                refreshed = await self._refresh_link(
                    link, contract.moduleContracts, reader, taken_at
                )
                if refreshed is not None:
                    results.append(refreshed)
            return results

    async def _refresh_link(
        self,
        link: ChatLink,
        subs: Sequence[SubContract],
        reader: _DetailsReader,
        taken_at: datetime,
    ) -> LinkRefresh | None:
        assert link.contract_id is not None
        previous = await self.store.contract_snapshot(link.platform, link.chat_id)
        if previous is not None and (previous.customer_id, previous.contract_id) != (
            link.customer_id,
            link.contract_id,
        ):
            previous = None  # relinked: a new baseline
        modules = []
        for sub in subs:
            old = previous.module(sub.id) if previous is not None else None
            details = await reader.details(link.contract_id, sub, old)
            modules.append(_snapshot(sub, details, old, taken_at))
        swap = await self.store.replace_contract_snapshot(
            link.platform,
            link.chat_id,
            customer_id=link.customer_id,
            contract_id=link.contract_id,
            taken_at=taken_at,
            modules=modules,
        )
        if not swap.applied:
            return None
        if previous is None:
            return LinkRefresh(link, tuple(modules), baseline=True)
        changes, ours = [], []
        operations = await self.store.operations_for_chat(link.platform, link.chat_id)
        for change in diff(previous.modules, modules):
            before = previous.module(change.module_contract_id)
            seen = before.changed_at if before is not None else previous.taken_at
            if _made_by_bot(change, operations, link, seen):
                ours.append(change)
            else:
                changes.append(change)
        return LinkRefresh(link, tuple(modules), changes, ours, since=previous.taken_at)


class _DetailsReader:
    """Module contract details, read once per refresh and only where they can matter."""

    def __init__(self, studio: StudioRuntime, budget: ApiBudget, forced: set[int]) -> None:
        self.studio = studio
        self.budget = budget
        self.forced = forced
        self._read: dict[int, AdditionalModuleContractExtended | None] = {}

    async def details(
        self, contract_id: int, sub: SubContract, old: ModuleSnapshot | None
    ) -> AdditionalModuleContractExtended | None:
        if not self._needed(sub, old):
            return None
        if sub.id not in self._read:
            await self.budget.spend(self.studio.name, "module contract")
            try:
                self._read[sub.id] = await self.studio.client.module_contract(contract_id, sub.id)
            except NotFound:
                self._read[sub.id] = None
        return self._read[sub.id]

    def _needed(self, sub: SubContract, old: ModuleSnapshot | None) -> bool:
        active = str(sub.contractStatus) == ACTIVE
        was_active = old is not None and old.contract_status == ACTIVE
        if not (active or was_active):
            return False
        return (
            old is None
            or old.fingerprint != fingerprint(sub)
            or sub.id in self.forced
            or sub.cancellationDate is not None
            or old.cancelation_status is not None
        )


def fingerprint(sub: SubContract) -> str:
    """The parts of a listed module contract whose change calls for a closer look."""
    return "|".join(
        (
            str(sub.contractStatus),
            str(sub.cancelled),
            sub.cancellationDate.isoformat() if sub.cancellationDate else "",
            sub.endDate.isoformat() if sub.endDate else "",
        )
    )


def _snapshot(
    sub: SubContract,
    details: AdditionalModuleContractExtended | None,
    old: ModuleSnapshot | None,
    taken_at: datetime,
) -> ModuleSnapshot:
    if details is not None:
        status = details.contractCancelationStatus
        cancelation_status = str(status) if status is not None else None
        cancelation_date = details.cancelationDate
        withdrawable = details.contractCancelationCanBeWithdrawn
        trial_end = trial_last_day(details.trialPeriod)
        name = details.name
    elif old is not None and old.fingerprint == fingerprint(sub):
        cancelation_status, cancelation_date = old.cancelation_status, old.cancelation_date
        withdrawable, trial_end, name = old.withdrawable, old.trial_end, sub.rateName
    else:  # an ended contract, or one PerfectGym no longer details
        cancelation_status = CANCELED if sub.cancellationDate is not None else None
        cancelation_date, withdrawable, trial_end = sub.cancellationDate, False, None
        name = sub.rateName
    state = (str(sub.contractStatus), cancelation_status, cancelation_date, trial_end)
    unchanged = old is not None and state == (
        old.contract_status,
        old.cancelation_status,
        old.cancelation_date,
        old.trial_end,
    )
    return ModuleSnapshot(
        module_contract_id=sub.id,
        name=name,
        contract_status=str(sub.contractStatus),
        fingerprint=fingerprint(sub),
        changed_at=old.changed_at if unchanged and old is not None else taken_at,
        start_date=sub.startDate,
        end_date=sub.endDate,
        cancelation_status=cancelation_status,
        cancelation_date=cancelation_date,
        withdrawable=withdrawable,
        trial_end=trial_end,
    )


def trial_last_day(trial: AdditionalModuleContractTrialPeriod | None) -> date | None:
    """The last free day of a booked trial (its start plus its term, minus one day)."""
    if trial is None or trial.startDate is None or trial.term is None:
        return None
    unit = str(trial.term.unit)
    if unit not in UNITS:
        return None
    return last_day_of_term(trial.startDate, trial.term.value, unit)


def _made_by_bot(
    change: Change, operations: Sequence[Operation], link: ChatLink, seen: datetime
) -> bool:
    """True when one of the chat's own ledger operations explains the change."""
    kind = change.kind.operation
    if kind is None:
        return False
    for operation in operations:
        if str(operation.kind) != kind:
            continue
        if kind == "purchase":
            if operation.module_contract_id == change.module_contract_id or (
                operation.is_open and operation.contract_id == link.contract_id
            ):
                return True
        elif operation.subject == str(change.module_contract_id) and (
            operation.is_open or operation.created_at >= seen - OWN_CHANGE_WINDOW
        ):
            return True
    return False


__all__ = ["ContractWatch", "LinkRefresh", "fingerprint", "trial_last_day"]
