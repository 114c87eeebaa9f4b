"""Buying a module after the member pressed the button that names the price.

Exactly one purchase per confirmation: the button is single-use, the conversation is locked,
the ledger allows one open purchase per contract and module, and an unclear outcome is
settled through PerfectGym before anything else happens.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal
from typing import Any

from bot.perfectgym import (
    AdditionalModule,
    AdditionalModuleContractExtended,
    PaymentFrequency,
    PerfectGymError,
)
from bot.store import Operation
from conversations import funnel, operations, receipts
from conversations.commitments import Commitment, booking_lines
from conversations.drafts import BookingDraft
from conversations.events import StaffEventKind
from conversations.flows import booking, reconcile
from conversations.flows.writes import ConfirmedWrite, perform_confirmed
from conversations.formatting import day
from conversations.payloads import BookingConfirmation
from conversations.pricing import Period, Schedule, schedule_text
from conversations.receipts import Receipt, ReceiptKind
from conversations.states import Action, State
from conversations.texts import has_text
from conversations.turn import StaleAnswer, Turn
from conversations.types import Button


async def confirm(turn: Turn) -> State:
    """The order button: validate once more, record the intent, buy once."""
    link = turn.membership
    draft = turn.draft_as(BookingDraft)
    order = turn.payload_as(BookingConfirmation)
    chosen, frequency = draft.module, draft.frequency()
    if (
        frequency is None
        or order.module_id != chosen.id
        or order.frequency_id != draft.frequency_id
        or order.trial != bool(draft.trial)
    ):
        raise StaleAnswer("the order button does not match the summary")
    frequency_id, trial = order.frequency_id, order.trial
    client = turn.studio.client
    turn.records.funnel("confirmed", module_id=chosen.id, module_name=chosen.name)
    # The desk may have booked it since the summary: check again right before buying.
    check = await client.validate_purchase(
        link.contract_id, chosen.id, frequency_id, trial, language=turn.language
    )
    if str(check.validationStatus) != booking.PURCHASABLE:
        turn.records.funnel(
            "validated",
            module_id=chosen.id,
            module_name=chosen.name,
            validation_status=str(check.validationStatus),
        )
        turn.draft = None
        turn.out.say(booking.explain_status(turn, str(check.validationStatus), chosen.name))
        return State.IDLE
    # Which module contracts were there (recent answers do: validation just said this one is
    # not among them); a new one after an unclear outcome is then ours.
    before = await reconcile.module_contract_ids(
        turn, link.customer_id, link.contract_id, cached=True
    )
    schedule = Schedule.of(frequency)
    start_price = schedule.price_on(turn.now.date(), turn.now.date())
    request: dict[str, Any] = {
        "additionalModuleId": chosen.id,
        "paymentFrequencyId": frequency_id,
        "bookTrialPeriod": trial,
        "module_name": chosen.name,
        "frequency_type": str(frequency.type),
        "term": [frequency.term.value, str(frequency.term.unit)] if frequency.term else None,
        "frequency": frequency.model_dump(mode="json"),
        "module": chosen.model_dump(mode="json"),
        "amount": str(start_price.amount) if start_price else None,
        "currency": start_price.currency if start_price else None,
        "before": sorted(before),
        "language": turn.language,
    }

    def retry_rows() -> list[list[Button]]:
        again = turn.out.button(turn.t("btn_retry"), Action.CONFIRM_BOOKING, order)
        return [[again], [turn.out.abort_button()]]

    def refused(error: PerfectGymError) -> bool:
        code = getattr(error, "error_code", None)
        if code is None or not has_text(f"status_{code}"):
            return False
        # Refused for a validation reason (the errorCode names it): retrying cannot help.
        turn.out.say(booking.explain_status(turn, code, chosen.name), turn.out.menu_rows())
        return True

    return await perform_confirmed(
        turn,
        ConfirmedWrite(
            kind=operations.PURCHASE,
            subject=str(chosen.id),
            module_name=chosen.name,
            request=request,
            call=lambda: client.purchase(
                link.contract_id, chosen.id, frequency_id, trial, language=turn.language
            ),
            waiting_state=State.BOOK_CONFIRM,
            retry_rows=retry_rows,
            module_contract_id=lambda created: created.id,
            refused=refused,
            funnel={"module_id": chosen.id},
        ),
    )


@operations.announces(operations.PURCHASE)
async def announce(turn: Turn, operation: Operation, module_contract_id: int | None) -> None:
    """Tell the member (and staff) that a purchase went through: a receipt, with the start
    date PerfectGym reports and the moment the member's order was received."""
    request = operation.request
    name = str(request.get("module_name") or "")
    schedule = _schedule(request)
    amount = Decimal(str(request["amount"])) if request.get("amount") else None
    currency = str(request.get("currency") or "EUR")
    details = None
    if module_contract_id is not None and operation.contract_id is not None:
        try:
            details = await turn.studio.client.module_contract(
                operation.contract_id, module_contract_id, language=turn.language
            )
        except PerfectGymError:  # the booking stands; the details can be looked up later
            details = None
    if details is not None:
        name = details.name or name
        amount, currency = Decimal(str(details.price.amount)), details.price.currency
        outcome = turn.t("purchased", module=name, start=day(details.startDate, turn.language))
    else:
        outcome = turn.t("purchased_short", module=name)
    monthly = (
        schedule.monthly(replace(schedule.steps[0], amount=amount))
        if amount is not None and schedule.steps
        else Decimal(0)
    )
    turn.records.funnel(
        "purchased",
        studio=operation.studio,
        customer_id=operation.customer_id,
        contract_id=operation.contract_id,
        module_id=_int(request.get("additionalModuleId")),
        module_name=name,
        amount=monthly,
        currency=currency,
        detail={"module_contract_id": module_contract_id},
        purchase=funnel.purchase_facts(request, details),
    )
    operations.staff_event(
        turn,
        operation,
        StaffEventKind.PURCHASE,
        module_name=name,
        module_contract_id=module_contract_id,
        detail={
            "monthly": str(monthly),
            "currency": currency,
            **funnel.purchase_feed(request, details),
        },
    )
    turn.draft = None
    receipt = Receipt(
        kind=ReceiptKind.PURCHASE,
        module=name,
        received_at=operation.created_at,
        outcome=outcome,
        lines=tuple(_receipt_lines(turn, operation, schedule, details)),
        module_contract_id=module_contract_id,
        customer_id=operation.customer_id,
        rows=tuple(tuple(row) for row in turn.out.menu_rows()),
    )
    await receipts.issue(turn, receipt)


