"""Buttons: forged, foreign, replayed, expired and stale tokens change nothing."""

from __future__ import annotations

from datetime import timedelta

from conversations import Command, State
from tests.conversations.conftest import Bot
from tests.conversations.member import Member


def state_of(bot: Bot, chat_id: str = "m1") -> tuple[str, int]:
    record = bot.store.load_conversation("test", chat_id)
    assert record is not None
    return record.state, record.version


async def at_confirmation(member: Member) -> str:
    """Walk to the booking summary and return the confirm button's token."""
    await member.link()
    await member.press("Discover modules")
    await member.press("Sauna")
    await member.press("Book")
    await member.press("without trial")
    return member.button("Book and pay").token


async def test_forged_token_is_refused_and_changes_nothing(bot: Bot, member: Member) -> None:
    await at_confirmation(member)
    before = state_of(bot)
    await member.tap("forged-token-1234567890")
    assert "don't know that button" in member.text
    assert state_of(bot) == before
    assert bot.sandbox.module_contracts_of(5001) == []


async def test_token_of_another_chat_is_refused_and_stays_usable(bot: Bot, member: Member) -> None:
    token = await at_confirmation(member)
    intruder = bot.member("intruder")
    await intruder.tap(token)
    assert "don't know that button" in intruder.text
    assert bot.sandbox.module_contracts_of(5001) == []
    await member.tap(token)
    assert "Booked!" in member.text


async def test_replayed_confirmation_books_once(bot: Bot, member: Member) -> None:
    token = await at_confirmation(member)
    await member.tap(token)
    assert "Booked!" in member.text
    bot.clock.advance(bot.services.options.double_tap_window + timedelta(seconds=1))
    await member.tap(token)
    assert "already tapped that button" in member.text
    assert len(bot.sandbox.module_contracts_of(5001)) == 1


async def test_a_double_tap_is_ignored_quietly(bot: Bot, member: Member) -> None:
    token = await at_confirmation(member)
    await member.tap(token)
    assert "Booked!" in member.text
    bot.clock.advance(seconds=2)
    assert await member.tap(token) == []  # no scolding, nothing booked twice
    assert len(bot.sandbox.module_contracts_of(5001)) == 1


async def test_a_used_button_is_answered_once_the_dialog_went_on(bot: Bot, member: Member) -> None:
    await member.link()
    offers = member.button("Discover modules").token
    await member.tap(offers)
    await member.press("Sauna")  # another button was pressed since
    await member.tap(offers)
    assert "already tapped that button" in member.text


async def test_expired_confirmation_is_void_and_says_so(bot: Bot, member: Member) -> None:
    token = await at_confirmation(member)
    bot.clock.advance(minutes=31)
    await member.tap(token)
    assert "expired" in member.text and "Nothing was booked" in member.text
    assert bot.sandbox.module_contracts_of(5001) == []


async def test_expired_state_resets_to_idle_on_the_next_text(bot: Bot, member: Member) -> None:
    await member.command(Command.START)
    await member.say("1-1001")
    bot.clock.advance(timedelta(hours=1))
    await member.say("12.03.1994")
    assert "stopped the previous step" in member.text
    assert bot.store.get_link("test", "m1") is None


async def test_button_of_an_earlier_step_is_stale(bot: Bot, member: Member) -> None:
    await member.link()
    await member.press("Discover modules")
    await member.press("Sauna")
    book = member.button("Book").token
    await member.tap(book)  # trial question now
    await member.press("Never mind")
    await member.tap(book)
    assert "already tapped" in member.text
    await member.press("Discover modules")
    await member.press("Sauna")
    stale = member.button("Book").token
    await member.press("Other modules")  # the conversation moved on
    await member.tap(stale)
    assert "earlier step" in member.text
    assert state_of(bot)[0] == State.IDLE


async def test_menu_buttons_expire_after_their_lifetime(bot: Bot, member: Member) -> None:
    await member.link()
    token = member.button("Discover modules").token
    bot.clock.advance(bot.services.options.button_ttl + timedelta(seconds=1))
    await member.tap(token)
    assert "expired" in member.text


async def test_typing_during_a_confirmation_keeps_it(bot: Bot, member: Member) -> None:
    token = await at_confirmation(member)
    await member.say("hm, not sure")
    assert "tap one of the buttons above" in member.text
    await member.tap(token)
    assert "Booked!" in member.text


async def test_help_always_works_and_keeps_the_dialog(bot: Bot, member: Member) -> None:
    token = await at_confirmation(member)
    await member.command(Command.HELP)
    assert "Commands:" in member.text
    await member.tap(token)
    assert "Booked!" in member.text


async def test_huge_text_is_refused_kindly(bot: Bot, member: Member) -> None:
    await member.link()
    await member.say("x" * 100_000)
    assert "too long" in member.text
    await member.say("\x00\x01\x02 binary")
    assert "didn't get that" in member.text
