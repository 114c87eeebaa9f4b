"""serve_sandbox runs over real HTTP and stops cleanly; demo_text tells how to use the demo."""

from __future__ import annotations

import re

import httpx
import pytest

from bot.clock import FakeClock
from bot.sandbox import (
    BERLIN_MITTE_API_KEY,
    HAMBURG_ALTONA_WEBHOOK_KEY,
    Sandbox,
    demo_text,
    serve_sandbox,
)


async def test_serves_on_a_free_port_and_stops_cleanly(sandbox: Sandbox) -> None:
    async with serve_sandbox(sandbox) as url:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", url)
        assert not url.endswith(":0")
        async with httpx.AsyncClient(base_url=url) as client:
            response = await client.get(
                "/v1/customers/1001", headers={"X-API-KEY": BERLIN_MITTE_API_KEY}
            )
        assert response.json()["customerNumber"] == "1-1001"
    async with httpx.AsyncClient() as client:
        with pytest.raises(httpx.ConnectError):
            await client.get(url + "/v1/studios/information")


async def test_two_sandboxes_side_by_side(clock: FakeClock) -> None:
    first, second = Sandbox.demo(clock), Sandbox.demo(clock)
    async with serve_sandbox(first) as url_a, serve_sandbox(second) as url_b:
        assert url_a != url_b
    await first.aclose()
    await second.aclose()


def test_demo_text_lists_studios_keys_and_customers(sandbox: Sandbox) -> None:
    text = demo_text(sandbox, base_url="http://127.0.0.1:8089")
    assert "Berlin Mitte" in text and "Hamburg Altona" in text
    assert BERLIN_MITTE_API_KEY in text and HAMBURG_ALTONA_WEBHOOK_KEY in text
    assert "http://127.0.0.1:8089" in text
    for number, born in (("1-1001", "1994-03-12"), ("1-1004", "1985-01-20"),
                         ("2-2002", "1975-12-01")):  # fmt: skip
        assert re.search(rf"{number}\s+{born}", text), number
    assert "book the sauna" in text
    assert "<port>" in demo_text(sandbox)


def test_demo_data_is_relative_to_the_clock() -> None:
    from datetime import UTC, datetime

    later = Sandbox.demo(FakeClock(datetime(2031, 2, 3, 9, 0, tzinfo=UTC)))
    today = later.today(later.studios[1])
    pending = later.module_contracts[9002].cancelation
    assert pending is not None and pending.date > today
    assert later.contracts[5007].cancelation is not None
    assert later.contracts[5007].status(today) == "ACTIVE"
    assert later.contracts[5006].status(today) == "INACTIVE"
