"""Faults, limits and dead ends through real HTTP, and what retries do and do not repeat.
(Refusals that change nothing, such as 401, 404 and 400, are in the reads module.)

Faults are armed on the sandbox object; ``fault.fired`` counts the requests that reached
the operation, so "not retried" is checked on the server side, not inferred.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import date

import pytest

from bot.perfectgym import (
    Conflict,
    ConnectError,
    PerfectGymClient,
    RateLimited,
    RequestTimeout,
    ServerError,
    Unavailable,
    ValidationStatus,
)
from bot.sandbox import Sandbox

from .conftest import MakeClient, Sleeps

PURCHASE = "purchaseAdditionalModuleContract"
VALIDATE = "validateAdditionalModuleContractRequest"
CUSTOMER = "getCustomerById"


# -- conflict ---------------------------------------------------------------------------------


async def test_conflict_from_a_409_fault_is_not_retried(
    berlin: PerfectGymClient, sandbox: Sandbox, sleeps: Sleeps
) -> None:
    fault = sandbox.faults.add("createModuleContractCancelationAmendment", status=409, times=2)
    with pytest.raises(Conflict) as caught:
        await berlin.cancel_module_contract(5004, 9001, date(2026, 12, 31), 11)
    assert caught.value.error_code == "CONCURRENT_MODIFICATION"
    assert (fault.fired, sleeps.waits) == (1, [])
    assert sandbox.module_contracts[9001].cancelation is None


# -- rate limit and overload --------------------------------------------------------------------


async def test_rate_limited_get_waits_out_the_minute_then_succeeds(
    make_client: MakeClient, sandbox: Sandbox, sleeps: Sleeps
) -> None:
    sandbox.rate_limit.requests_per_minute = 1
    client = make_client(max_retry_wait=60.0)
    assert len(await client.additional_modules()) == 6
    # the second call gets 429, waits (on the FakeClock) until the minute is over, succeeds
    assert len(await client.additional_modules()) == 6
    assert sleeps.waits == [60.0]


async def test_rate_limited_get_gives_up_when_the_wait_is_too_long(
    berlin: PerfectGymClient, sandbox: Sandbox, sleeps: Sleeps
) -> None:
    sandbox.rate_limit.requests_per_minute = 1
    await berlin.studio_information()
    with pytest.raises(RateLimited) as caught:
        await berlin.studio_information()
    assert caught.value.retry_after == pytest.approx(60.0)
    assert caught.value.error_code == "TOO_MANY_REQUESTS"
    assert sleeps.waits == []


async def test_rate_limited_post_is_not_retried(
    berlin: PerfectGymClient, sandbox: Sandbox, sleeps: Sleeps
) -> None:
    fault = sandbox.faults.add(VALIDATE, status=429, times=2)
    with pytest.raises(RateLimited):
        await berlin.validate_purchase(5001, 201, 2011, False)
    assert (fault.fired, sleeps.waits) == (1, [])


async def test_unavailable_get_is_retried_until_it_succeeds(
    berlin: PerfectGymClient, sandbox: Sandbox, sleeps: Sleeps
) -> None:
    fault = sandbox.faults.add(CUSTOMER, status=503, times=2)
    assert (await berlin.customer(1001)).customerNumber == "1-1001"
    assert fault.fired == 2 and len(sleeps.waits) == 2


async def test_unavailable_get_gives_up_after_max_retries(
    make_client: MakeClient, sandbox: Sandbox
) -> None:
    fault = sandbox.faults.add(CUSTOMER, status=503, times=None)
    client = make_client(max_retries=2)
    with pytest.raises(Unavailable) as caught:
        await client.customer(1001)
    assert caught.value.retryable and caught.value.status_code == 503
    assert fault.fired == 3


async def test_unavailable_purchase_is_not_retried_and_books_nothing(
    berlin: PerfectGymClient, sandbox: Sandbox
) -> None:
    fault = sandbox.faults.add(PURCHASE, status=503, times=2)
    with pytest.raises(Unavailable):
        await berlin.purchase(5001, 201, 2011, False)
    assert fault.fired == 1
    assert sandbox.module_contracts_of(5001) == []


async def test_server_error_is_not_unavailable_and_not_retried(
    berlin: PerfectGymClient, sandbox: Sandbox, sleeps: Sleeps
) -> None:
    fault = sandbox.faults.add("getStudioInformation", status=500, times=2)
    with pytest.raises(ServerError) as caught:
        await berlin.studio_information()
    assert not isinstance(caught.value, Unavailable)
    assert (caught.value.status_code, caught.value.error_code) == (500, "INTERNAL_SERVER_ERROR")
    assert (fault.fired, sleeps.waits) == (1, [])


# -- no answer --------------------------------------------------------------------------------


async def test_hanging_purchase_times_out_as_sent_and_is_not_retried(
    make_client: MakeClient, sandbox: Sandbox
) -> None:
    fault = sandbox.faults.add(PURCHASE, hang=True, times=2)
    client = make_client(timeout=0.2)
    with pytest.raises(RequestTimeout) as caught:
        await client.purchase(5001, 201, 2011, False)
    assert caught.value.request_sent is True
    assert fault.fired == 1
    assert sandbox.module_contracts_of(5001) == []  # it hung before committing


async def test_hanging_get_is_retried_and_then_answers(
    make_client: MakeClient, sandbox: Sandbox
) -> None:
    fault = sandbox.faults.add(CUSTOMER, hang=True, times=1)
    client = make_client(timeout=0.2)
    assert (await client.customer(1001)).id == 1001
    assert fault.exhausted


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A loopback port that is bound but not listening: connecting is refused at once."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


async def test_nothing_listening_is_connect_error_not_sent(
    make_client: MakeClient, silent_port: int, sleeps: Sleeps
) -> None:
    client = make_client(base_url=f"http://127.0.0.1:{silent_port}", max_retries=2)
    with pytest.raises(ConnectError) as caught:
        await client.customer(1001)
    assert caught.value.request_sent is False and caught.value.retryable
    assert len(sleeps.waits) == 2
    # a purchase that surely never left may be tried again too: nothing can have been booked
    sleeps.waits.clear()
    with pytest.raises(ConnectError) as purchase:
        await client.purchase(5001, 201, 2011, False)
    assert purchase.value.request_sent is False
    assert len(sleeps.waits) == 2


# -- the outcome is unclear: the purchase happened anyway ------------------------------------


async def test_purchase_failing_after_commit_still_booked_the_module(
    berlin: PerfectGymClient, sandbox: Sandbox
) -> None:
    sandbox.faults.add(PURCHASE, status=500, after_commit=True)
    with pytest.raises(ServerError):
        await berlin.purchase(5001, 201, 2011, False)
    (made,) = sandbox.module_contracts_of(5001)
    await _assert_reconcilable(berlin, made.id)


async def test_purchase_timing_out_after_commit_still_booked_the_module(
    make_client: MakeClient, sandbox: Sandbox
) -> None:
    sandbox.faults.add(PURCHASE, hang=True, after_commit=True)
    client = make_client(timeout=0.2)
    with pytest.raises(RequestTimeout) as caught:
        await client.purchase(5001, 201, 2011, False)
    assert caught.value.request_sent is True
    (made,) = sandbox.module_contracts_of(5001)
    await _assert_reconcilable(client, made.id)


async def _assert_reconcilable(client: PerfectGymClient, module_contract_id: int) -> None:
    """What reconciliation reads: validate says already purchased, the contract lists it."""
    status = await client.validate_purchase(5001, 201, 2011, False)
    assert status.validationStatus is ValidationStatus.ADDITIONAL_MODULE_CONTRACT_ALREADY_PURCHASED
    (contract,) = await client.customer_contracts(1001)
    assert [(m.id, m.rateName) for m in contract.moduleContracts] == [(module_contract_id, "Sauna")]
