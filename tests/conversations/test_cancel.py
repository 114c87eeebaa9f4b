"""Cancelling is as easy as booking (BGB § 312k): the ways in, the taps, the words."""

from __future__ import annotations

import pytest

from conversations import Command
from tests.conversations.conftest import Bot
from tests.conversations.member import Member


async def book_towels(member: Member) -> None:
    await member.press("Discover modules")
    await member.press("Handtuch-Flat")
    await member.press("€4.90/month")
    await member.press("Book and pay")
    assert "Booked!" in member.text


async def taps_to_book_the_sauna(member: Member) -> int:
    await member.link(offers=False)
    before = member.taps
    await member.press("Discover modules")
    await member.press("Sauna")
    await member.press("Book")
    await member.press("without trial")
    await member.press("Book and pay")
    assert "Booked!" in member.text
    return member.taps - before


async def test_cancelling_from_the_menu_takes_no_more_taps_than_booking(bot: Bot) -> None:
    booking = await taps_to_book_the_sauna(bot.member("anna"))
    clara = bot.member("clara")
    await clara.link("1-1003", "05.11.1979", offers=False)
    before = clara.taps
    await clara.press("Cancel a module")
    assert "On which date should Sauna end?" in clara.text, "one module: no question"
    await clara.press("Next possible date")
    await clara.press("Cancel now")
    assert "Receipt: cancellation of Sauna" in clara.text
    cancelling = clara.taps - before
    assert cancelling == 3 <= booking == 5


async def test_with_several_modules_the_member_picks_one_with_one_more_tap(
    bot: Bot, member: Member
) -> None:
    await member.link("1-1003", "05.11.1979", offers=False)
    await book_towels(member)
    before = member.taps
    await member.press("Cancel a module")
    assert "Which module do you want to cancel?" in member.text
    assert member.labels == ["Sauna", "Handtuch-Flat", "Menu"]
    assert "To cancel your membership itself, please contact the studio." in member.text
    await member.press("Handtuch-Flat")
    await member.press("Next possible date")
    await member.press("Cancel now")
    assert "Receipt: cancellation of Handtuch-Flat" in member.text
    assert member.taps - before == 4


async def test_cancel_command_needs_no_menu(bot: Bot, member: Member) -> None:
    await member.link("1-1003", "05.11.1979")
    await member.command(Command.CANCEL)
    await member.press("Next possible date")
    await member.press("Cancel now")
    assert "The studio still has to confirm it" in member.text


async def test_cancel_command_before_linking_links_first(bot: Bot, member: Member) -> None:
    await member.command(Command.CANCEL)
    assert "customer number" in member.text


@pytest.mark.parametrize(
    ("said", "module"),
    [
        ("Sauna kündigen", "Sauna"),
        ("cancel my towels", "Handtuch-Flat"),
        ("Handtücher abbestellen", "Handtuch-Flat"),
        ("I want to cancel the sauna please", "Sauna"),
    ],
)
async def test_free_text_naming_a_module_goes_straight_to_its_date(
    bot: Bot, member: Member, said: str, module: str
) -> None:
    await member.link("1-1003", "05.11.1979", offers=False)
    await book_towels(member)
    before = member.taps
    await member.say(said)
    assert f"On which date should {module} end?" in member.text
    await member.press("Next possible date")
    await member.press("Cancel now")
    assert f"Receipt: cancellation of {module}" in member.text
    assert member.taps - before == 2


@pytest.mark.parametrize("said", ["kündigen", "abo beenden", "Vertrag kündigen", "cancel"])
async def test_free_text_without_a_module_asks_which(bot: Bot, member: Member, said: str) -> None:
    await member.link("1-1003", "05.11.1979", offers=False)
    await book_towels(member)
    await member.say(said)
    assert "Which module do you want to cancel?" in member.text


async def test_in_german_the_words_are_jetzt_kuendigen(bot: Bot) -> None:
    member = bot.member(language="de")
    await member.link("1-1003", "05.11.1979")
    assert "Modul kündigen" in member.labels
    await member.press("Modul kündigen")
    assert "Zu welchem Datum möchtest du Sauna kündigen?" in member.text
    await member.press("Nächstmöglicher Termin: 31.12.2026")
    assert "Sauna zum 31.12.2026 kündigen?" in member.text and "Grund: keine Angabe" in (
        member.text
    )
    assert member.labels == ["Jetzt kündigen", "Grund angeben (freiwillig)", "Nein, behalten"]
    await member.press("Jetzt kündigen")
    assert "Bestätigung: Kündigung von Sauna" in member.text
    assert "Das Studio muss sie noch bestätigen" in member.text
    assert "Stand: beantragt, vom Studio noch zu bestätigen" in member.text
    assert "Deine Erklärung ist am 26.11.2026, 11:00 Uhr eingegangen." in member.text


async def test_a_pending_cancelation_is_shown_as_pending_not_as_ended(
    bot: Bot, member: Member
) -> None:
    await member.link("1-1004", "20.01.1985")  # towels: cancelation pending verification
    await member.command(Command.CANCEL)
    assert "You have no module that can be cancelled right now." in member.text
    assert "Handtuch-Flat: cancellation requested for" in member.text
    assert "the studio has yet to confirm" in member.text and "ends" not in member.text
    await member.say("Handtuch kündigen")
    assert "Cancellation requested for" in member.text and "yet to confirm" in member.text


async def test_nothing_to_cancel_says_so_with_the_menu(bot: Bot, member: Member) -> None:
    await member.link()
    await member.say("ich will kündigen")
    assert "no module that can be cancelled" in member.text
    assert "Discover modules" in member.labels


async def test_an_expired_cancel_step_says_nothing_about_prices(bot: Bot, member: Member) -> None:
    await member.link("1-1003", "05.11.1979")
    await member.command(Command.CANCEL)
    await member.press("Next possible date")
    token = member.button("Cancel now").token
    bot.clock.advance(minutes=31)
    await member.tap(token)
    assert "Nothing was cancelled" in member.text
    assert "price" not in member.text.lower()
    (sauna,) = bot.sandbox.module_contracts_of(5004)
    assert sauna.cancelation is None


async def test_an_expired_withdraw_step_says_the_cancelation_stands(
    bot: Bot, member: Member
) -> None:
    await member.link("1-1004", "20.01.1985")
    await member.press("My modules")
    await member.press("Handtuch-Flat")
    await member.press("Keep Handtuch-Flat after all")
    token = member.button("Yes, keep").token
    bot.clock.advance(minutes=31)
    await member.tap(token)
    assert "Your cancellation stands as it was" in member.text
    assert "price" not in member.text.lower()


async def test_abort_cancel_and_stop_are_three_different_words() -> None:
    from conversations.texts import text

    for language in ("de", "en"):
        words = {text(key, language) for key in ("btn_abort", "btn_cancel", "btn_offers_off")}
        assert len(words) == 3, words
    assert text("btn_abort", "en") == "Never mind" and text("btn_abort", "de") == "Nichts ändern"
    assert text("btn_offers_off", "de") == "Keine Angebote mehr"
    assert text("btn_confirm_cancel", "de") == "Jetzt kündigen"
    assert text("btn_confirm_cancel", "en") == "Cancel now"
