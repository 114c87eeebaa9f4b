"""``POST /perfectgym/webhook`` over real HTTP: auth, malformed bodies, duplicates, a burst."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from bot.app.webhooks import MAX_BODY, studio_for_key
from bot.app.webhooks import _receiver as receiver
from bot.sandbox import BERLIN_MITTE_API_KEY, BERLIN_MITTE_WEBHOOK_KEY, HAMBURG_ALTONA_WEBHOOK_KEY
from bot.store import DeliveryStatus
from testing.burst import post_all
from tests.webhooks.harness import BERLIN, Stack

KEY = {"x-api-key": BERLIN_MITTE_WEBHOOK_KEY}


def delivery(event: str = "CUSTOMER_CHECKIN", entity: int = 1001, **extra: Any) -> dict[str, Any]:
    return {
        "entityId": entity,
        "uuid": str(uuid.uuid4()),
        "payload": [{"timestamp": 1_764_151_200_000, "type": event, "content": {}}],
        **extra,
    }


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    """One client per test (creating one costs more than a request)."""
    async with httpx.AsyncClient() as client:
        yield client


async def post(
    http: httpx.AsyncClient, stack: Stack, body: Any, headers: dict[str, str] | None = None
) -> httpx.Response:
    kwargs: dict[str, Any] = {"content": body} if isinstance(body, bytes) else {"json": body}
    return await http.post(stack.webhook_url, headers=headers or {}, **kwargs)


REFUSED_KEYS = [
    {},
    {"x-api-key": ""},
    {"x-api-key": "wrong"},
    {"x-api-key": BERLIN_MITTE_API_KEY},  # the API key is not the webhook key
    {"x-api-key": HAMBURG_ALTONA_WEBHOOK_KEY},  # a studio this bot does not serve
    {"authorization": BERLIN_MITTE_WEBHOOK_KEY},
]

MALFORMED: list[Any] = [
    b"{not json",
    b"\xff\xfe\x00",
    b"",
    b"[]",
    b'"text"',
    {"uuid": "u", "payload": [{"timestamp": 1, "type": "X"}]},
    {"entityId": "1001", "uuid": "u", "payload": [{"timestamp": 1, "type": "X"}]},
    {"entityId": True, "uuid": "u", "payload": [{"timestamp": 1, "type": "X"}]},
    {"entityId": 1001, "payload": [{"timestamp": 1, "type": "X"}]},
    {"entityId": 1001, "uuid": "u", "payload": []},
    {"entityId": 1001, "uuid": "u", "payload": {"timestamp": 1, "type": "X"}},
    {"entityId": 1001, "uuid": "u", "payload": [{"type": "X"}]},
    {"entityId": 1001, "uuid": "u", "payload": [{"timestamp": 1, "type": ""}]},
    {"entityId": 2**63, "uuid": "u", "payload": [{"timestamp": 1, "type": "X"}]},
]


async def test_a_missing_or_wrong_key_is_refused_and_nothing_is_stored(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    for headers in REFUSED_KEYS:
        response = await post(http, stack, delivery(), headers)
        assert response.status_code == 401, headers
    assert stack.store.deliveries() == []


async def test_malformed_bodies_get_400_and_are_not_stored(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    for body in MALFORMED:
        response = await post(http, stack, body, KEY)
        assert response.status_code == 400, body
        assert response.json()["error"].startswith("malformed body")
    assert stack.store.deliveries() == []


def nested(depth: int) -> bytes:
    """A valid delivery whose event content hides an array ``depth`` levels deep."""
    head = b'{"entityId": 1001, "uuid": "deep", "payload": [{"timestamp": 1, "type": "X", '
    return head + b'"content": ' + b"[" * depth + b"]" * depth + b"}]}"


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (nested(30_000), "nested deeper than 64 levels"),
        (b"[" * 60_000, "nested deeper than 64 levels"),
        (b'{"entityId": 1001, "uuid": "\\ud800", "payload": [{"timestamp": 1, "type": "X"}]}',
         "lone surrogate"),
        (json.dumps(delivery(content="\udfff")).encode(), "lone surrogate"),
    ],
)  # fmt: skip
async def test_a_body_nothing_could_store_gets_400_in_one_line(
    stack: Stack, http: httpx.AsyncClient, body: bytes, reason: str
) -> None:
    """Used to be a 500 with a traceback (RecursionError, or SQLite refusing the text)."""
    response = await post(http, stack, body, KEY)
    assert response.status_code == 400
    assert response.json()["error"].startswith("malformed body: ")
    assert reason in response.json()["error"]
    assert stack.store.deliveries() == []


async def test_a_body_over_64_kib_gets_413(stack: Stack, http: httpx.AsyncClient) -> None:
    body = delivery(padding="x" * MAX_BODY)
    assert (await post(http, stack, body, KEY)).status_code == 413
    assert stack.store.deliveries() == []


async def test_a_valid_delivery_is_stored_for_its_studio_and_answered_at_once(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    body = delivery("CONTRACT_UPDATED", 1001, brandNew={"field": 1})
    body["payload"][0]["content"] = {"contractId": 5001, "futureField": "ignored"}
    response = await post(http, stack, body, KEY)
    assert (response.status_code, response.json()) == (200, {"status": "accepted"})
    (stored,) = stack.store.deliveries()
    assert (stored.uuid, stored.studio, stored.entity_id) == (body["uuid"], BERLIN, 1001)
    assert (stored.event_type, stored.status) == ("CONTRACT_UPDATED", DeliveryStatus.RECEIVED)
    assert stored.body == body  # kept as received, unknown fields included


async def test_unknown_event_types_are_accepted_and_dropped_after_recording(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    assert (
        await post(http, stack, delivery("SOMETHING_NEW_FROM_THE_VENDOR"), KEY)
    ).status_code == 200
    await stack.webhooks.worker.drain()
    (stored,) = stack.store.deliveries()
    assert stored.status is DeliveryStatus.DROPPED
    assert stored.detail == "ignored: SOMETHING_NEW_FROM_THE_VENDOR"


async def test_a_repeated_uuid_is_answered_200_and_processed_once(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    body = delivery("CONTRACT_UPDATED", 424242)
    first = await post(http, stack, body, KEY)
    second = await post(http, stack, body, KEY)
    assert first.json() == {"status": "accepted"} and second.json() == {"status": "duplicate"}
    await stack.webhooks.worker.drain()
    (stored,) = stack.store.deliveries()
    assert (stored.status, stored.attempts) == (DeliveryStatus.DROPPED, 1)


async def test_a_burst_of_1000_deliveries_is_answered_and_nothing_is_lost(stack: Stack) -> None:
    bodies = [delivery("CONTRACT_UPDATED", 700_000 + n % 50) for n in range(1000)]
    statuses = await post_all(stack.webhook_url, bodies, KEY, connections=100)
    assert statuses == [200] * 1000
    stored = stack.store.deliveries()
    assert sorted(d.uuid for d in stored) == sorted(b["uuid"] for b in bodies)
    await stack.webhooks.worker.drain()
    statuses_after = {d.status for d in stack.store.deliveries()}
    assert statuses_after == {DeliveryStatus.DROPPED}  # recorded, for customers nobody linked


async def test_with_no_webhook_key_configured_every_delivery_gets_401(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    stack.webhooks.keys.clear()
    assert (await post(http, stack, delivery(), KEY)).status_code == 401


def test_the_key_is_compared_with_every_studio_key(monkeypatch: pytest.MonkeyPatch) -> None:
    compared: list[bytes] = []
    real = receiver.hmac.compare_digest

    def counting(a: bytes, b: bytes) -> bool:
        compared.append(b)
        return real(a, b)

    monkeypatch.setattr(receiver.hmac, "compare_digest", counting)
    keys = [("A", b"key-a"), ("B", b"key-b"), ("C", b"key-c")]
    assert studio_for_key("key-a", keys) == "A"
    assert compared == [b"key-a", b"key-b", b"key-c"]  # no early exit on the match
    assert studio_for_key("key-c", keys) == "C"
    assert studio_for_key(None, keys) is None
