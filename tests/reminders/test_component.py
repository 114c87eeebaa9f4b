"""The reminders run by themselves inside the bot's event loop once their component started."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest

from bot.app.reminders import RemindersComponent, build_component
from tests.webhooks.harness import Stack


async def eventually(condition: Callable[[], bool], seconds: float = 3.0) -> None:
    for _ in range(int(seconds / 0.01)):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("it did not happen in time")


@pytest.mark.parametrize("reminder_settings", [{"interval_seconds": 30}])
async def test_news_and_campaigns_go_out_without_anyone_driving_the_loops(
    stack: Stack, reminder_settings: dict[str, Any]
) -> None:
    component = build_component(stack.runtime, stack.hub)
    assert isinstance(component, RemindersComponent) and component.hub is stack.hub
    await component.start()
    await stack.webhooks.start()
    try:
        await stack.member("anna").link(offers=True)  # the watch loop takes the first look
        await eventually(lambda: stack.store.contract_snapshot("test", "anna") is not None)
        stack.sandbox.add_module_at_desk(5001, 202)
        await eventually(lambda: len(stack.channel.to("anna")) == 1)
        assert "Handtuch-Flat was added" in stack.channel.pushes[0].text

        await stack.runtime.desk.schedule_campaign(None, "Sauna", "now", actor="slack:U1")
        await eventually(lambda: len(stack.channel.to("anna")) == 2)
        assert "has an offer for you: Sauna" in stack.channel.pushes[1].text
    finally:
        await stack.webhooks.stop()
        await component.stop()
