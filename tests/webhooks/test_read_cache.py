"""PerfectGym's webhooks make the bot's reused answers fresh: what a dialog reuses
(the offer list) after ``CONTRACT_UPDATED``, what reminder checks reuse (communication
preferences) after ``CUSTOMER_COMMUNICATION_PREFERENCES_UPDATED``."""

from __future__ import annotations

from bot.sandbox._model import ChannelPreference, CommunicationPreference
from bot.store import ReminderStatus
from tests.conversations.member import Member
from tests.webhooks.harness import Stack

PURCHASABLE = "getPurchasableAdditionalModules"
PREFERENCES = "getCommunicationPreferences"


async def linked(stack: Stack, chat: str = "anna") -> Member:
    member = stack.member(chat)
    await member.link()
    await stack.settle()
    return member


async def test_a_contract_webhook_makes_the_next_offer_list_fresh(stack: Stack) -> None:
    anna = await linked(stack)
    await anna.press("Discover modules")
    assert "Handtuch-Flat" in anna.labels
    asked = stack.sandbox.calls[PURCHASABLE]
    await anna.press("Menu")
    await anna.press("Discover modules")
    assert stack.sandbox.calls[PURCHASABLE] == asked, "the list of moments ago is reused"

    stack.sandbox.add_module_at_desk(5001, 202)  # PerfectGym sends CONTRACT_UPDATED
    await stack.settle()
    await anna.press("Menu")
    await anna.press("Discover modules")
    assert stack.sandbox.calls[PURCHASABLE] == asked + 1
    assert "Handtuch-Flat" not in anna.labels


async def test_a_preferences_webhook_refreshes_the_preference(stack: Stack) -> None:
    await linked(stack)
    stack.sandbox.add_module_at_desk(5001, 202)
    await stack.settle()
    await stack.hub.send_due()
    stack.sandbox.add_module_at_desk(5001, 203)
    await stack.settle()
    await stack.hub.send_due()
    assert len(stack.channel.to("anna")) == 2
    assert stack.sandbox.calls[PREFERENCES] == 1, "the second check reuses the first answer"

    chat_off = (CommunicationPreference("CONTRACT", (ChannelPreference("CHAT", False),)),)
    stack.sandbox.set_communication_preferences(1001, chat_off)  # and the webhook
    await stack.settle()
    stack.sandbox.add_module_at_desk(5001, 204)
    await stack.settle()
    await stack.hub.send_due()
    assert stack.sandbox.calls[PREFERENCES] == 2
    assert len(stack.channel.to("anna")) == 2
    (skipped,) = stack.rows(ReminderStatus.SKIPPED)
    assert skipped.detail == "opted out of chat messages (CONTRACT) in PerfectGym"
