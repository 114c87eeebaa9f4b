"""What the fault matrix found beyond issue 12, each with the fix it got.

1. A member with two linked chats books in one of them: the other chat is told the module was
   added (good: it may have been told "already being processed, wait for its result"), but
   staff got the purchase twice, the second time as "Change from PerfectGym: added to the
   membership in PerfectGym", though the bot made it (found by the two-process scenario).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.clock import FakeClock
from bot.sandbox import Sandbox
from tests.faults.facts import staff_saw
from tests.faults.matrix import Observation
from tests.webhooks.harness import running_stack

pytestmark = pytest.mark.wall_clock  # the bot's webhook server and the sandbox over HTTP

FOUND = "Found by the fault matrix"


@pytest.mark.fault(
    FOUND,
    "a member with two linked chats books the sauna in one of them",
    "member: the receipt in that chat; the other chat told 'Sauna was added'; staff: the "
    "purchase once, no 'change from PerfectGym' for it",
)
async def test_a_purchase_in_one_chat_is_news_for_the_other_not_for_staff(
    sandbox: Sandbox, clock: FakeClock, tmp_path: Path, observe: Observation
) -> None:
    async with running_stack(sandbox, clock, tmp_path / "bot.sqlite3") as stack:
        phone, laptop = stack.member("phone"), stack.member("laptop")
        await phone.link()
        await laptop.link()
        await stack.settle()
        linked = len(stack.staff)
        await laptop.press("Discover modules")
        await laptop.press("Sauna")
        await laptop.press("Book")
        await laptop.press("without trial")
        await laptop.press("Book and pay")
        await stack.settle()
        await stack.hub.send_due()
        staff = stack.staff[linked:]
        news = [push.text for push in stack.channel.to("phone")]
        observe.member(f"laptop: {'Booked!' in laptop.text}", f"phone told: {news}")
        observe.staff(staff_saw(staff))
    assert "Booked!" in laptop.text
    assert news == ["Sauna was added to your membership at Berlin Mitte."]
    assert [event.kind for event in staff] == ["purchase"], staff
