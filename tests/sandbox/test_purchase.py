"""purchase: the new module contract, its derived fields, and exactly-once under concurrency."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from bot.clock import FakeClock
from bot.sandbox import BERLIN_MITTE_API_KEY, Sandbox

BASE = "/v1/memberships/{}/self-service"


async def purchase(
    client: httpx.AsyncClient, contract_id: int, module: int, frequency: int, trial: bool = False
) -> httpx.Response:
    return await client.post(
        f"{BASE.format(contract_id)}/additional-modules/purchase",
        json={"additionalModuleId": module, "paymentFrequencyId": frequency,
              "bookTrialPeriod": trial},
    )  # fmt: skip


async def module_contract(client: httpx.AsyncClient, contract_id: int, id_: int) -> Any:
    response = await client.get(f"{BASE.format(contract_id)}/additional-module-contracts/{id_}")
    assert response.status_code == 200
    return response.json()


async def test_purchase_creates_a_module_contract_visible_everywhere(
    api: httpx.AsyncClient,
) -> None:
    response = await purchase(api, 5001, 201, 2011, trial=True)
    assert response.status_code == 200
    new_id = response.json()["id"]

    extended = await module_contract(api, 5001, new_id)
    assert extended["name"] == "Sauna"
    assert extended["price"] == {"amount": 9.9, "currency": "EUR"}
    assert extended["startDate"] == "2026-11-27"  # tomorrow (FakeClock: 2026-11-26 Berlin)
    assert extended["trialPeriod"] == {
        "term": {"value": 14, "unit": "DAY"},
        "startDate": "2026-11-27",
    }
    # The trial (27 Nov - 10 Dec) can be ended on its last day; the 1-month term runs from
    # the first paid day (11 Dec), with 14 days' notice: 10 Jan 2027, notice by 27 Dec.
    assert extended["availableCancelationDates"][:3] == ["2026-12-10", "2027-01-10", "2027-02-10"]
    assert extended["lastPossibleCancelationDate"] == "2026-12-10"  # until the trial's last day
    assert extended["contractCancelationCanBeWithdrawn"] is False
    assert "contractCancelationStatus" not in extended

    (contract,) = (await api.get("/v1/customers/1001/contracts")).json()
    (sub,) = contract["moduleContracts"]
    assert sub["id"] == new_id
    assert (sub["rateName"], sub["startDate"], sub["contractStatus"]) == (
        "Sauna", "2026-11-27", "ACTIVE",
    )  # fmt: skip
    assert sub["priceDetails"]["paymentFrequency"]["id"] == 2011


async def test_without_trial_the_term_starts_on_the_first_day(api: httpx.AsyncClient) -> None:
    new_id = (await purchase(api, 5001, 201, 2011)).json()["id"]
    extended = await module_contract(api, 5001, new_id)
    assert "trialPeriod" not in extended
    # 1-month term from 27 Nov, 14 days' notice: first possible end 26 Dec, notice by 12 Dec
    assert extended["availableCancelationDates"][:2] == ["2026-12-26", "2027-01-26"]
    assert extended["lastPossibleCancelationDate"] == "2026-12-12"


async def test_a_longer_payment_period_is_the_term_and_the_renewal(
    api: httpx.AsyncClient,
) -> None:
    # Towels (module term 1 month, renews by 1 month, 1 week notice) paid every 12 months:
    # the first end is after 12 months, then every 12 months; paid monthly it is monthly.
    new_id = (await purchase(api, 5001, 202, 2022)).json()["id"]
    extended = await module_contract(api, 5001, new_id)
    assert extended["availableCancelationDates"][:2] == ["2027-11-26", "2028-11-26"]
    assert extended["lastPossibleCancelationDate"] == "2027-11-19"
    monthly_id = (await purchase(api, 5004, 202, 2021)).json()["id"]
    monthly = await module_contract(api, 5004, monthly_id)
    assert monthly["availableCancelationDates"][:2] == ["2026-12-26", "2027-01-26"]


async def test_bought_module_is_no_longer_offered_and_cannot_be_bought_twice(
    api: httpx.AsyncClient,
) -> None:
    assert (await purchase(api, 5001, 201, 2011)).status_code == 200
    offered = (await api.get(f"{BASE.format(5001)}/additional-modules/purchasable")).json()
    assert 201 not in [m["id"] for m in offered]
    again = await purchase(api, 5001, 201, 2011)
    assert again.status_code == 400
    assert again.json()["errorCode"] == "ADDITIONAL_MODULE_CONTRACT_ALREADY_PURCHASED"


@pytest.mark.parametrize(
    ("contract_id", "module", "frequency", "code", "reference"),
    [
        (5007, 201, 2011, "ADDITIONAL_MODULE_CONTRACT_INVALID_STATUS", "contractId"),
        (5001, 208, 2081, "ADDITIONAL_MODULE_NOT_ONLINE_PURCHASABLE", "additionalModuleId"),
        (5001, 999, 1, "ADDITIONAL_MODULE_NOT_FOUND", "additionalModuleId"),
    ],
)
async def test_purchase_rechecks_the_rules(
    sandbox: Sandbox,
    api: httpx.AsyncClient,
    contract_id: int,
    module: int,
    frequency: int,
    code: str,
    reference: str,
) -> None:
    before = len(sandbox.module_contracts)
    response = await purchase(api, contract_id, module, frequency)
    assert response.status_code == 400
    assert (response.json()["errorCode"], response.json()["reference"]) == (code, reference)
    assert len(sandbox.module_contracts) == before


async def test_used_trial_cannot_be_booked_again(api: httpx.AsyncClient) -> None:
    response = await purchase(api, 5003, 201, 2011, trial=True)
    assert response.json()["errorCode"] == "ADDITIONAL_MODULE_TRIAL_PERIOD_NOT_BOOKABLE"
    assert response.json()["reference"] == "bookTrialPeriod"
    assert (await purchase(api, 5003, 201, 2011)).status_code == 200


@pytest.mark.parametrize(
    ("module", "frequency", "amount"),
    [
        (201, 2011, 9.9),  # RECURRING
        (202, 2022, 49.0),  # RECURRING, yearly
        (203, 2031, 19.9),  # TERM_BASED: first term's price
        (204, 2041, 49.0),  # NON_RECURRING
        (205, 2051, 0.0),  # FREE
        (206, 2061, 12.0),  # MONTH_DAY: from October 1 on
    ],
)
async def test_price_follows_the_payment_frequency(
    api: httpx.AsyncClient, module: int, frequency: int, amount: float
) -> None:
    new_id = (await purchase(api, 5001, module, frequency)).json()["id"]
    assert (await module_contract(api, 5001, new_id))["price"]["amount"] == amount
    (contract,) = (await api.get("/v1/customers/1001/contracts")).json()
    assert contract["moduleContracts"][0]["price"] == amount


async def test_month_day_price_depends_on_the_day_of_purchase(
    clock: FakeClock, api: httpx.AsyncClient
) -> None:
    clock.set(datetime(2027, 5, 10, 12, 0, tzinfo=UTC))
    new_id = (await purchase(api, 5001, 206, 2061)).json()["id"]
    assert (await module_contract(api, 5001, new_id))["price"]["amount"] == 8.0


async def test_start_date_is_tomorrow_in_the_studio_time_zone(
    clock: FakeClock, api: httpx.AsyncClient
) -> None:
    clock.set(datetime(2026, 11, 26, 23, 30, tzinfo=UTC))  # already 00:30 on the 27th in Berlin
    new_id = (await purchase(api, 5001, 201, 2011)).json()["id"]
    assert (await module_contract(api, 5001, new_id))["startDate"] == "2026-11-28"


async def test_one_off_module_ends_after_its_term(api: httpx.AsyncClient) -> None:
    new_id = (await purchase(api, 5001, 204, 2041)).json()["id"]
    extended = await module_contract(api, 5001, new_id)
    assert extended["endDate"] == "2026-12-26"
    assert extended["availableCancelationDates"] == ["2026-12-26"]


async def test_concurrent_purchases_of_the_same_module_make_exactly_one(
    sandbox: Sandbox, sandbox_url: str
) -> None:
    sandbox.faults.add("purchaseAdditionalModuleContract", latency=0.05, times=None)
    async with httpx.AsyncClient(
        base_url=sandbox_url, headers={"X-API-KEY": BERLIN_MITTE_API_KEY}
    ) as client:
        responses = await asyncio.gather(*(purchase(client, 5001, 201, 2011) for _ in range(5)))
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200, 400, 400, 400, 400]
    refused = [r.json()["errorCode"] for r in responses if r.status_code == 400]
    assert set(refused) == {"ADDITIONAL_MODULE_CONTRACT_ALREADY_PURCHASED"}
    saunas = [m for m in sandbox.module_contracts_of(5001) if m.module.id == 201]
    assert len(saunas) == 1
