"""A locked database must not freeze the process (issue 12, finding 2): ``/healthz`` answers
within a second and says the store is degraded; PerfectGym's webhook gets 503 well before
PerfectGym's own 5 s timeout, so it delivers again; all is well once the lock is gone."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
import uuid
from pathlib import Path

import httpx
import pytest

from bot.app.runner import run_bot
from bot.config import Settings, StudioSettings
from bot.sandbox import BERLIN_MITTE_API_KEY, BERLIN_MITTE_WEBHOOK_KEY
from tests.test_database_choice import _listening


async def test_healthz_and_webhooks_answer_at_once_while_another_process_holds_the_lock(
    sandbox_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    db = tmp_path / "bot.sqlite3"
    studio = StudioSettings(
        name="Berlin Mitte",
        base_url=sandbox_url,
        api_key=BERLIN_MITTE_API_KEY,
        webhook_key=BERLIN_MITTE_WEBHOOK_KEY,
    )
    settings = Settings(studios=[studio], http_port=0, db_path=db)
    stop = asyncio.Event()
    task = asyncio.create_task(run_bot(settings, stop=stop))
    url = await _listening(caplog, task)
    delivery = {
        "entityId": 1001,
        "uuid": str(uuid.uuid4()),
        "payload": [{"timestamp": 1_764_151_200_000, "type": "CUSTOMER_CHECKIN", "content": {}}],
    }
    headers = {"x-api-key": BERLIN_MITTE_WEBHOOK_KEY}
    async with httpx.AsyncClient(base_url=url, timeout=10) as http:
        assert (await http.get("/healthz")).json()["status"] == "ok"
        locker = sqlite3.connect(db, isolation_level=None)
        locker.execute("BEGIN IMMEDIATE")  # another process writes for a long time
        try:
            began = time.monotonic()
            refused = await http.post("/perfectgym/webhook", json=delivery, headers=headers)
            assert refused.status_code == 503
            assert time.monotonic() - began < 3.0  # PerfectGym gives up after 5 s
            began = time.monotonic()
            health = await http.get("/healthz")
            assert time.monotonic() - began < 1.0
            assert health.status_code == 503
            body = health.json()
            assert body["status"] == "degraded"
            assert body["database"]["calls_waiting"] >= 1
            assert body["database"]["oldest_call_seconds"] > 1.0
        finally:
            locker.execute("COMMIT")
            locker.close()
        for _ in range(200):  # the waiting write goes through once the lock is free
            health = await http.get("/healthz")
            if health.status_code == 200:
                break
            await asyncio.sleep(0.05)
        assert health.json()["status"] == "ok"
        again = await http.post("/perfectgym/webhook", json=delivery, headers=headers)
        assert again.status_code == 200
    stop.set()
    assert await asyncio.wait_for(task, timeout=10) == 0
