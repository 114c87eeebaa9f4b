"""What a booking or a cancelation is worth, recorded for the staff figures and feed.

The member flows hand these to ``turn.records.funnel(...)`` and the staff event, so the figures can
tell paid from trial, free and one-off bookings, and know what a cancelation loses per month.
Prices come from ``conversations.pricing``: a booking's schedule from the payment option it
was booked with, a module contract's from ``priceDetails.paymentFrequency`` of the customer's
contracts.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from bot.dates import last_day_of_term
from bot.perfectgym import AdditionalModuleContractExtended, PaymentFrequency, PerfectGymError
from bot.store import CancelationFacts, Operation, PurchaseFacts, PurchaseKind
from conversations.pricing import Schedule
from conversations.turn import Turn


def trial_until(extended: AdditionalModuleContractExtended | None) -> date | None:
    """The last day of a module contract's trial (None without one)."""
    trial = extended.trialPeriod if extended is not None else None
    if trial is None or trial.startDate is None or trial.term is None:
        return None
    return last_day_of_term(trial.startDate, trial.term.value, str(trial.term.unit))


def booked_schedule(request: dict[str, Any]) -> Schedule:
    """The schedule of the payment option a purchase request booked (the ledger's request)."""
    raw = request.get("frequency")
    if isinstance(raw, dict):
        return Schedule.of(PaymentFrequency.model_validate(raw))
    fallback: dict[str, Any] = {"type": str(request.get("frequency_type") or "RECURRING")}
    term = request.get("term")
    if term:
        fallback["term"] = {"value": int(term[0]), "unit": str(term[1])}
    if request.get("amount") is not None:
        fallback["price"] = {"amount": request["amount"], "currency": request.get("currency")}
    return Schedule.of(PaymentFrequency.model_validate(fallback))


def purchase_facts(
    request: dict[str, Any], details: AdditionalModuleContractExtended | None
) -> PurchaseFacts:
    """How a booking counts: free, one-off, a trial (and its first paid day) or paid."""
    schedule = booked_schedule(request)
    trial = bool(request.get("bookTrialPeriod"))
    last_trial_day = trial_until(details) if trial else None
    paid_from = last_trial_day + timedelta(days=1) if last_trial_day else None
    one_off = None
    if schedule.free:
        kind = PurchaseKind.FREE
    elif schedule.once:
        kind = PurchaseKind.ONE_OFF
        price = details.price.amount if details is not None else request.get("amount")
        one_off = Decimal(str(price)) if price is not None else schedule.steps[0].amount
    elif trial:
        kind = PurchaseKind.TRIAL
    else:
        kind = PurchaseKind.PAID
    return PurchaseFacts(
        kind=kind, payment_type=schedule.kind or None, paid_from=paid_from, one_off=one_off
    )


def purchase_feed(
    request: dict[str, Any], details: AdditionalModuleContractExtended | None
) -> dict[str, Any]:
    """What the staff feed shows of a booking: its kind, trial, payment option and schedule."""
    facts = purchase_facts(request, details)
    trial = bool(request.get("bookTrialPeriod"))
    last_trial_day = trial_until(details) if trial else None
    paid_from = facts.paid_from or (details.startDate if details is not None else None)
    return {
        "kind": facts.kind.value,
        "trial": trial,
        "trial_until": _iso(last_trial_day),
        "paid_from": _iso(paid_from),
        "frequency": request.get("frequency"),
    }


async def cancelation_facts(
    turn: Turn,
    operation: Operation,
    details: AdditionalModuleContractExtended | None,
    *,
    reason_given: bool = True,
) -> CancelationFacts:
    """The reason, and the monthly price a cancelation loses (nothing within a trial).

    ``reason_given=False`` when the member chose "no reason" (the studio's default reason
    went to PerfectGym): the figures then count it as "no reason given". Reads the
    customer's contracts for the module contract's price schedule; when that fails the
    monthly price stays unknown (the figures then take it from the booking).
    """
    reason = details.cancelationReason if details is not None and reason_given else None
    module_contract_id = int(operation.subject)
    last_trial_day = trial_until(details)
    ends = details.cancelationDate if details is not None else None
    if last_trial_day is not None and ends is not None and ends <= last_trial_day:
        return CancelationFacts(reason=reason, in_trial=True, monthly=Decimal(0))
    monthly, currency = await _monthly_price(turn, operation, module_contract_id)
    return CancelationFacts(reason=reason, monthly=monthly, currency=currency)


async def _monthly_price(
    turn: Turn, operation: Operation, module_contract_id: int
) -> tuple[Decimal | None, str | None]:
    if operation.customer_id is None:
        return None, None
    try:
        contracts = await turn.studio.client.customer_contracts(
            operation.customer_id, language=turn.language
        )
    except PerfectGymError:
        return None, None
    for contract in contracts:
        for sub in contract.moduleContracts or []:
            if sub.id == module_contract_id:
                return monthly_of(sub.priceDetails.paymentFrequency, sub.priceDetails.currentPrice)
    return None, None


def monthly_of(frequency: Any, current: Any) -> tuple[Decimal, str]:
    """A module contract's current price per month (0 for free and one-off prices)."""
    schedule = Schedule.of(frequency)
    amount = Decimal(str(current.amount))
    step = replace(schedule.steps[0], amount=amount) if schedule.steps else None
    return schedule.monthly(step), str(current.currency)


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None
