"""The engine and the sandbox over real HTTP on 127.0.0.1, as in production.

Every other engine test reaches the sandbox in-process (``testing.sandbox``) on a loop whose
clock skips idle waits (``testing.loop``). These check that what those stand in for holds
over sockets: a whole booking on keep-alive connections, a read that really times out (a
retried GET), and a purchase that went through although its answer never arrived.
"""

from __future__ import annotations

import pytest

from tests.conversations.conftest import Bot
from tests.conversations.member import Member
from tests.conversations.test_booking import test_newcomer_books_the_sauna as book_the_sauna
from tests.conversations.test_safety import at_confirmation, purchases

pytestmark = pytest.mark.over_http


def test_the_sandbox_is_served_on_loopback(bot: Bot) -> None:
    assert bot.base_url.startswith("http://127.0.0.1:")


async def test_newcomer_books_the_sauna(bot: Bot, member: Member) -> None:
    await book_the_sauna(bot, member)


@pytest.mark.parametrize("client_options", [{"timeout": 0.3}])
async def test_a_read_that_times_out_keeps_the_state_and_a_retry_works(
    bot: Bot, member: Member
) -> None:
    await member.link()
    before = bot.store.load_conversation("test", "m1")
    bot.sandbox.faults.add("getPurchasableAdditionalModules", hang=True, times=None)
    await member.press("Discover modules")
    assert "can't reach the studio system" in member.text, member.text
    after = bot.store.load_conversation("test", "m1")
    assert before is not None and after is not None
    assert (after.state, after.version) == (before.state, before.version)
    fired = [f.fired for f in bot.sandbox.faults.armed]
    assert fired == [3], "a GET is tried again after a timeout (max_retries=2)"
    bot.sandbox.faults.clear()
    bot.sandbox.faults.release_hangs()
    await member.press("Try again")
    assert "You can add" in member.text, member.text


@pytest.mark.parametrize("client_options", [{"timeout": 0.5}])
async def test_a_purchase_whose_answer_never_came_is_found_and_reported_booked(
    bot: Bot, member: Member
) -> None:
    token = await at_confirmation(member)
    bot.sandbox.faults.add("purchaseAdditionalModuleContract", hang=True, after_commit=True)
    await member.tap(token)
    assert "Booked!" in member.text
    assert purchases(bot) == 1
