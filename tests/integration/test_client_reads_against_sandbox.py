"""Reads, and refusals that change nothing, against one shared sandbox over real HTTP.

These tests share a module-wide server (one start-up instead of one per test); an autouse
check fails any test here that changes the sandbox, so writes belong in the other modules.
The FakeClock stands at 2026-11-26 (Berlin).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest
import pytest_asyncio

from bot.clock import SimulatedClock
from bot.perfectgym import (
    AuthenticationFailed,
    BadRequest,
    CancelationStatus,
    CommunicationChannel,
    CommunicationPreference,
    ContractStatus,
    CustomerStatus,
    MessageCategory,
    NotFound,
    PaymentFrequencyType,
    PerfectGymClient,
    TermUnit,
    ValidationStatus,
)
from bot.sandbox import HAMBURG_ALTONA_API_KEY

from .conftest import Shared

pytestmark = pytest.mark.asyncio(loop_scope="module")

EUR = "EUR"
WRONG_KEY = "pg-wrong-key-0d5e8b"


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def mitte(shared: Shared) -> PerfectGymClient:
    """Berlin Mitte's client."""
    return shared.client()


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def altona(shared: Shared) -> PerfectGymClient:
    """Hamburg Altona's client."""
    return shared.client(HAMBURG_ALTONA_API_KEY)


@pytest.fixture(autouse=True)
def nothing_changes(shared: Shared) -> Iterator[None]:
    before = shared.fingerprint()
    yield
    assert shared.fingerprint() == before, "a test in this module changed the shared sandbox"


async def test_additional_modules_lists_the_online_catalogue_with_prices(
    mitte: PerfectGymClient,
) -> None:
    modules = {m.id: m for m in await mitte.additional_modules()}
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


async def test_each_studio_sees_its_own_catalogue(altona: PerfectGymClient) -> None:
    assert [m.id for m in await altona.additional_modules()] == [301, 302, 303]


@pytest.mark.parametrize(
    ("contract_id", "expected"),
    [
        (5001, [201, 202, 203, 204, 205, 206]),  # new member
        (5004, [202, 203, 204, 205, 206]),  # sauna already booked
        (5006, []),  # former member
    ],
)
async def test_purchasable_modules_depend_on_the_contract(
    mitte: PerfectGymClient, contract_id: int, expected: list[int]
) -> None:
    assert [m.id for m in await mitte.purchasable_modules(contract_id)] == expected


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
    mitte: PerfectGymClient,
    contract_id: int,
    module_id: int,
    frequency_id: int,
    trial: bool,
    status: ValidationStatus,
) -> None:
    result = await mitte.validate_purchase(contract_id, module_id, frequency_id, trial)
    assert result.validationStatus is status
    assert result.purchasable is (status is ValidationStatus.ADDITIONAL_MODULE_PURCHASABLE)


async def test_customer_by_id_and_by_number(mitte: PerfectGymClient) -> None:
    anna = await mitte.customer(1001)
    assert (anna.customerNumber, anna.dateOfBirth) == ("1-1001", date(1994, 3, 12))
    assert (anna.firstName, anna.lastName, anna.studioId) == ("Anna", "Neumann", 1)
    assert anna.status is CustomerStatus.MEMBER
    assert anna.createdDateTime is not None and anna.createdDateTime.tzinfo is not None
    by_number = await mitte.customer_by_number("1-1001")
    assert by_number.id == 1001
    assert (await mitte.customer(1005)).status is CustomerStatus.FORMER_MEMBER


async def test_search_customers_by_name_prefix_and_birth_date(mitte: PerfectGymClient) -> None:
    assert [c.id for c in await mitte.search_customers(last_name="neu")] == [1001]
    born = await mitte.search_customers(date_of_birth=date(1985, 1, 20))
    assert [c.customerNumber for c in born] == ["1-1004"]
    assert await mitte.search_customers(first_name="Greta") == []  # a Hamburg member
    with pytest.raises(ValueError):
        await mitte.search_customers()


async def test_customer_contracts_with_module_contracts(mitte: PerfectGymClient) -> None:
    assert [c.id for c in await mitte.customer_contracts(1002)] == [5002, 5003]
    (clara,) = await mitte.customer_contracts(1003)
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
    mitte: PerfectGymClient, status: ContractStatus | str | None, expected: list[int]
) -> None:
    assert [c.id for c in await mitte.customer_contracts(1005, status)] == expected


async def test_contract_data_gives_the_contract_id_for_module_calls(
    mitte: PerfectGymClient,
) -> None:
    (data,) = await mitte.contract_data(1001)
    assert (data.id, data.rateName, data.contractStatus) == (5001, "Premium 12", "ACTIVE")
    assert (data.startDate, data.endDate) == (date(2026, 9, 1), date(2027, 8, 31))
    assert data.priceDetails.currentPrice.amount == Decimal("39.90")
    assert data.availableCancelationDates[0] == date(2027, 8, 31)
    assert data.lastPossibleCancelationDate == date(2027, 7, 31)
    canceled = (await mitte.contract_data(1006))[0]
    assert canceled.cancelationStatus is CancelationStatus.CANCELED


