"""Every request the client can send is valid against the vendor's OpenAPI excerpt."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from openapi_core import OpenAPI
from openapi_core.exceptions import OpenAPIError

from bot.perfectgym import (
    CommunicationChannel,
    CommunicationDirection,
    CommunicationThreadRequest,
    CommunicationThreadStatus,
    PerfectGymClient,
)

from .conftest import API_KEY, Recorder, vendor_example_handler
from .vendor import OpenAPIRequest, openapi_for, operations, route

Call = Callable[[PerfectGymClient], Awaitable[Any]]

THREAD = CommunicationThreadRequest(
    communicationThreadStatus=CommunicationThreadStatus.CLOSED,
    subject="Sauna booked via Telegram",
    content="Member booked the sauna module.",
    communicationDirection=CommunicationDirection.INCOMING,
    communicationChannel=CommunicationChannel.CHAT,
    communicationDateTime=datetime(2026, 11, 26, 10, 0, tzinfo=UTC),
)

CALLS: list[tuple[str, Call, str, dict[str, Any] | None]] = [
    ("additional_modules", lambda c: c.additional_modules(), "getAdditionalModules", None),
    (
        "purchasable_modules",
        lambda c: c.purchasable_modules(1000),
        "getPurchasableAdditionalModules",
        None,
    ),
    (
        "validate_purchase",
        lambda c: c.validate_purchase(1000, 203, 204, False),
        "validateAdditionalModuleContractRequest",
        {"additionalModuleId": 203, "paymentFrequencyId": 204, "bookTrialPeriod": False},
    ),
    (
        "purchase",
        lambda c: c.purchase(1000, 203, 204, True),
        "purchaseAdditionalModuleContract",
        {"additionalModuleId": 203, "paymentFrequencyId": 204, "bookTrialPeriod": True},
    ),
    (
        "module_contract",
        lambda c: c.module_contract(1000, 1001),
        "getAdditionalModuleContract",
        None,
    ),
    (
        "cancel_module_contract",
        lambda c: c.cancel_module_contract(1000, 1001, date(2023, 1, 25), 1234),
        "createModuleContractCancelationAmendment",
        {"cancelationDate": "2023-01-25", "cancelationReasonId": 1234},
    ),
    (
        "withdraw_cancelation",
        lambda c: c.withdraw_cancelation(1000, 1001),
        "withdrawAdditionalModuleContractCancelation",
        None,
    ),
    ("customer", lambda c: c.customer(1001), "getCustomerById", None),
    ("customer_by_number", lambda c: c.customer_by_number("1-12345"), "getCustomerBy", None),
    (
        "search_customers",
        lambda c: c.search_customers(email="edgar@example.com", date_of_birth=date(1952, 5, 4)),
        "searchCustomers",
        {"email": "edgar@example.com", "dateOfBirth": "1952-05-04"},
    ),
    (
        "search_customers_by_name",
        lambda c: c.search_customers(first_name="Edg", last_name="Bull"),
        "searchCustomers",
        {"firstName": "Edg", "lastName": "Bull"},
    ),
    ("customer_contracts", lambda c: c.customer_contracts(1001), "getCustomersContracts", None),
    (
        "customer_contracts_active",
        lambda c: c.customer_contracts(1001, "ACTIVE"),
        "getCustomersContracts",
        None,
    ),
    ("contract_data", lambda c: c.contract_data(1001), "getContractData", None),
    (
        "cancelation_reasons",
        lambda c: c.cancelation_reasons(),
        "getContractCancelationReasonData",
        None,
    ),
    ("studio_information", lambda c: c.studio_information(), "getStudioInformation", None),
    (
        "communication_preferences",
        lambda c: c.communication_preferences(1001),
        "getCommunicationPreferences",
        None,
    ),
    (
        "create_communication_thread",
        lambda c: c.create_communication_thread(1001, THREAD),
        "createCommunicationInNewCommunicationThread",
        {
            "communicationThreadStatus": "CLOSED",
            "subject": "Sauna booked via Telegram",
            "content": "Member booked the sauna module.",
            "communicationDirection": "INCOMING",
            "communicationChannel": "CHAT",
            "communicationDateTime": "2026-11-26T10:00:00Z",
        },
    ),
    ("confirm_activation", lambda c: c.confirm_activation(), "confirmActivation", None),
]


@pytest.fixture
def openapi(vendor_openapi_path: Path) -> OpenAPI:
    return openapi_for(vendor_openapi_path)


def test_the_calls_cover_every_excerpt_operation(vendor_spec: dict[str, Any]) -> None:
    assert {operation_id for _, _, operation_id, _ in CALLS} == set(operations(vendor_spec))


@pytest.mark.parametrize(("name", "call", "operation_id", "body"), CALLS, ids=[c[0] for c in CALLS])
async def test_request_is_valid_against_the_vendor_spec(
    name: str,
    call: Call,
    operation_id: str,
    body: dict[str, Any] | None,
    vendor_spec: dict[str, Any],
    openapi: OpenAPI,
    make_client: Callable[..., PerfectGymClient],
    recorder: Recorder,
) -> None:
    client = make_client(vendor_example_handler(vendor_spec))
    await call(client)
    (request,) = recorder.requests
    assert route(vendor_spec, request.method, request.url.path) == operation_id
    assert request.headers["X-API-KEY"] == API_KEY
    openapi.validate_request(OpenAPIRequest(request))
    if body is None:
        assert request.content == b""
    else:
        assert json.loads(request.content) == body


async def test_query_parameters_are_sent_as_the_vendor_names_them(
    vendor_spec: dict[str, Any], make_client: Callable[..., PerfectGymClient], recorder: Recorder
) -> None:
    client = make_client(vendor_example_handler(vendor_spec))
    await client.customer_by_number("1-12345")
    await client.customer_contracts(1001, "INACTIVE")
    assert [dict(r.url.params) for r in recorder.requests] == [
        {"customerNumber": "1-12345"},
        {"status": "INACTIVE"},
    ]


def test_the_validator_rejects_a_request_without_api_key(openapi: OpenAPI) -> None:
    request = httpx.Request(
        "GET", "https://open-api-demo.open-api.magicline.com/v1/studios/information"
    )
    with pytest.raises(OpenAPIError):
        openapi.validate_request(OpenAPIRequest(request))


def test_the_validator_rejects_a_body_missing_a_required_field(openapi: OpenAPI) -> None:
    request = httpx.Request(
        "POST",
        "https://open-api-demo.open-api.magicline.com/v1/memberships/1000/self-service/additional-modules/purchase",
        headers={"X-API-KEY": API_KEY, "Content-Type": "application/json"},
        json={"additionalModuleId": 203, "paymentFrequencyId": 204},
    )
    with pytest.raises(OpenAPIError):
        openapi.validate_request(OpenAPIRequest(request))


async def test_search_needs_a_criterion(
    vendor_spec: dict[str, Any], make_client: Callable[..., PerfectGymClient], recorder: Recorder
) -> None:
    client = make_client(vendor_example_handler(vendor_spec))
    with pytest.raises(ValueError, match="criterion"):
        await client.search_customers()
    assert recorder.requests == []


async def test_unknown_contract_status_is_refused_before_sending(
    vendor_spec: dict[str, Any], make_client: Callable[..., PerfectGymClient], recorder: Recorder
) -> None:
    client = make_client(vendor_example_handler(vendor_spec))
    with pytest.raises(ValueError, match="ACTIVE or INACTIVE"):
        await client.customer_contracts(1001, "CANCELED")
    assert recorder.requests == []


@pytest.mark.parametrize(("status", "expected"), [(200, True), (401, False)])
async def test_check_key_sends_head_with_the_key(
    status: int,
    expected: bool,
    make_client: Callable[..., PerfectGymClient],
    recorder: Recorder,
) -> None:
    client = make_client(lambda request: httpx.Response(status))
    assert await client.check_key() is expected
    (request,) = recorder.requests
    assert (request.method, request.url.path) == ("HEAD", "/v1/studios/information")
    assert request.headers["X-API-KEY"] == API_KEY
