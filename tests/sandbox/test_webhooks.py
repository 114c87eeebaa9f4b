"""Webhooks go out in the background, with the studio's webhook key and the vendor's body."""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path

import httpx
import pytest
from openapi_core import Config, OpenAPI
from openapi_core.testing import MockRequest

from bot.clock import FakeClock
from bot.sandbox import (
    BERLIN_MITTE_WEBHOOK_KEY,
    HAMBURG_ALTONA_WEBHOOK_KEY,
    Sandbox,
)
from tests.sandbox.receiver import Received, Receiver

PURCHASE = "/v1/memberships/5001/self-service/additional-modules/purchase"
SAUNA = {"additionalModuleId": 201, "paymentFrequencyId": 2011, "bookTrialPeriod": False}
MODULE_CONTRACT = "/v1/memberships/{}/self-service/additional-module-contracts/{}"


@pytest.fixture
def vendor_webhooks(vendor_openapi_path: Path) -> OpenAPI:
    """The vendor's webhook description (lies beside the API excerpt).

    Its `info` lacks the `version` OpenAPI requires, so the description itself is not
    validated; requests are still checked against it.
    """
    path = vendor_openapi_path.parent / "webhooks-openapi.json"
    if not path.is_file():
        pytest.fail(f"vendor webhook description not found at {path}")
    return OpenAPI.from_file_path(str(path), config=Config(spec_validator_cls=None))


def assert_vendor_webhook(spec: OpenAPI, received: Received) -> None:
    """The delivery is a valid request to the vendor's own webhook operation."""
    request = MockRequest(
        "http://receiver.test",
        "post",
        "/webhook",
        headers={"X-API-KEY": received.headers["x-api-key"]},
        data=json.dumps(received.body).encode(),
        content_type=received.headers["content-type"],
    )
    spec.validate_request(request)


async def test_purchase_sends_contract_updated_then_module_created(
    sandbox: Sandbox,
    clock: FakeClock,
    api: httpx.AsyncClient,
    receiver: Receiver,
    vendor_webhooks: OpenAPI,
) -> None:
    sandbox.webhook_url = receiver.url
    new_id = (await api.post(PURCHASE, json=SAUNA)).json()["id"]
    await sandbox.webhooks.drain()

    assert receiver.types == ["CONTRACT_UPDATED", "CONTRACT_ADDITIONAL_MODULE_CREATED"]
    updated, created = (r.body for r in receiver.received)
    for received in receiver.received:
        assert received.headers["x-api-key"] == BERLIN_MITTE_WEBHOOK_KEY
        assert_vendor_webhook(vendor_webhooks, received)
        assert uuid.UUID(received.body["uuid"]).version == 4
        assert received.body["entityId"] == 1001
        assert received.body["payload"][0]["timestamp"] == int(clock.now().timestamp() * 1000)
    assert updated["payload"][0]["content"] == {"contractId": 5001}
    assert created["payload"][0]["content"] == {"contractId": 5001, "moduleContractId": new_id}
    assert updated["uuid"] != created["uuid"]
    assert [d.status_code for d in sandbox.webhooks.deliveries] == [200, 200]


async def test_every_change_has_its_events(
    sandbox: Sandbox, api: httpx.AsyncClient, hamburg: httpx.AsyncClient, receiver: Receiver
) -> None:
    sandbox.webhook_url = receiver.url
    await api.post(MODULE_CONTRACT.format(5005, 9002) + "/withdraw-cancelation")
    details = (await api.get(MODULE_CONTRACT.format(5004, 9001))).json()
    await api.post(
        MODULE_CONTRACT.format(5004, 9001) + "/ordinary-cancelation",
        json={
            "cancelationDate": details["availableCancelationDates"][0],
            "cancelationReasonId": 11,
        },
    )
    sandbox.confirm_cancelation(9001)
    sandbox.delete_customer(1002)
    sandbox.disable_access(2001)
    await sandbox.webhooks.drain()

    assert receiver.types == [
        "CONTRACT_UPDATED", "CONTRACT_ADDITIONAL_MODULE_UPDATED",  # withdraw
        "CONTRACT_UPDATED", "CONTRACT_ADDITIONAL_MODULE_CANCELLED",  # cancel
        "CONTRACT_UPDATED", "CONTRACT_ADDITIONAL_MODULE_UPDATED",  # staff confirmation
        "CUSTOMER_DELETED",
        "CUSTOMER_ACCESS_DISABLED",
    ]  # fmt: skip
    assert [r.body["entityId"] for r in receiver.received] == [1004, 1004, 1003, 1003, 1003,
                                                                1003, 1002, 2001]  # fmt: skip
    assert receiver.received[-1].headers["x-api-key"] == HAMBURG_ALTONA_WEBHOOK_KEY


async def test_no_webhook_url_sends_nothing(sandbox: Sandbox, api: httpx.AsyncClient) -> None:
    assert (await api.post(PURCHASE, json=SAUNA)).status_code == 200
    await sandbox.webhooks.drain()
    assert sandbox.webhooks.deliveries == []


async def test_slow_receiver_never_delays_the_api_answer(
    sandbox: Sandbox, api: httpx.AsyncClient, receiver: Receiver
) -> None:
    sandbox.webhook_url = receiver.url
    receiver.delay = 0.3
    started = time.perf_counter()
    assert (await api.post(PURCHASE, json=SAUNA)).status_code == 200
    assert time.perf_counter() - started < 0.2
    await sandbox.webhooks.drain()
    assert len(receiver.received) == 2


async def test_failed_deliveries_are_logged_and_not_retried(
    sandbox: Sandbox, api: httpx.AsyncClient, receiver: Receiver
) -> None:
    sandbox.webhook_url = receiver.url
    receiver.status = 500
    await api.post(PURCHASE, json=SAUNA)
    await sandbox.webhooks.drain()
    assert [d.status_code for d in sandbox.webhooks.deliveries] == [500, 500]
    assert not any(d.delivered for d in sandbox.webhooks.deliveries)
    assert len(receiver.received) == 2


async def test_unreachable_receiver_is_logged(sandbox: Sandbox, api: httpx.AsyncClient) -> None:
    import socket

    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    sandbox.webhook_url = f"http://127.0.0.1:{port}/hook"
    assert (await api.post(PURCHASE, json=SAUNA)).status_code == 200
    await sandbox.webhooks.drain()
    assert [d.status_code for d in sandbox.webhooks.deliveries] == [None, None]
    assert all("ConnectError" in (d.error or "") for d in sandbox.webhooks.deliveries)


async def test_webhook_url_set_over_the_admin_surface(
    sandbox: Sandbox, api: httpx.AsyncClient, receiver: Receiver
) -> None:
    assert (await api.put("/_sandbox/webhook", json={"url": "ftp://x"})).status_code == 400
    assert (await api.put("/_sandbox/webhook", json={"url": receiver.url})).status_code == 200
    await api.post("/_sandbox/customers/1001/disable-access")
    await sandbox.webhooks.drain()
    log = (await api.get("/_sandbox/webhook-deliveries")).json()
    assert [(d["eventType"], d["statusCode"]) for d in log] == [("CUSTOMER_ACCESS_DISABLED", 200)]


def test_demo_constructor_takes_the_webhook_url(clock: FakeClock) -> None:
    assert Sandbox.demo(clock, webhook_url="http://127.0.0.1:9/hook").webhook_url == (
        "http://127.0.0.1:9/hook"
    )
