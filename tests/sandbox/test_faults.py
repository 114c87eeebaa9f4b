"""Fault injection (status, latency, hang, after-commit), rate limit, and the admin surface."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest

from bot.clock import FakeClock
from bot.sandbox import BERLIN_MITTE_API_KEY, Sandbox, serve_sandbox

MODULES = "/v1/memberships/self-service/additional-modules"
PURCHASE = "/v1/memberships/5001/self-service/additional-modules/purchase"
VALIDATE = "/v1/memberships/5001/self-service/additional-modules/validate"
SAUNA = {"additionalModuleId": 201, "paymentFrequencyId": 2011, "bookTrialPeriod": False}


@pytest.fixture
async def http(sandbox_url: str) -> AsyncIterator[httpx.AsyncClient]:
    """A Berlin client over real HTTP, with a short timeout for the hang tests."""
    async with httpx.AsyncClient(
        base_url=sandbox_url, headers={"X-API-KEY": BERLIN_MITTE_API_KEY}, timeout=0.3
    ) as client:
        yield client


@pytest.mark.parametrize(
    ("status", "code"),
    [(429, "TOO_MANY_REQUESTS"), (500, "INTERNAL_SERVER_ERROR"), (503, "SERVICE_UNAVAILABLE"),
     (409, "CONCURRENT_MODIFICATION")],
)  # fmt: skip
async def test_status_fault_fires_once_then_the_operation_works(
    sandbox: Sandbox, api: httpx.AsyncClient, status: int, code: str
) -> None:
    sandbox.faults.add("getAdditionalModules", status=status)
    failed = await api.get(MODULES)
    assert (failed.status_code, failed.json()["errorCode"]) == (status, code)
    assert (await api.get(MODULES)).status_code == 200


async def test_fault_hits_only_its_operation_unless_it_is_for_any(
    sandbox: Sandbox, api: httpx.AsyncClient
) -> None:
    sandbox.faults.add("getStudioInformation", status=500, times=None)
    assert (await api.get(MODULES)).status_code == 200
    assert (await api.get("/v1/studios/information")).status_code == 500
    assert (await api.get("/v1/studios/information")).status_code == 500
    sandbox.faults.clear()
    sandbox.faults.add("*", status=503, times=2)
    assert (await api.get(MODULES)).status_code == 503
    assert (await api.get("/v1/customers/1001")).status_code == 503
    assert (await api.get("/v1/customers/1001")).status_code == 200


async def test_latency_delays_the_answer(sandbox: Sandbox, api: httpx.AsyncClient) -> None:
    sandbox.faults.add("getAdditionalModules", latency=0.2)
    started = time.perf_counter()
    assert (await api.get(MODULES)).status_code == 200
    assert time.perf_counter() - started >= 0.19  # loop timers may fire a hair early


async def test_hang_before_commit_times_out_and_changes_nothing(
    sandbox: Sandbox, http: httpx.AsyncClient
) -> None:
    sandbox.faults.add("purchaseAdditionalModuleContract", hang=True)
    with pytest.raises(httpx.ReadTimeout):
        await http.post(PURCHASE, json=SAUNA)
    assert sandbox.module_contracts_of(5001) == []
    assert (await http.post(VALIDATE, json=SAUNA)).json()["validationStatus"] == (
        "ADDITIONAL_MODULE_PURCHASABLE"
    )


async def test_after_commit_failure_leaves_the_purchase_made(
    sandbox: Sandbox, http: httpx.AsyncClient
) -> None:
    sandbox.faults.add("purchaseAdditionalModuleContract", status=500, after_commit=True)
    response = await http.post(PURCHASE, json=SAUNA)
    assert response.status_code == 500
    (made,) = sandbox.module_contracts_of(5001)
    assert made.module.id == 201
    # how a client reconciles: validate now says it is already there
    again = await http.post(VALIDATE, json=SAUNA)
    assert again.json()["validationStatus"] == "ADDITIONAL_MODULE_CONTRACT_ALREADY_PURCHASED"
    (contract,) = (await http.get("/v1/customers/1001/contracts")).json()
    assert [m["id"] for m in contract["moduleContracts"]] == [made.id]


async def test_after_commit_hang_times_out_with_the_purchase_made(
    sandbox: Sandbox, http: httpx.AsyncClient
) -> None:
    sandbox.faults.add("purchaseAdditionalModuleContract", hang=True, after_commit=True)
    with pytest.raises(httpx.ReadTimeout):
        await http.post(PURCHASE, json=SAUNA)
    assert len(sandbox.module_contracts_of(5001)) == 1


async def test_after_commit_fault_waits_for_a_request_that_succeeds(
    sandbox: Sandbox, api: httpx.AsyncClient
) -> None:
    sandbox.faults.add("purchaseAdditionalModuleContract", status=500, after_commit=True)
    refused = await api.post(PURCHASE, json={**SAUNA, "additionalModuleId": 208})
    assert refused.status_code == 400  # nothing committed: the fault is still armed
    assert (await api.post(PURCHASE, json=SAUNA)).status_code == 500
    assert (await api.post(VALIDATE, json=SAUNA)).status_code == 200


async def test_server_shuts_down_promptly_with_a_request_hanging(sandbox: Sandbox) -> None:
    sandbox.faults.add("getAdditionalModules", hang=True)
    async with httpx.AsyncClient(headers={"X-API-KEY": BERLIN_MITTE_API_KEY}) as client:
        async with serve_sandbox(sandbox) as url:
            pending = asyncio.create_task(client.get(url + MODULES))
            await asyncio.sleep(0.1)
            assert not pending.done()
            started = time.perf_counter()
        assert time.perf_counter() - started < 2
        response = await pending  # the hang is released with a 503
    assert response.status_code == 503


@pytest.mark.parametrize(
    "kwargs",
    [
        {"operation_id": "noSuchOperation", "status": 500},
        {"operation_id": "getAdditionalModules", "status": 200},
        {"operation_id": "getAdditionalModules"},
        {"operation_id": "getAdditionalModules", "status": 500, "times": 0},
    ],
)
def test_faults_refuse_nonsense(sandbox: Sandbox, kwargs: dict[str, object]) -> None:
    operation_id = kwargs.pop("operation_id")
    with pytest.raises(ValueError):
        sandbox.faults.add(operation_id, **kwargs)  # type: ignore[arg-type]


async def test_rate_limit_answers_429_for_the_rest_of_the_minute(
    sandbox: Sandbox, clock: FakeClock, api: httpx.AsyncClient
) -> None:
    sandbox.rate_limit.requests_per_minute = 3
    statuses = [(await api.get(MODULES)).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
    assert (await api.get("/v1/studios/information")).status_code == 200  # own counter
    clock.advance(timedelta(seconds=61))
    assert (await api.get(MODULES)).status_code == 200


async def test_rate_limit_is_off_by_default(api: httpx.AsyncClient) -> None:
    statuses = {(await api.get(MODULES)).status_code for _ in range(50)}
    assert statuses == {200}


async def test_admin_surface_drives_faults_and_rate_limit(
    sandbox: Sandbox, http: httpx.AsyncClient
) -> None:
    added = await http.post(
        "/_sandbox/faults",
        json={"operationId": "getAdditionalModules", "status": 503, "times": None},
    )
    assert added.status_code == 200
    assert added.json()["times"] is None
    assert [f["operationId"] for f in (await http.get("/_sandbox/faults")).json()] == [
        "getAdditionalModules"
    ]
    assert (await http.get(MODULES)).status_code == 503
    assert (await http.delete("/_sandbox/faults")).json() == {"cleared": 1}
    assert (await http.get(MODULES)).status_code == 200

    bad = await http.post("/_sandbox/faults", json={"operationId": "nope", "status": 500})
    assert bad.status_code == 400

    limited = await http.put("/_sandbox/rate-limit", json={"requestsPerMinute": 1})
    assert limited.json() == {"requestsPerMinute": 1}
    assert [(await http.get(MODULES)).status_code for _ in range(2)] == [200, 429]
    await http.put("/_sandbox/rate-limit", json={"requestsPerMinute": None})
    assert (await http.get(MODULES)).status_code == 200


async def test_admin_surface_drives_staff_actions(
    sandbox: Sandbox, http: httpx.AsyncClient
) -> None:
    confirmed = await http.post("/_sandbox/module-contracts/9002/confirm-cancelation")
    assert confirmed.status_code == 200
    assert sandbox.module_contracts[9002].cancelation is not None
    assert sandbox.module_contracts[9002].cancelation.status == "CANCELED"
    foreign = await http.post("/_sandbox/module-contracts/9101/confirm-cancelation")
    assert foreign.status_code == 404

    desk = await http.post(
        "/_sandbox/desk/additional-modules", json={"contractId": 5001, "additionalModuleId": 208}
    )
    assert desk.status_code == 200
    (contract,) = (await http.get("/v1/customers/1001/contracts")).json()
    assert [m["rateName"] for m in contract["moduleContracts"]] == ["Kinderbetreuung"]

    assert (await http.post("/_sandbox/customers/1001/delete")).status_code == 200
    assert (await http.get("/v1/customers/1001")).status_code == 404


async def test_purchase_the_client_gave_up_on_is_still_made(
    sandbox: Sandbox, http: httpx.AsyncClient
) -> None:
    """A server that received a purchase makes it, whether or not the client still waits."""
    sandbox.faults.add("purchaseAdditionalModuleContract", latency=0.6)
    with pytest.raises(httpx.ReadTimeout):
        await http.post(PURCHASE, json=SAUNA)  # the client times out after 0.3 s and hangs up
    assert sandbox.module_contracts_of(5001) == []  # still working on it
    await asyncio.sleep(0.6)
    (contract,) = (await http.get("/v1/customers/1001/contracts")).json()
    assert [m["rateName"] for m in contract["moduleContracts"]] == ["Sauna"]


async def test_server_stopping_finishes_the_purchase_it_received(sandbox: Sandbox) -> None:
    sandbox.faults.add("purchaseAdditionalModuleContract", latency=0.5)
    headers = {"X-API-KEY": BERLIN_MITTE_API_KEY}
    async with httpx.AsyncClient(headers=headers, timeout=0.1) as client:
        async with serve_sandbox(sandbox) as url:
            with pytest.raises(httpx.ReadTimeout):
                await client.post(url + PURCHASE, json=SAUNA)
    assert [m.module.id for m in sandbox.module_contracts_of(5001)] == [201]


async def test_cancelling_the_request_does_not_cancel_the_purchase(
    sandbox: Sandbox, api: httpx.AsyncClient
) -> None:
    """In-process the app runs in the caller's task: cancelling it is a request cancelled."""
    sandbox.faults.add("purchaseAdditionalModuleContract", latency=0.2)
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(api.post(PURCHASE, json=SAUNA), 0.05)
    await sandbox.settle()
    assert [m.module.id for m in sandbox.module_contracts_of(5001)] == [201]
