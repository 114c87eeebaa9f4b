"""``upsell-bot run`` serves the webhook receiver and runs the inbox worker and reminders."""

from __future__ import annotations

import asyncio
import logging
import uuid
from pathlib import Path

import httpx
import pytest

from bot.app.runner import run_bot
from bot.app.webhooks import WEBHOOK_PATH
from bot.config import Settings, StudioSettings
from bot.sandbox import BERLIN_MITTE_API_KEY, BERLIN_MITTE_WEBHOOK_KEY
from bot.store import DeliveryStatus, Store


async def server_url(caplog: pytest.LogCaptureFixture, task: asyncio.Task[int]) -> str:
    for _ in range(500):
        for record in caplog.records:
            if record.getMessage().startswith("HTTP server listening on "):
                return record.getMessage().rsplit(" ", 1)[1]
        if task.done():
            task.result()
        await asyncio.sleep(0.01)
    raise AssertionError("the bot never started its HTTP server")


async def test_run_accepts_webhooks_and_processes_them_in_the_background(
    sandbox_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    studio = StudioSettings(
        name="Berlin Mitte",
        base_url=sandbox_url,
        api_key=BERLIN_MITTE_API_KEY,
        webhook_key=BERLIN_MITTE_WEBHOOK_KEY,
    )
    db = tmp_path / "bot.sqlite3"
    settings = Settings(studios=[studio], db_path=db, http_port=0)
    stop = asyncio.Event()
    task = asyncio.create_task(run_bot(settings, stop=stop))
    url = await server_url(caplog, task)
    body = {
        "entityId": 1003,
        "uuid": str(uuid.uuid4()),
        "payload": [{"timestamp": 1, "type": "CONTRACT_UPDATED", "content": {"contractId": 5004}}],
    }
    async with httpx.AsyncClient(base_url=url) as http:
        for _ in range(200):  # components start right after the server
            if "reminders started" in caplog.text:
                break
            await asyncio.sleep(0.01)
        headers = {"x-api-key": BERLIN_MITTE_WEBHOOK_KEY}
        accepted = await http.post(WEBHOOK_PATH, json=body, headers=headers)
        refused = await http.post(WEBHOOK_PATH, json=body)
        health = (await http.get("/healthz")).json()
        store = Store.open(db)
        try:
            for _ in range(300):
                if store.deliveries(DeliveryStatus.DROPPED):
                    break
                await asyncio.sleep(0.01)
            (delivery,) = store.deliveries()
        finally:
            store.close()
    stop.set()

    assert await asyncio.wait_for(task, timeout=10) == 0
    assert (accepted.status_code, refused.status_code) == (200, 401)
    assert {"perfectgym-webhooks", "reminders"} <= set(health["components"])
    assert (delivery.status, delivery.detail) == (DeliveryStatus.DROPPED, "no chat linked")
    assert "PerfectGym webhooks accepted at /perfectgym/webhook for Berlin Mitte" in caplog.text
    assert "reminders stopped" in caplog.text
    assert BERLIN_MITTE_WEBHOOK_KEY not in caplog.text
