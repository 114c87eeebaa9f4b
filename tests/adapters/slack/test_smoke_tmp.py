from __future__ import annotations

from tests.adapters.slack.conftest import Desk
from tests.adapters.slack.fake_slack_api import answer_text


async def test_help(desk: Desk) -> None:
    response = await desk.command("help")
    print(response.status_code, response.text)
    assert response.status_code == 200
    assert "/upsell customer" in answer_text(response.json())


async def test_customer(desk: Desk) -> None:
    response = await desk.command("customer 1-1003")
    print(response.status_code, response.text)
    text = await desk.answer()
    print(text)
    print(desk.slack.calls)
