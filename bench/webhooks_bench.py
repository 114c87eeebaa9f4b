"""Webhook intake: PerfectGym deliveries accepted per second by the real receiver.

The bot's Starlette app (``build_app`` with the webhook component) served by uvicorn on
127.0.0.1; deliveries posted over 100 keep-alive HTTP/1.1 connections, each one
authenticated (constant-time key compare), validated, written to the SQLite inbox and
answered 200. Then the same deliveries again (all duplicates: answered 200, stored once),
and how fast the inbox worker clears them afterwards (customers nobody linked: recorded and
dropped, so no PerfectGym call is involved).

    .venv/bin/python bench/webhooks_bench.py [--deliveries 5000] [--connections 100]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.app.runtime import assemble
from bot.app.server import build_app
from bot.app.webhooks import WEBHOOK_PATH, build_component
from bot.clock import SystemClock
from bot.config import Settings, StudioSettings
from bot.sandbox import BERLIN_MITTE_API_KEY, BERLIN_MITTE_WEBHOOK_KEY
from bot.serving import serve_asgi
from bot.store import DeliveryStatus, SqliteStore, Store
from conversations import Services
from testing.burst import post_all


def deliveries(count: int) -> list[dict[str, Any]]:
    return [
        {
            "entityId": 500_000 + n,
            "uuid": str(uuid.uuid4()),
            "payload": [
                {
                    "timestamp": 1_764_151_200_000 + n,
                    "type": "CONTRACT_UPDATED",
                    "content": {"contractId": 900_000 + n},
                }
            ],
        }
        for n in range(count)
    ]


async def main(count: int = 5000, connections: int = 100) -> float:
    studio = StudioSettings(
        name="Berlin Mitte",
        base_url="http://pg.invalid",  # never called: nobody is linked
        api_key=BERLIN_MITTE_API_KEY,
        webhook_key=BERLIN_MITTE_WEBHOOK_KEY,
    )
    settings = Settings(studios=[studio])
    bodies = deliveries(count)
    headers = {"x-api-key": BERLIN_MITTE_WEBHOOK_KEY}
    with tempfile.TemporaryDirectory() as scratch:
        store = Store.open(Path(scratch) / "bench.sqlite3")
        backend = SqliteStore.wrap(store)
        services = Services(store=backend, studios={}, clock=SystemClock())
        app = assemble(settings, services)
        runtime = app.runtime
        component = build_component(runtime, app.reminders)
        async with serve_asgi(build_app(runtime, [component]), name="bench") as url:
            started = time.perf_counter()
            statuses = await post_all(url + WEBHOOK_PATH, bodies, headers, connections=connections)
            accepted = time.perf_counter() - started
            started = time.perf_counter()
            repeated = await post_all(url + WEBHOOK_PATH, bodies, headers, connections=connections)
            duplicates = time.perf_counter() - started
        stored = len(store.deliveries())
        started = time.perf_counter()
        await component.worker.drain()
        drained = time.perf_counter() - started
        dropped = len(store.deliveries(DeliveryStatus.DROPPED))
        backend.close()
        store.close()
    rate = count / accepted
    print(
        f"webhook intake: {count:,} deliveries over {connections} connections in "
        f"{accepted:.2f} s = {rate:,.0f} accepted/s (sender and bot in one process); "
        f"{statuses.count(200):,} answered 200"
    )
    print(
        f"  the same {count:,} again: {count / duplicates:,.0f}/s, {repeated.count(200):,} "
        f"answered 200, {stored:,} stored (each uuid once)"
    )
    print(
        f"  inbox worker: {dropped:,} processed in {drained:.2f} s = {dropped / drained:,.0f}/s "
        "(no linked chat: recorded and dropped)"
    )
    if statuses.count(200) != count or stored != count or dropped != count:
        raise RuntimeError("deliveries were refused or lost")
    return rate


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deliveries", type=int, default=5000)
    parser.add_argument("--connections", type=int, default=100)
    args = parser.parse_args()
    asyncio.run(main(args.deliveries, args.connections))
