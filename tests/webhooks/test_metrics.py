"""``GET /metrics`` after a whole dialog and a webhook burst: what Prometheus would scrape.

The metrics live in one process-wide registry, so each test compares a scrape before with a
scrape after. The bot's HTTP app serves ``/metrics`` only behind ``METRICS_TOKEN``; with
``METRICS_PORT`` the runner serves it on a listener of its own.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import re
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from pydantic import SecretStr
from starlette.applications import Starlette

from bot.app.observe import metrics_route
from bot.app.runner import run_bot
from bot.app.server import build_app
from bot.config import Settings, StudioSettings
from bot.sandbox import BERLIN_MITTE_API_KEY, Sandbox
from conversations.ports import Runtime
from testing.burst import post_all
from tests.webhooks.harness import BERLIN, Stack
from tests.webhooks.test_changes import cancel_sauna_in_chat
from tests.webhooks.test_receiver import KEY, delivery

TOKEN = "metrics-token-0123456789abcdef"
Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def samples(exposition: str) -> Samples:
    found: Samples = {}
    for family in text_string_to_metric_families(exposition):
        for sample in family.samples:
            found[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return found


def value(scraped: Samples, name: str, **labels: str) -> float:
    return scraped.get((name, frozenset(labels.items())), 0.0)


def total(scraped: Samples, name: str, **labels: str) -> float:
    """The sum over every series of ``name`` whose labels include ``labels``."""
    wanted = set(labels.items())
    return sum(v for (n, found), v in scraped.items() if n == name and wanted <= found)


async def get(app: Starlette, headers: dict[str, str] | None = None) -> httpx.Response:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bot.test") as http:
        return await http.get("/metrics", headers=headers or {})


async def scrape(runtime: Runtime) -> Samples:
    response = await get(Starlette(routes=[metrics_route(runtime, None)]))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=")
    return samples(response.text)


def with_token(runtime: Runtime) -> Runtime:
    settings = runtime.settings.model_copy(update={"metrics_token": SecretStr(TOKEN)})
    return dataclasses.replace(runtime, settings=settings)


async def test_a_dialog_and_a_webhook_burst_show_in_the_counters(stack: Stack) -> None:
    before = await scrape(stack.runtime)
    anna = stack.member("anna")
    await anna.link("1-1001", "12.03.1994", offers=True)
    await anna.press("Discover modules")
    await anna.press("Sauna")
    await anna.press("Book: €9.90/month")
    await anna.press("No, book without trial")
    await anna.press("Book and pay")
    assert "Booked!" in anna.text
    stale = anna.button("Discover modules").token
    await anna.tap(stale)
    await anna.tap(stale)  # a used button: refused
    clara = stack.member("clara")
    await clara.link("1-1003", "05.11.1979")
    await cancel_sauna_in_chat(clara)
    await stack.settle()  # the sandbox's own webhooks about the booking and the cancelation
    settled = await scrape(stack.runtime)

    bodies = [delivery("CUSTOMER_CHECKIN", 1001 + n % 5) for n in range(60)]
    assert await post_all(stack.webhook_url, bodies, KEY, connections=10) == [200] * 60
    assert await post_all(stack.webhook_url, bodies[:10], KEY, connections=5) == [200] * 10
    wrong = {"x-api-key": "wrong"}
    assert await post_all(stack.webhook_url, bodies[:5], wrong, connections=5) == [401] * 5
    after = await scrape(stack.runtime)

    def delta(name: str, since: Samples = before, **labels: str) -> float:
        return total(after, name, **labels) - total(since, name, **labels)

    turns = delta("upsell_turns_total", platform="test")
    assert turns >= 15
    assert delta("upsell_turn_seconds_count", platform="test") == turns
    assert delta("upsell_turns_total", platform="test", flow="purchase", outcome="ok") >= 1
    assert delta("upsell_turns_total", platform="test", flow="link", outcome="ok") >= 4
    assert delta("upsell_turns_total", platform="test", flow="cancel", outcome="ok") >= 2
    assert delta("upsell_turns_total", platform="test", outcome="refused") == 1
    purchase = "POST /v1/memberships/{contractId}/self-service/additional-modules/purchase"
    assert delta("upsell_perfectgym_requests_total", endpoint=purchase, status="200") == 1
    assert delta("upsell_perfectgym_request_seconds_count", endpoint=purchase) == 1
    assert delta("upsell_perfectgym_requests_total", status="200") >= 10
    deliveries = "upsell_webhook_deliveries_total"
    assert delta(deliveries, settled, outcome="accepted", status="200") == 60
    assert delta(deliveries, settled, outcome="duplicate", status="200") == 10
    assert delta(deliveries, settled, outcome="refused", status="401") == 5
    assert delta("upsell_sales_events_total", studio=BERLIN, kind="purchase") == 1
    assert delta("upsell_sales_events_total", studio=BERLIN, kind="cancelation") == 1
    assert value(after, "upsell_queue_depth", queue="inbox") == 60
    assert value(after, "upsell_queue_oldest_age_seconds", queue="inbox") >= 0
    assert value(after, "upsell_queue_depth", queue="chat_updates") == 0  # no Telegram here

    stack.clock.advance(seconds=90)
    waiting = await scrape(stack.runtime)
    assert value(waiting, "upsell_queue_oldest_age_seconds", queue="inbox") >= 90
    await stack.webhooks.worker.drain()
    drained = await scrape(stack.runtime)
    assert value(drained, "upsell_queue_depth", queue="inbox") == 0
    assert value(drained, "upsell_queue_oldest_age_seconds", queue="inbox") == 0


async def test_perfectgym_retries_and_errors_are_counted(stack: Stack) -> None:
    catalogue = "GET /v1/memberships/self-service/additional-modules"
    before = await scrape(stack.runtime)
    stack.sandbox.faults.add("getAdditionalModules", status=503, times=1)
    client = stack.runtime.services.studio(BERLIN).client
    await client.additional_modules()  # 503, then a retry that works
    after = await scrape(stack.runtime)
    assert value(after, "upsell_perfectgym_retries_total", endpoint=catalogue) == 1 + value(
        before, "upsell_perfectgym_retries_total", endpoint=catalogue
    )
    for status in ("503", "200"):
        was = value(before, "upsell_perfectgym_requests_total", endpoint=catalogue, status=status)
        now = value(after, "upsell_perfectgym_requests_total", endpoint=catalogue, status=status)
        assert now == was + 1


async def test_metrics_on_the_public_server_need_the_token(stack: Stack) -> None:
    assert (await get(build_app(stack.runtime, []))).status_code == 404, "no token: no /metrics"
    app = build_app(with_token(stack.runtime), [])
    assert (await get(app)).status_code == 401
    assert (await get(app, {"authorization": "Bearer wrong"})).status_code == 401
    assert (await get(app, {"authorization": TOKEN})).status_code == 401
    allowed = await get(app, {"authorization": f"Bearer {TOKEN}"})
    assert allowed.status_code == 200 and "upsell_turns_total" in allowed.text


async def test_metrics_port_serves_them_off_the_public_port(
    sandbox: Sandbox, sandbox_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bot.app.runner")
    studio = StudioSettings(name=BERLIN, base_url=sandbox_url, api_key=BERLIN_MITTE_API_KEY)
    settings = Settings(
        studios=[studio], db_path=tmp_path / "bot.sqlite3", http_port=0, metrics_port=0
    )
    stop = asyncio.Event()
    running = asyncio.create_task(run_bot(settings, stop=stop))
    try:
        main, metrics = await _listening(caplog)
        async with httpx.AsyncClient() as http:
            scraped = await http.get(metrics)
            public = await http.get(main + "/metrics")
        assert scraped.status_code == 200 and "upsell_queue_depth" in scraped.text
        assert public.status_code == 404
    finally:
        stop.set()
        assert await running == 0


async def _listening(caplog: pytest.LogCaptureFixture) -> tuple[str, str]:
    async with asyncio.timeout(5):
        while True:
            text = "\n".join(record.getMessage() for record in caplog.records)
            main = re.search(r"HTTP server listening on (http://\S+)", text)
            metrics = re.search(r"metrics listening on (http://\S+)", text)
            if main and metrics:
                return main.group(1), metrics.group(1)
            await asyncio.sleep(0.01)
