"""Driving the bot's real HTTP app in-process: Telegram and PerfectGym deliveries, waiting."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import Callable
from typing import Any

import httpx

from bot.sandbox import BERLIN_MITTE_WEBHOOK_KEY
from testing.processes import TELEGRAM_SECRET_HEADER
from tests.faults.conftest import WEBHOOK_PATH, WEBHOOK_SECRET


async def post_update(http: httpx.AsyncClient, update: dict[str, Any]) -> httpx.Response:
    """One update as Telegram delivers it (JSON, the secret-token header)."""
    headers = {"content-type": "application/json", TELEGRAM_SECRET_HEADER: WEBHOOK_SECRET}
    return await http.post(WEBHOOK_PATH, content=json.dumps(update), headers=headers)


def checkin(entity: int = 1001) -> dict[str, Any]:
    """A PerfectGym webhook body nobody acts on (a check-in), with a fresh uuid."""
    return {
        "entityId": entity,
        "uuid": str(uuid.uuid4()),
        "payload": [{"timestamp": 1_764_151_200_000, "type": "CUSTOMER_CHECKIN", "content": {}}],
    }


async def post_perfectgym(
    http: httpx.AsyncClient, body: dict[str, Any] | None = None
) -> httpx.Response:
    """A PerfectGym webhook as the vendor sends it (the studio's webhook key)."""
    headers = {"x-api-key": BERLIN_MITTE_WEBHOOK_KEY}
    return await http.post("/perfectgym/webhook", json=body or checkin(), headers=headers)


async def until(condition: Callable[[], object], seconds: float = 5.0) -> None:
    """Until ``condition()`` is truthy (polled on the loop); AssertionError after ``seconds``."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("not in time")
        await asyncio.sleep(0.01)
