"""Every PerfectGymClient method against the sandbox over real HTTP: what callers rely on.

The FakeClock stands at 2026-11-26 (Berlin); a module bought today starts tomorrow.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bot.perfectgym import (
    CancelationStatus,
    CommunicationChannel,
    CommunicationDirection,
    CommunicationThreadRequest,
    CommunicationThreadStatus,
    ContractStatus,
    CustomerStatus,
    MessageCategory,
    PaymentFrequencyType,
    PerfectGymClient,
    TermUnit,
    ValidationStatus,
)
from bot.sandbox import HAMBURG_ALTONA_API_KEY, Sandbox

from .conftest import MakeClient

TODAY = date(2026, 11, 26)
TOMORROW = date(2026, 11, 27)
EUR = "EUR"


async def test_additional_modules_lists_the_online_catalogue_with_prices(
    berlin: PerfectGymClient,
) -> None:
    modules = {m.id: m for m in await berlin.additional_modules()}
    assert sorted(modules) == [201, 202, 203, 204, 205, 206]  # 207-209 are not online
    sauna = modules[201]
    (frequency,) = sauna.paymentFrequencies
    assert (frequency.id, frequency.type) == (2011, PaymentFrequencyType.RECURRING)
    assert frequency.price is not None
    assert (frequency.price.amount, frequency.price.currency) == (Decimal("9.90"), EUR)
    assert sauna.trialPeriodConfig is not None
    assert (sauna.trialPeriodConfig.term.value, sauna.trialPeriodConfig.term.unit) == (
        14,
        TermUnit.DAY,
    )
    assert sauna.termInformation.cancelationPeriod is not None
    assert sauna.termInformation.cancelationPeriod.value == 14
    assert [f.id for f in modules[202].paymentFrequencies] == [2021, 2022]
    drinks = modules[203].paymentFrequencies[0]
    assert [p.price.amount for p in drinks.termsToPrices] == [Decimal("19.90"), Decimal("24.90")]
    solarium = modules[206].paymentFrequencies[0]
    assert solarium.type == PaymentFrequencyType.MONTH_DAY
    assert [p.monthDay.monthValue for p in solarium.monthDaysToPrices] == [1, 4, 10]


async def test_each_studio_sees_its_own_catalogue(make_client: MakeClient) -> None:
    hamburg = make_client(HAMBURG_ALTONA_API_KEY)
    assert [m.id for m in await hamburg.additional_modules()] == [301, 302, 303]


@pytest.mark.parametrize(
    ("contract_id", "expected"),
    [
        (5001, [201, 202, 203, 204, 205, 206]),  # new member
        (5004, [202, 203, 204, 205, 206]),  # sauna already booked
        (5006, []),  # former member
    ],
)
async def test_purchasable_modules_depend_on_the_contract(
    berlin: PerfectGymClient, contract_id: int, expected: list[int]
) -> None:
    assert [m.id for m in await berlin.purchasable_modules(contract_id)] == expected


@pytest.mark.parametrize(
    ("contract_id", "module_id", "frequency_id", "trial", "status"),
    [
        (5001, 201, 2011, True, ValidationStatus.ADDITIONAL_MODULE_PURCHASABLE),
        (5004, 201, 2011, False, ValidationStatus.ADDITIONAL_MODULE_CONTRACT_ALREADY_PURCHASED),
        (5002, 201, 2011, True, ValidationStatus.ADDITIONAL_MODULE_TRIAL_PERIOD_NOT_BOOKABLE),
        (5007, 201, 2011, False, ValidationStatus.ADDITIONAL_MODULE_CONTRACT_INVALID_STATUS),
        (5001, 207, 2071, False, ValidationStatus.ADDITIONAL_MODULE_NOT_FOUND),
        (5001, 208, 2081, False, ValidationStatus.ADDITIONAL_MODULE_NOT_ONLINE_PURCHASABLE),
    ],
)
async def test_validate_purchase_gives_the_vendor_status(
    berlin: PerfectGymClient,
    contract_id: int,
    module_id: int,
    frequency_id: int,
    trial: bool,
    status: ValidationStatus,
) -> None:
    result = await berlin.validate_purchase(contract_id, module_id, frequency_id, trial)
    assert result.validationStatus is status
    assert result.purchasable is (status is ValidationStatus.ADDITIONAL_MODULE_PURCHASABLE)


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
    # 1-month term from 27 Nov, 14 days notice: first possible end 26 Dec, notice by 12 Dec
    assert contract.availableCancelationDates[:2] == [date(2026, 12, 26), date(2027, 1, 26)]
    assert contract.lastPossibleCancelationDate == date(2026, 12, 12)
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


async def test_customer_by_id_and_by_number(berlin: PerfectGymClient) -> None:
    anna = await berlin.customer(1001)
    assert (anna.customerNumber, anna.dateOfBirth) == ("1-1001", date(1994, 3, 12))
    assert (anna.firstName, anna.lastName, anna.studioId) == ("Anna", "Neumann", 1)
    assert anna.status is CustomerStatus.MEMBER
    assert anna.createdDateTime is not None and anna.createdDateTime.tzinfo is not None
    by_number = await berlin.customer_by_number("1-1001")
    assert by_number.id == 1001
    assert (await berlin.customer(1005)).status is CustomerStatus.FORMER_MEMBER


async def test_search_customers_by_name_prefix_and_birth_date(berlin: PerfectGymClient) -> None:
    assert [c.id for c in await berlin.search_customers(last_name="neu")] == [1001]
    born = await berlin.search_customers(date_of_birth=date(1985, 1, 20))
    assert [c.customerNumber for c in born] == ["1-1004"]
    assert await berlin.search_customers(first_name="Greta") == []  # a Hamburg member
    with pytest.raises(ValueError):
        await berlin.search_customers()


async def test_customer_contracts_with_module_contracts(berlin: PerfectGymClient) -> None:
    assert [c.id for c in await berlin.customer_contracts(1002)] == [5002, 5003]
    (clara,) = await berlin.customer_contracts(1003)
    assert (clara.contractStatus, clara.rateName, clara.price) == (
        ContractStatus.ACTIVE,
        "Premium 12",
        Decimal("39.90"),
    )
    (sauna,) = clara.moduleContracts
    assert (sauna.id, sauna.rateName, sauna.price) == (9001, "Sauna", Decimal("9.90"))
    assert sauna.contractStatus is ContractStatus.ACTIVE and sauna.cancelled is False


@pytest.mark.parametrize(
    ("status", "expected"),
    [(None, [5006]), ("INACTIVE", [5006]), (ContractStatus.ACTIVE, [])],
)
async def test_customer_contracts_filtered_by_status(
    berlin: PerfectGymClient, status: ContractStatus | str | None, expected: list[int]
) -> None:
    assert [c.id for c in await berlin.customer_contracts(1005, status)] == expected


async def test_contract_data_gives_the_contract_id_for_module_calls(
    berlin: PerfectGymClient,
) -> None:
    (data,) = await berlin.contract_data(1001)
    assert (data.id, data.rateName, data.contractStatus) == (5001, "Premium 12", "ACTIVE")
    assert (data.startDate, data.endDate) == (date(2026, 9, 1), date(2027, 8, 31))
    assert data.priceDetails.currentPrice.amount == Decimal("39.90")
    assert data.availableCancelationDates[0] == date(2027, 8, 31)
    assert data.lastPossibleCancelationDate == date(2027, 7, 31)
    canceled = (await berlin.contract_data(1006))[0]
    assert canceled.cancelationStatus is CancelationStatus.CANCELED


async def test_cancelation_reasons_per_studio(
    berlin: PerfectGymClient, make_client: MakeClient
) -> None:
    reasons = {r.cancelationReasonId: r.cancelationReasonName for r in await berlin.cancelation_reasons()}
    assert sorted(reasons) == [11, 12, 13, 14, 15] and reasons[11] == "Umzug"
    hamburg = make_client(HAMBURG_ALTONA_API_KEY)
    assert [r.cancelationReasonId for r in await hamburg.cancelation_reasons()] == [21, 22, 23]


async def test_studio_information_names_the_keys_studio(
    berlin: PerfectGymClient, make_client: MakeClient
) -> None:
    studio = await berlin.studio_information()
    assert (studio.studioId, studio.name, studio.city) == (1, "Berlin Mitte", "Berlin")
    assert studio.openingHours and studio.accessCodeConfiguration.enabled is False
    hamburg = await make_client(HAMBURG_ALTONA_API_KEY).studio_information()
    assert (hamburg.studioId, hamburg.name) == (2, "Hamburg Altona")


async def test_communication_preferences_show_a_chat_opt_out(berlin: PerfectGymClient) -> None:
    def chat_active(preferences: list) -> bool | None:  # type: ignore[type-arg]
        general = next(p for p in preferences if p.messageCategory is MessageCategory.GENERAL)
        return next(
            c.active
            for c in general.channels
            if c.communicationChannel is CommunicationChannel.CHAT
        )

    assert chat_active(await berlin.communication_preferences(1001)) is True
    assert chat_active(await berlin.communication_preferences(1002)) is False


async def test_confirm_activation_switches_webhooks_on(
    berlin: PerfectGymClient, sandbox: Sandbox
) -> None:
    assert sandbox.studios[1].activation_confirmed is False
    assert await berlin.confirm_activation() is None
    assert sandbox.studios[1].activation_confirmed is True
    assert sandbox.studios[2].activation_confirmed is False


async def test_check_key_tells_a_good_key_from_a_bad_one(make_client: MakeClient) -> None:
    assert await make_client().check_key() is True
    assert await make_client("not-a-sandbox-key").check_key() is False


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
    assert (logged.thread_id, logged.communication_id) == (created.threadId, created.communicationId)
    assert logged.fields["agent"] == "upsell-bot"