def _receipt_lines(
    turn: Turn,
    operation: Operation,
    schedule: Schedule,
    details: AdditionalModuleContractExtended | None,
) -> list[str]:
    """What was booked: the summary's lines, now with PerfectGym's own dates where known."""
    request = operation.request
    raw_module, raw_frequency = request.get("module"), request.get("frequency")
    if not isinstance(raw_module, dict) or not isinstance(raw_frequency, dict):
        return [turn.t("line_price", price=schedule_text(schedule, turn.language))]
    commitment = Commitment.of(
        AdditionalModule.model_validate(raw_module),
        PaymentFrequency.model_validate(raw_frequency),
        trial=bool(request.get("bookTrialPeriod")),
    )
    if details is None:
        zone = turn.studio.settings.zone
        start = operation.created_at.astimezone(zone).date() + timedelta(days=1)
        timeline = commitment.timeline(start)
        return booking_lines(commitment, schedule, timeline, turn.language, confirmed=False)
    trial = details.trialPeriod
    if trial is not None and trial.term is not None:
        commitment = replace(commitment, trial=Period(trial.term.value, str(trial.term.unit)))
    start = trial.startDate if trial is not None and trial.startDate else details.startDate
    timeline = commitment.timeline(start)
    return booking_lines(commitment, schedule, timeline, turn.language, confirmed=True)


def _schedule(request: dict[str, Any]) -> Schedule:
    """The booked payment option's schedule, as recorded in the ledger before the purchase."""
    raw = request.get("frequency")
    if isinstance(raw, dict):
        return Schedule.of(PaymentFrequency.model_validate(raw))
    term = request.get("term")
    fallback: dict[str, Any] = {"type": str(request.get("frequency_type") or "RECURRING")}
    if term:
        fallback["term"] = {"value": int(term[0]), "unit": str(term[1])}
    if request.get("amount") is not None:
        fallback["price"] = {"amount": request["amount"], "currency": request.get("currency")}
    return Schedule.of(PaymentFrequency.model_validate(fallback))


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) else None
