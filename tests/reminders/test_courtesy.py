"""Consent and courtesy: opt-outs, quiet hours, blocked members, busy members, failing sends."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from bot.sandbox._model import ChannelPreference, CommunicationPreference
from bot.store import ReminderStatus
from conversations import Command
from tests.conversations.member import Member
from tests.webhooks.harness import Stack, at_berlin


async def linked(stack: Stack, chat: str = "anna") -> Member:
    member = stack.member(chat)
    await member.link()
    await stack.settle()
    return member


async def towels_added_at_the_desk(stack: Stack) -> None:
    stack.sandbox.add_module_at_desk(5001, 202)
    await stack.settle()


async def test_a_general_opt_out_in_perfectgym_stops_offers_but_not_contract_news(
    stack: Stack,
) -> None:
    ben = stack.member("ben")  # CHAT switched off for GENERAL messages in PerfectGym
    await ben.command(Command.START)
    await ben.say("1-1002")
    await ben.say("30.07.1988")
    await ben.press(ben.labels[0])
    await ben.answer_offers(True)
    await stack.settle()
    stack.sandbox.add_module_at_desk(5002, 202)  # news about his own contract
    await stack.settle()
    await ben.press("Discover modules")
    await ben.press("Sauna")  # a follow-up would be planned
    stack.clock.advance(hours=25)
    await stack.hub.plan()
    await stack.hub.send_due()
    (news,) = stack.channel.to("ben")
    assert "Handtuch-Flat was added" in news.text
    (skipped,) = stack.rows(ReminderStatus.SKIPPED)
    assert skipped.rule == "viewed"
    assert skipped.detail == "opted out of chat messages (GENERAL) in PerfectGym"


async def test_a_contract_opt_out_in_perfectgym_stops_contract_news(stack: Stack) -> None:
    await linked(stack)
    anna = stack.sandbox.customers[1001]
    anna.communication_preferences = (
        CommunicationPreference("CONTRACT", (ChannelPreference("CHAT", False),)),
    )
    await towels_added_at_the_desk(stack)
    await stack.hub.send_due()
    assert stack.channel.pushes == []
    (row,) = stack.rows(ReminderStatus.SKIPPED)
    assert row.detail == "opted out of chat messages (CONTRACT) in PerfectGym"


async def test_a_member_who_said_stop_still_gets_news_of_the_own_contract(
    stack: Stack,
) -> None:
    anna = await linked(stack)
    await anna.answer_offers(True)
    await anna.command(Command.STOP)
    await anna.press("Discover modules")
    await anna.press("Sauna")  # looked at, with no yes to offers: no follow-up
    await towels_added_at_the_desk(stack)
    stack.clock.advance(hours=25)
    await stack.hub.plan()
    await stack.hub.send_due()
    (news,) = stack.channel.to("anna")
    assert "Handtuch-Flat was added to your membership" in news.text
    assert "/stop" not in news.text, "no advertising footer under news"
    assert stack.rows(rule="viewed") == []


async def test_preferences_perfectgym_cannot_show_leave_it_to_the_chat_consent(
    stack: Stack,
) -> None:
    await linked(stack)
    stack.sandbox.faults.add("getCommunicationPreferences", status=403, times=None)
    await towels_added_at_the_desk(stack)
    await stack.hub.send_due()
    assert len(stack.channel.to("anna")) == 1
    (row,) = stack.rows(ReminderStatus.SENT)
    assert (
        row.detail
        == "communication preferences not readable in PerfectGym (Forbidden); the answer given "
        "in the chat decides"
    )


async def test_quiet_hours_in_the_studios_zone_hold_messages_until_they_end(
    stack: Stack,
) -> None:
    await linked(stack)
    at_berlin(stack.clock, datetime(2026, 11, 26, 22, 30))
    await towels_added_at_the_desk(stack)
    await stack.hub.send_due()
    assert stack.channel.pushes == []
    (row,) = stack.rows(ReminderStatus.PENDING)
    assert row.due_at == datetime(2026, 11, 27, 8, 0, tzinfo=row.due_at.tzinfo)  # 09:00 CET
    assert row.detail == "quiet hours"

    at_berlin(stack.clock, datetime(2026, 11, 27, 8, 59))
    assert (await stack.hub.send_due()).sent == 0
    at_berlin(stack.clock, datetime(2026, 11, 27, 9, 0))
    assert (await stack.hub.send_due()).sent == 1


async def test_a_member_who_blocked_the_bot_is_skipped_and_marked(stack: Stack) -> None:
    await linked(stack)
    stack.channel.blocked.add("anna")
    await towels_added_at_the_desk(stack)
    await stack.hub.send_due()
    link = stack.store.get_link("test", "anna")
    assert link is not None and link.unreachable
    (row,) = stack.rows(ReminderStatus.SKIPPED)
    assert row.detail == "the member blocked the bot"

    stack.sandbox.add_module_at_desk(5001, 206)
    await stack.settle()
    await stack.hub.send_due()
    skipped = stack.rows(ReminderStatus.SKIPPED)
    assert len(skipped) == 2 and stack.channel.pushes == []


async def test_a_member_in_another_dialog_is_not_interrupted(stack: Stack) -> None:
    anna = await linked(stack)
    await anna.press("Discover modules")
    await anna.press("Sauna")  # now choosing how to pay
    await towels_added_at_the_desk(stack)
    await stack.hub.send_due()
    assert stack.channel.pushes == []
    (row,) = stack.rows(ReminderStatus.PENDING)
    assert row.detail == "the member is in another dialog"
    stack.clock.advance(minutes=31)  # the dialog timed out meanwhile
    await stack.hub.send_due()
    assert len(stack.channel.to("anna")) == 1


@pytest.mark.parametrize("reminder_settings", [{"max_attempts": 3}])
async def test_a_failing_channel_is_retried_a_bounded_number_of_times(
    stack: Stack, reminder_settings: dict[str, Any]
) -> None:
    await linked(stack)
    stack.channel.failing.add("anna")
    await towels_added_at_the_desk(stack)
    for _ in range(5):
        await stack.hub.send_due()
        stack.clock.advance(hours=1)
    (row,) = stack.rows()
    assert (row.status, row.attempts) == (ReminderStatus.FAILED, 3)
    assert row.detail == "test did not take the message (3 attempts)"


async def test_a_push_that_may_have_arrived_is_never_sent_again(stack: Stack) -> None:
    await linked(stack)
    stack.channel.uncertain.add("anna")
    await towels_added_at_the_desk(stack)
    for _ in range(3):
        await stack.hub.send_due()
        stack.clock.advance(hours=1)
    (row,) = stack.rows()
    assert (row.status, row.attempts) == (ReminderStatus.ABANDONED, 1)
    assert len(stack.channel.to("anna")) == 1


async def test_switched_off_rules_send_nothing(stack: Stack) -> None:
    stack.runtime.settings.reminders.changes_enabled = False
    await linked(stack)
    await towels_added_at_the_desk(stack)
    await stack.hub.send_due()
    assert stack.rows() == [] and stack.channel.pushes == []
    assert len(stack.changed()) == 1, "staff still hear about it"
