"""Settings: language, reminders, forget me."""

from __future__ import annotations

from conversations import Command
from tests.conversations.conftest import Bot
from tests.conversations.member import Member


async def test_language_follows_the_platform_hint_and_can_change(bot: Bot) -> None:
    member = bot.member(language="de-AT")
    await member.command(Command.START)
    assert "Kundennummer" in member.text
    await member.say("1-1001")
    await member.say("12.03.1994")
    await member.press("Einstellungen")
    assert "Sprache: Deutsch" in member.text
    await member.press("English")
    assert "Language: English" in member.text
    await member.command(Command.MODULES)
    assert "You can add these modules" in member.text
    link = bot.store.get_link("test", "m1")
    assert link is not None and link.language == "en"


async def test_unknown_platform_language_falls_back_to_english(bot: Bot) -> None:
    member = bot.member(language="fr")
    await member.command(Command.START)
    assert "customer number" in member.text


async def test_offers_can_be_switched_on_and_off_in_the_settings(bot: Bot, member: Member) -> None:
    await member.link()
    await member.press("Settings")
    assert "Offers from Berlin Mitte: no" in member.text
    assert "May Berlin Mitte send you offers" in member.text, "the wording the yes stands for"
    await member.answer_offers(True)
    assert "You'll get offers now and then" in member.text
    assert "Offers from Berlin Mitte: yes (since 26 Nov 2026)" in member.text
    link = bot.store.get_link("test", "m1")
    assert link is not None and link.marketing_consent
    await member.press("No more offers")
    assert "Offers from Berlin Mitte: no" in member.text
    link = bot.store.get_link("test", "m1")
    assert link is not None and not link.marketing_consent
    history = bot.store.consent_history(customer_id=1001)
    assert [(e.detail or {}).get("via") for e in history] == ["settings", "settings"]


async def test_forget_me_erases_the_link_and_the_chat(bot: Bot, member: Member) -> None:
    await member.link()
    await member.command(Command.FORGET)
    assert "Your membership and modules stay as they are" in member.text
    await member.press("Yes, delete everything")
    assert "deleted the link" in member.text
    assert bot.store.get_link("test", "m1") is None
    assert bot.store.load_conversation("test", "m1") is None
    await member.command(Command.MINE)
    assert "customer number" in member.text  # must link again


async def test_forget_me_can_be_declined(bot: Bot, member: Member) -> None:
    await member.link()
    await member.command(Command.FORGET)
    await member.press("No")
    assert "nothing was changed" in member.text
    assert bot.store.get_link("test", "m1") is not None


async def test_free_text_keywords_lead_somewhere(bot: Bot, member: Member) -> None:
    await member.link()
    await member.say("what modules can I book?")
    assert "You can add these modules" in member.text
    await member.say("ich will kündigen")
    assert "no module that can be cancelled" in member.text
    await member.say("qwertz")
    assert "didn't get that" in member.text and "Discover modules" in member.labels
