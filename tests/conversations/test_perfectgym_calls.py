"""PerfectGym calls a dialog makes (counted where the sandbox receives them), and the read
cache that spares the repeated ones without serving anything a write changed."""

from __future__ import annotations

from bot.sandbox import Sandbox
from tests.conversations.conftest import Bot
from tests.conversations.member import Member

PURCHASABLE = "getPurchasableAdditionalModules"
VALIDATE = "validateAdditionalModuleContractRequest"
PURCHASE = "purchaseAdditionalModuleContract"


def calls(sandbox: Sandbox) -> int:
    return sum(sandbox.calls.values())


async def book_sauna(member: Member, *, trial: bool = False) -> None:
    await member.press("Discover modules")
    await member.press("Sauna")
    await member.press("Book")
    await member.press("Yes, start with the free trial" if trial else "without trial")
    await member.press("Book and pay" if not trial else member.labels[0])
    assert "Booked!" in member.text, member.text


async def test_a_booking_after_linking_makes_at_most_five_perfectgym_calls(
    bot: Bot, member: Member
) -> None:
    await member.link()
    bot.sandbox.calls.clear()
    await book_sauna(member)
    made = dict(bot.sandbox.calls)
    assert calls(bot.sandbox) <= 5, made
    # the list once; validated right before the purchase; the purchase; read back; receipt log
    assert made[PURCHASABLE] == 1 and made[VALIDATE] == 1 and made[PURCHASE] == 1, made


async def test_a_trial_is_validated_at_the_summary_too(bot: Bot, member: Member) -> None:
    await member.link()
    bot.sandbox.calls.clear()
    await book_sauna(member, trial=True)
    assert bot.sandbox.calls[VALIDATE] == 2  # only validation knows whether it was used up


async def test_the_offer_list_is_reused_until_a_purchase_changes_it(
    bot: Bot, member: Member
) -> None:
    await member.link()
    await member.press("Discover modules")
    asked = bot.sandbox.calls[PURCHASABLE]
    await member.press("Menu")
    await member.press("Discover modules")
    assert bot.sandbox.calls[PURCHASABLE] == asked, "the list of moments ago is reused"
    await member.press("Sauna")
    await member.press("Book")
    await member.press("without trial")
    await member.press("Book and pay")
    assert "Booked!" in member.text
    await member.press("Discover modules")
    assert bot.sandbox.calls[PURCHASABLE] == asked + 1, "a purchase makes the next list fresh"
    assert "Sauna" not in member.labels


async def test_the_offer_list_is_asked_for_again_once_it_is_too_old(bot: Bot) -> None:
    client = bot.services.studios["Berlin Mitte"].client
    member = bot.member()
    await member.link()
    await member.press("Discover modules")
    asked = bot.sandbox.calls[PURCHASABLE]
    client.cache.clear()  # as when the age limit has passed
    await member.press("Menu")
    await member.press("Discover modules")
    assert bot.sandbox.calls[PURCHASABLE] == asked + 1
