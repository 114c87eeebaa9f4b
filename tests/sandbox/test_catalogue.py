"""Module catalogue, purchasable modules per contract, reasons, studio information."""

from __future__ import annotations

import httpx
import pytest

from bot.sandbox import Sandbox

MODULES = "/v1/memberships/self-service/additional-modules"


def purchasable(contract_id: int | str) -> str:
    return f"/v1/memberships/{contract_id}/self-service/additional-modules/purchasable"


async def test_catalogue_lists_only_active_online_modules_with_term_and_price(
    api: httpx.AsyncClient,
) -> None:
    modules = (await api.get(MODULES)).json()
    # 207 inactive, 208 desk-only, 209 without a payment method are never listed
    assert [m["id"] for m in modules] == [201, 202, 203, 204, 205, 206]


async def test_catalogue_covers_every_payment_frequency_type(api: httpx.AsyncClient) -> None:
    modules = {m["id"]: m for m in (await api.get(MODULES)).json()}
    frequencies = {f["type"]: f for m in modules.values() for f in m["paymentFrequencies"]}
    assert set(frequencies) == {"FREE", "NON_RECURRING", "RECURRING", "MONTH_DAY", "TERM_BASED"}
    assert frequencies["MONTH_DAY"]["monthDaysToPrices"][1] == {
        "monthDay": {"month": "APRIL", "monthValue": 4, "dayOfMonth": 1},
        "price": {"amount": 8.0, "currency": "EUR"},
    }
    assert frequencies["TERM_BASED"]["termsToPrices"][0]["price"]["amount"] == 19.9
    assert frequencies["NON_RECURRING"]["price"] == {"amount": 49.0, "currency": "EUR"}


async def test_sauna_costs_9_90_a_month_with_a_14_day_trial(api: httpx.AsyncClient) -> None:
    sauna = next(m for m in (await api.get(MODULES)).json() if m["name"] == "Sauna")
    assert sauna["paymentFrequencies"] == [
        {
            "id": 2011,
            "type": "RECURRING",
            "term": {"value": 1, "unit": "MONTH"},
            "price": {"amount": 9.9, "currency": "EUR"},
        }
    ]
    assert sauna["trialPeriodConfig"]["term"] == {"value": 14, "unit": "DAY"}
    assert sauna["termInformation"]["cancelationPeriod"] == {"value": 14, "unit": "DAY"}
    assert sauna["termInformation"]["extension"]["extensionType"] == "TERM_EXTENSION"


@pytest.mark.parametrize(
    ("contract_id", "expected"),
    [
        (5001, [201, 202, 203, 204, 205, 206]),  # newcomer: everything
        (5004, [202, 203, 204, 205, 206]),  # sauna already on the contract
        (5002, [201, 202, 203, 204, 205, 206]),  # old sauna ended: bookable again
        (5006, []),  # former member's inactive contract
        (5007, [201, 202, 203, 204, 205, 206]),  # canceled, still running: validate refuses
    ],
)
async def test_purchasable_depends_on_the_contract(
    api: httpx.AsyncClient, contract_id: int, expected: list[int]
) -> None:
    response = await api.get(purchasable(contract_id))
    assert response.status_code == 200
    assert [m["id"] for m in response.json()] == expected


async def test_purchasable_of_unknown_or_foreign_contract_is_404(api: httpx.AsyncClient) -> None:
    for contract_id in (4242, 6001):
        response = await api.get(purchasable(contract_id))
        assert response.status_code == 404
        assert response.json()["reference"] == "contractId"
    bad = await api.get(purchasable("abc"))
    assert (bad.status_code, bad.json()["reference"]) == (400, "contractId")


async def test_each_studio_has_its_own_catalogue_and_reasons(
    api: httpx.AsyncClient, hamburg: httpx.AsyncClient
) -> None:
    assert [m["id"] for m in (await hamburg.get(MODULES)).json()] == [301, 302, 303]
    reasons = "/v1/memberships/self-service/contract-cancelation-reasons"
    berlin_reasons = (await api.get(reasons)).json()
    assert berlin_reasons[0] == {"cancelationReasonId": 11, "cancelationReasonName": "Umzug"}
    assert [r["cancelationReasonId"] for r in (await hamburg.get(reasons)).json()] == [21, 22, 23]


async def test_studio_information(hamburg: httpx.AsyncClient) -> None:
    info = (await hamburg.get("/v1/studios/information")).json()
    assert info["studioId"] == 2
    assert info["city"] == "Hamburg"
    assert info["accessCodeConfiguration"] == {"enabled": False}


async def test_confirm_activation_answers_200_without_body(
    sandbox: Sandbox, api: httpx.AsyncClient
) -> None:
    response = await api.post("/v1/studios/confirmActivation")
    assert (response.status_code, response.content) == (200, b"")
    assert sandbox.studios[1].activation_confirmed
    assert not sandbox.studios[2].activation_confirmed