async def test_cancelation_reasons_per_studio(
    mitte: PerfectGymClient, altona: PerfectGymClient
) -> None:
    answer = await mitte.cancelation_reasons()
    reasons = {r.cancelationReasonId: r.cancelationReasonName for r in answer}
    assert sorted(reasons) == [11, 12, 13, 14, 15] and reasons[11] == "Umzug"
    assert [r.cancelationReasonId for r in await altona.cancelation_reasons()] == [21, 22, 23]


async def test_studio_information_names_the_keys_studio(
    mitte: PerfectGymClient, altona: PerfectGymClient
) -> None:
    studio = await mitte.studio_information()
    assert (studio.studioId, studio.name, studio.city) == (1, "Berlin Mitte", "Berlin")
    assert studio.openingHours and studio.accessCodeConfiguration.enabled is False
    hamburg = await altona.studio_information()
    assert (hamburg.studioId, hamburg.name) == (2, "Hamburg Altona")


async def test_communication_preferences_show_a_chat_opt_out(mitte: PerfectGymClient) -> None:
    def chat_active(preferences: list[CommunicationPreference]) -> bool | None:
        general = next(p for p in preferences if p.messageCategory is MessageCategory.GENERAL)
        return next(
            c.active
            for c in general.channels
            if c.communicationChannel is CommunicationChannel.CHAT
        )

    assert chat_active(await mitte.communication_preferences(1001)) is True
    assert chat_active(await mitte.communication_preferences(1002)) is False


# -- the API says no, and nothing changes -----------------------------------------------------


async def test_check_key_tells_a_good_key_from_a_bad_one(
    mitte: PerfectGymClient, shared: Shared
) -> None:
    assert await mitte.check_key() is True
    assert await shared.client(WRONG_KEY).check_key() is False


async def test_wrong_key_is_authentication_failed_and_not_retried(shared: Shared) -> None:
    clock = SimulatedClock(shared.clock)
    client = shared.client(WRONG_KEY, clock=clock)
    with pytest.raises(AuthenticationFailed) as caught:
        await client.additional_modules(language="en")
    assert (caught.value.status_code, caught.value.error_code) == (401, "UNAUTHORIZED")
    assert "API key" in caught.value.error_message
    assert WRONG_KEY not in str(caught.value)
    assert clock.sleeps == []


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "The customer does not exist."),
        ("de-DE", "Der Kunde existiert nicht."),
        (None, "Der Kunde existiert nicht."),  # no header: the studio's language
    ],
)
async def test_accept_language_picks_the_error_message_language(
    mitte: PerfectGymClient, language: str | None, message: str
) -> None:
    with pytest.raises(NotFound) as caught:
        await mitte.customer(424242, language=language)
    assert caught.value.error_message == message
    assert (caught.value.error_code, caught.value.reference) == ("CUSTOMER_NOT_FOUND", "customerId")
    assert caught.value.trace_id


async def test_another_studios_customer_and_contract_are_not_found(
    altona: PerfectGymClient,
) -> None:
    with pytest.raises(NotFound):
        await altona.customer(1001)
    with pytest.raises(NotFound) as caught:
        await altona.purchase(5001, 301, 3011, False)
    assert caught.value.reference == "contractId"


async def test_module_contract_of_another_main_contract_is_not_found(
    mitte: PerfectGymClient,
) -> None:
    with pytest.raises(NotFound) as caught:
        await mitte.module_contract(5001, 9001)  # 9001 belongs to contract 5004
    assert caught.value.reference == "additionalModuleContractId"
    assert caught.value.endpoint.startswith("GET /v1/memberships/{contractId}")


@pytest.mark.parametrize(
    ("module_id", "frequency_id", "code", "reference"),
    [
        (201, 9999, "PAYMENT_FREQUENCY_NOT_FOUND", "paymentFrequencyId"),
        (208, 2081, "ADDITIONAL_MODULE_NOT_ONLINE_PURCHASABLE", "additionalModuleId"),
    ],
)
async def test_refused_purchase_is_bad_request_naming_the_field(
    mitte: PerfectGymClient,
    module_id: int,
    frequency_id: int,
    code: str,
    reference: str,
) -> None:
    with pytest.raises(BadRequest) as caught:
        await mitte.purchase(5001, module_id, frequency_id, False, language="en")
    assert (caught.value.status_code, caught.value.error_code) == (400, code)
    assert caught.value.reference == reference
    assert f"reference={reference}" in str(caught.value)


async def test_cancel_to_a_date_not_offered_is_bad_request(mitte: PerfectGymClient) -> None:
    with pytest.raises(BadRequest) as caught:
        await mitte.cancel_module_contract(5004, 9001, date(2026, 12, 30), 11)
    assert (caught.value.error_code, caught.value.reference) == (
        "CANCELATION_DATE_NOT_AVAILABLE",
        "cancelationDate",
    )
