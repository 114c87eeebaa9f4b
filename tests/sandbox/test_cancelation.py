"""Cancelation amendments (verified or direct), withdrawal, and the staff's confirmation."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest

from bot.clock import FakeClock
from bot.sandbox import Sandbox, VendorError

MODULE_CONTRACT = "/v1/memberships/{}/self-service/additional-module-contracts/{}"


async def details(client: httpx.AsyncClient, contract_id: int, id_: int) -> Any:
    return (await client.get(MODULE_CONTRACT.format(contract_id, id_))).json()


async def cancel(
    client: httpx.AsyncClient, contract_id: int, id_: int, body: object
) -> httpx.Response:
    path = MODULE_CONTRACT.format(contract_id, id_) + "/ordinary-cancelation"
    return await client.post(path, json=body)


async def withdraw(client: httpx.AsyncClient, contract_id: int, id_: int) -> httpx.Response:
    return await client.post(MODULE_CONTRACT.format(contract_id, id_) + "/withdraw-cancelation")


async def test_berlin_cancelation_waits_for_staff_verification(api: httpx.AsyncClient) -> None:
    first_date = (await details(api, 5004, 9001))["availableCancelationDates"][0]
    response = await cancel(
        api, 5004, 9001, {"cancelationDate": first_date, "cancelationReasonId": 11}
    )
    assert response.status_code == 200
    assert "success" in response.json()
    after = await details(api, 5004, 9001)
    assert after["contractCancelationStatus"] == "PENDING_VERIFICATION"
    assert (after["cancelationDate"], after["cancelationReason"]) == (first_date, "Umzug")
    assert after["contractCancelationCanBeWithdrawn"] is True
    assert after["availableCancelationDates"] == []
    sub = (await api.get("/v1/customers/1003/contracts")).json()[0]["moduleContracts"][0]
    assert (sub["cancelled"], sub["cancellationDate"]) == (False, first_date)


async def test_hamburg_cancelation_is_direct(hamburg: httpx.AsyncClient) -> None:
    first_date = (await details(hamburg, 6002, 9101))["availableCancelationDates"][0]
    response = await cancel(
        hamburg, 6002, 9101, {"cancelationDate": first_date, "cancelationReasonId": 23}
    )
    assert response.status_code == 200
    after = await details(hamburg, 6002, 9101)
    assert after["contractCancelationStatus"] == "CANCELED"
    assert after["endDate"] == first_date
    sub = (await hamburg.get("/v1/customers/2002/contracts")).json()[0]["moduleContracts"][0]
    assert sub["cancelled"] is True


@pytest.mark.parametrize(
    ("body", "code", "reference"),
    [
        ({"cancelationDate": "2027-01-01", "cancelationReasonId": 11},
         "CANCELATION_DATE_NOT_AVAILABLE", "cancelationDate"),
        ({"cancelationDate": "31.12.2026", "cancelationReasonId": 11},
         "FIELD_INVALID", "cancelationDate"),
        ({"cancelationDate": "2026-12-31", "cancelationReasonId": 99},
         "CANCELATION_REASON_NOT_FOUND", "cancelationReasonId"),
        ({"cancelationDate": "2026-12-31", "cancelationReasonId": 21},  # a Hamburg reason
         "CANCELATION_REASON_NOT_FOUND", "cancelationReasonId"),
        ({"cancelationReasonId": 11}, "FIELD_REQUIRED", "cancelationDate"),
        ({"cancelationDate": "2026-12-31"}, "FIELD_REQUIRED", "cancelationReasonId"),
        ({"cancelationDate": "2026-12-31", "cancelationReasonId": "11"},
         "FIELD_INVALID", "cancelationReasonId"),
    ],
)  # fmt: skip
async def test_cancelation_needs_an_offered_date_and_a_studio_reason(
    api: httpx.AsyncClient, body: dict[str, object], code: str, reference: str
) -> None:
    assert "2026-12-31" in (await details(api, 5004, 9001))["availableCancelationDates"]
    response = await cancel(api, 5004, 9001, body)
    assert response.status_code == 400
    assert (response.json()["errorCode"], response.json()["reference"]) == (code, reference)
    assert "contractCancelationStatus" not in await details(api, 5004, 9001)


async def test_cancelation_cannot_be_made_twice(api: httpx.AsyncClient) -> None:
    response = await cancel(
        api, 5005, 9002, {"cancelationDate": "2027-01-31", "cancelationReasonId": 11}
    )
    assert response.status_code == 400
    assert response.json()["errorCode"] == "ADDITIONAL_MODULE_CONTRACT_ALREADY_CANCELED"


async def test_withdraw_removes_a_pending_cancelation(api: httpx.AsyncClient) -> None:
    before = await details(api, 5005, 9002)
    assert before["contractCancelationStatus"] == "PENDING_VERIFICATION"
    assert before["contractCancelationCanBeWithdrawn"] is True
    response = await withdraw(api, 5005, 9002)
    assert response.status_code == 200
    after = await details(api, 5005, 9002)
    assert "contractCancelationStatus" not in after
    assert "cancelationDate" not in after
    assert after["contractCancelationCanBeWithdrawn"] is False
    assert after["availableCancelationDates"]  # can be canceled again


async def test_withdraw_is_refused_when_nothing_is_canceled(api: httpx.AsyncClient) -> None:
    response = await withdraw(api, 5004, 9001)
    assert response.status_code == 400
    assert response.json()["errorCode"] == (
        "ADDITIONAL_MODULE_CONTRACT_CANCELATION_NOT_WITHDRAWABLE"
    )


async def test_withdraw_is_refused_once_the_cancelation_took_effect(
    clock: FakeClock, hamburg: httpx.AsyncClient
) -> None:
    first_date = (await details(hamburg, 6002, 9101))["availableCancelationDates"][0]
    await cancel(hamburg, 6002, 9101, {"cancelationDate": first_date, "cancelationReasonId": 21})
    clock.advance(timedelta(days=40))
    after = await details(hamburg, 6002, 9101)
    assert after["contractCancelationCanBeWithdrawn"] is False
    response = await withdraw(hamburg, 6002, 9101)
    assert response.status_code == 400
    sub = (await hamburg.get("/v1/customers/2002/contracts")).json()[0]["moduleContracts"][0]
    assert sub["contractStatus"] == "INACTIVE"


async def test_staff_confirmation_turns_pending_into_canceled(
    sandbox: Sandbox, api: httpx.AsyncClient
) -> None:
    sandbox.confirm_cancelation(9002)
    after = await details(api, 5005, 9002)
    assert after["contractCancelationStatus"] == "CANCELED"
    assert after["contractCancelationCanBeWithdrawn"] is True  # until the date arrives
    with pytest.raises(VendorError) as refused:
        sandbox.confirm_cancelation(9002)
    assert refused.value.code == "CANCELATION_NOT_PENDING_VERIFICATION"


@pytest.mark.parametrize(("contract_id", "id_"), [(5001, 9001), (5004, 424242), (6002, 9101)])
async def test_module_contract_of_another_contract_or_studio_is_404(
    api: httpx.AsyncClient, contract_id: int, id_: int
) -> None:
    response = await api.get(MODULE_CONTRACT.format(contract_id, id_))
    assert response.status_code == 404
    refused = await withdraw(api, contract_id, id_)
    assert refused.status_code == 404


async def test_non_integer_module_contract_id_is_400(api: httpx.AsyncClient) -> None:
    response = await api.get(MODULE_CONTRACT.format(5004, "sauna"))
    assert (response.status_code, response.json()["reference"]) == (
        400, "additionalModuleContractId",
    )  # fmt: skip


async def test_during_a_trial_the_module_can_be_canceled_to_the_trials_last_day(
    api: httpx.AsyncClient, sandbox: Sandbox
) -> None:
    path = "/v1/memberships/5001/self-service/additional-modules/purchase"
    body = {"additionalModuleId": 201, "paymentFrequencyId": 2011, "bookTrialPeriod": True}
    new_id = (await api.post(path, json=body)).json()["id"]
    trial = await details(api, 5001, new_id)
    # Trial 27 Nov - 10 Dec 2026; the minimum term runs from the first paid day, 11 Dec.
    assert trial["availableCancelationDates"][:2] == ["2026-12-10", "2027-01-10"]
    assert trial["lastPossibleCancelationDate"] == "2026-12-10"
    response = await cancel(
        api, 5001, new_id, {"cancelationDate": "2026-12-10", "cancelationReasonId": 15}
    )
    assert response.status_code == 200
    assert sandbox.module_contracts[new_id].end_date() is not None


async def test_once_the_trial_is_over_its_last_day_is_no_longer_offered(
    api: httpx.AsyncClient, clock: FakeClock
) -> None:
    path = "/v1/memberships/5001/self-service/additional-modules/purchase"
    body = {"additionalModuleId": 201, "paymentFrequencyId": 2011, "bookTrialPeriod": True}
    new_id = (await api.post(path, json=body)).json()["id"]
    clock.advance(timedelta(days=15))  # 11 Dec 2026, the first paid day
    after = await details(api, 5001, new_id)
    assert after["availableCancelationDates"][:2] == ["2027-01-10", "2027-02-10"]
    assert after["lastPossibleCancelationDate"] == "2026-12-27"
