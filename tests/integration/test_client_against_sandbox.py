"""The client's writes against a fresh sandbox over real HTTP: book, read back, cancel, withdraw,
confirm activation, log a communication. Reads live in ``test_client_reads_against_sandbox``.

The FakeClock stands at 2026-11-26 (Berlin); a module bought today starts tomorrow.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from bot.perfectgym import (
    CancelationStatus,
    CommunicationChannel,
    CommunicationDirection,
    CommunicationThreadRequest,
    CommunicationThreadStatus,
    PerfectGymClient,
    ValidationStatus,
)
from bot.sandbox import HAMBURG_ALTONA_API_KEY, Sandbox

from .conftest import MakeClient

TOMORROW = date(2026, 11, 27)
EUR = "EUR"


async def test_purchase_then_read_back_the_new_module_contract(
    berlin: PerfectGymClient, sandbox: Sandbox
) -> None:
    bought = await berlin.purchase(5001, 201, 2011, True)
    assert bought.id is not None
    assert [m.id for m in sandbox.module_contracts_of(5001)] == [bought.id]

    contract = await berlin.module_contract(5001, bought.id)
    assert contract.name == "Sauna"
    assert (contract.price.amount, contract.price.currency) == (Decimal("9.90"), EUR)
    assert contract.startDate == TOMORROW
    assert contract.endDate is None  # renews monthly
    assert contract.trialPeriod is not None and contract.trialPeriod.startDate == TOMORROW
    # The trial ends on 10 Dec and can be ended then; the 1-month term runs from 11 Dec.
    assert contract.availableCancelationDates[:2] == [date(2026, 12, 10), date(2027, 1, 10)]
    assert contract.lastPossibleCancelationDate == date(2026, 12, 10)
    assert contract.contractCancelationCanBeWithdrawn is False
    assert contract.contractCancelationStatus is None

    again = await berlin.validate_purchase(5001, 201, 2011, False)
    assert again.validationStatus is ValidationStatus.ADDITIONAL_MODULE_CONTRACT_ALREADY_PURCHASED
    assert 201 not in [m.id for m in await berlin.purchasable_modules(5001)]


async def test_cancel_needs_verification_in_berlin_and_can_be_withdrawn(
    berlin: PerfectGymClient,
) -> None:
    before = await berlin.module_contract(5004, 9001)
    earliest = before.availableCancelationDates[0]
    assert earliest == date(2026, 12, 31)

    result = await berlin.cancel_module_contract(5004, 9001, earliest, 11)
    assert result.success == "true"
    canceled = await berlin.module_contract(5004, 9001)
    assert canceled.contractCancelationStatus is CancelationStatus.PENDING_VERIFICATION
    assert (canceled.cancelationDate, canceled.endDate) == (earliest, earliest)
    assert canceled.cancelationReason == "Umzug"
    assert canceled.contractCancelationCanBeWithdrawn is True
    assert canceled.availableCancelationDates == []

    withdrawn = await berlin.withdraw_cancelation(5004, 9001)
    assert withdrawn.success == "true"
    after = await berlin.module_contract(5004, 9001)
    assert after.contractCancelationStatus is None and after.cancelationDate is None
    assert after.contractCancelationCanBeWithdrawn is False
    assert after.availableCancelationDates[0] == earliest


async def test_cancel_takes_effect_directly_in_hamburg(make_client: MakeClient) -> None:
    hamburg = make_client(HAMBURG_ALTONA_API_KEY)
    earliest = (await hamburg.module_contract(6002, 9101)).availableCancelationDates[0]
    await hamburg.cancel_module_contract(6002, 9101, earliest, 21)
    canceled = await hamburg.module_contract(6002, 9101)
    assert canceled.contractCancelationStatus is CancelationStatus.CANCELED
    (contract,) = await hamburg.customer_contracts(2002)
    (sauna,) = contract.moduleContracts
    assert (sauna.id, sauna.cancelled, sauna.cancellationDate) == (9101, True, earliest)


async def test_withdraw_a_seeded_pending_cancelation(berlin: PerfectGymClient) -> None:
    pending = await berlin.module_contract(5005, 9002)
    assert pending.contractCancelationStatus is CancelationStatus.PENDING_VERIFICATION
    assert pending.contractCancelationCanBeWithdrawn is True
    await berlin.withdraw_cancelation(5005, 9002)
    assert (await berlin.module_contract(5005, 9002)).cancelationDate is None


async def test_confirm_activation_switches_webhooks_on(
    berlin: PerfectGymClient, sandbox: Sandbox
) -> None:
    assert sandbox.studios[1].activation_confirmed is False
    assert await berlin.confirm_activation() is None
    assert sandbox.studios[1].activation_confirmed is True
    assert sandbox.studios[2].activation_confirmed is False


async def test_create_communication_thread_logs_on_the_customer(
    berlin: PerfectGymClient, sandbox: Sandbox
) -> None:
    thread = CommunicationThreadRequest(
        communicationThreadStatus=CommunicationThreadStatus.CLOSED,
        subject="Sauna booked via chat",
        content="Booked Sauna (9.90 EUR/month) in the Telegram bot.",
        communicationDirection=CommunicationDirection.INCOMING,
        communicationChannel=CommunicationChannel.CHAT,
        agent="upsell-bot",
    )
    created = await berlin.create_communication_thread(1001, thread)
    assert created.customerId == 1001
    assert created.subject == "Sauna booked via chat"
    assert created.communicationChannel is CommunicationChannel.CHAT
    (logged,) = sandbox.communications
    assert logged.thread_id == created.threadId
    assert logged.communication_id == created.communicationId
    assert logged.fields["agent"] == "upsell-bot"
