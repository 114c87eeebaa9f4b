"""Right before sending: are the facts still true, and may we write to this member?

Facts, per rule: a cancelation reminder needs the cancelation still in place, withdrawable
and on the planned date; a trial reminder the same trial, not canceled yet; a viewed
follow-up or a campaign the module still purchasable for the contract (so not booked).
News of a contract change needs no check: it already happened.

Consent from PerfectGym (the rule's purpose decides which categories count, see
``conversations.consent``): GET communication-preferences, spent from the API budget. 403
(the key lacks the scope) and 404 leave it to the chat; other errors propagate, and the
sender tries again later.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.app.reminders._budget import ApiBudget
from bot.app.reminders._rules import Rule
from bot.app.reminders._watch import trial_last_day
from bot.perfectgym import AdditionalModule, CancelationStatus, NotFound
from conversations.consent import perfectgym_verdict
from conversations.services import StudioRuntime


@dataclass(frozen=True)
class Facts:
    """The verdict on a row's facts; ``module`` and ``offer`` are as PerfectGym shows them now.

    ``pending``: the cancelation still waits for the studio (PENDING_VERIFICATION), so the
    notice must not say the module ends.
    """

    send: bool
    reason: str | None = None
    module: str | None = None
    withdrawable: bool = False
    offer: AdditionalModule | None = None
    pending: bool = False


async def consent(
    studio: StudioRuntime, budget: ApiBudget, customer_id: int, rule: Rule
) -> tuple[bool, str | None]:
    """(may send, note): False when PerfectGym lists CHAT as off for the rule's purpose.

    Preferences read recently are reused (the preferences webhook drops them), and spend
    nothing of the budget.
    """
    if studio.client.cache.preferences(customer_id) is None:
        await budget.spend(studio.name, "communication preferences")
    verdict = await perfectgym_verdict(studio.client, customer_id, rule.purpose, cached=True)
    return verdict.allowed, str(verdict.reason) if verdict.reason else None


async def facts(
    studio: StudioRuntime,
    budget: ApiBudget,
    rule: Rule,
    payload: dict[str, object],
    today: date,
) -> Facts:
    """Check the row's facts with PerfectGym (one call at most)."""
    if rule is Rule.CONTRACT_CHANGE:
        return Facts(True, module=str(payload.get("module") or ""))
    contract_id = _int(payload.get("contract_id"))
    if contract_id is None:
        return Facts(False, "the reminder names no contract")
    if rule in (Rule.VIEWED, Rule.CAMPAIGN):
        module_id = _int(payload.get("module_id"))
        await budget.spend(studio.name, "purchasable")
        try:
            modules = await studio.client.purchasable_modules(contract_id)
        except NotFound:
            return Facts(False, "the contract is gone")
        found = next((m for m in modules if m.id == module_id), None)
        if found is None:
            return Facts(False, "no longer purchasable (booked or not offered)")
        return Facts(True, module=found.name, offer=found)
    module_contract_id = _int(payload.get("module_contract_id"))
    planned = str(payload.get("date") or "")
    if module_contract_id is None:
        return Facts(False, "the reminder names no module contract")
    await budget.spend(studio.name, "module contract")
    try:
        details = await studio.client.module_contract(contract_id, module_contract_id)
    except NotFound:
        return Facts(False, "the module contract is gone")
    status = details.contractCancelationStatus
    if rule is Rule.CANCELATION:
        if status is None:
            return Facts(False, "the cancelation was taken back")
        if not details.contractCancelationCanBeWithdrawn:
            return Facts(False, "the cancelation can no longer be withdrawn")
        if details.cancelationDate is None or details.cancelationDate.isoformat() != planned:
            return Facts(False, "the cancelation date changed")
        pending = status is CancelationStatus.PENDING_VERIFICATION
        return Facts(True, module=details.name, withdrawable=True, pending=pending)
    ends = trial_last_day(details.trialPeriod)
    if ends is None or ends.isoformat() != planned:
        return Facts(False, "the trial changed")
    if status is not None:
        return Facts(False, "already canceled")
    if ends < today:
        return Facts(False, "the trial is over")
    return Facts(True, module=details.name)


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None
