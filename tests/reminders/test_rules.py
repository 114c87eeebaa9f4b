"""Each reminder rule end to end: sandbox over HTTP (with its webhooks), engine, store, buttons."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.store import ReminderStatus
from conversations import Command
from conversations.staff import CampaignRefused, ModuleNotFound, UnknownStudio
from tests.conversations.member import Member
from tests.webhooks.harness import Stack, at_berlin

BERLIN = ZoneInfo("Europe/Berlin")


async def linked(
    stack: Stack,
    chat: str,
    number: str = "1-1001",
    born: str = "12.03.1994",
    *,
    offers: bool | None = True,
) -> Member:
    member = stack.member(chat)
    await member.link(number, born, offers=offers)
    await stack.settle()
    return member


async def link_ben(stack: Stack) -> Member:
    """Ben has two main contracts: he picks the first one, and says yes to offers."""
    ben = stack.member("ben")
    await ben.command(Command.START)
    await ben.say("1-1002")
    await ben.say("30.07.1988")
    await ben.press(ben.labels[0])
    assert "linked" in ben.text
    await ben.answer_offers(True)
    await stack.settle()
    return ben


async def test_cancelation_reminder_before_it_takes_effect_offers_to_keep_the_module(
    stack: Stack,
) -> None:
    clara = await linked(stack, "clara", "1-1003", "05.11.1979")
    await clara.press("My modules")
    await clara.press("Sauna")
    await clara.press("Cancel this module")
    await clara.press("31 Dec 2026")
    await clara.press("Cancel now")
    await stack.settle()
    await stack.hub.plan()
    (row,) = stack.rows(ReminderStatus.PENDING, rule="cancelation")
    assert row.due_at == datetime(2026, 12, 24, 10, 0, tzinfo=BERLIN)  # 7 days before
    assert (await stack.hub.send_due()).sent == 0, "not due yet"

    at_berlin(stack.clock, datetime(2026, 12, 24, 10, 0))
    assert (await stack.hub.send_due()).sent == 1
    (push,) = stack.channel.to("clara")
    assert push.text.startswith(
        "You asked to cancel your module Sauna so that it ends on 31 Dec 2026; the studio has yet "
        "to confirm it. Changed your mind? You can still keep it."
    ), "Berlin verifies cancelations: still pending, so never 'ends on'"
    assert push.labels == ["Keep Sauna", "My modules"]

    stack.show(clara, push)
    await clara.press("Keep Sauna")
    await clara.press("Yes, keep Sauna")
    assert "Sauna continues as before" in clara.text
    await stack.hub.plan()
    assert (await stack.hub.send_due()).sent == 0, "the same reminder never comes twice"


async def test_a_pending_cancelation_is_reminded_as_pending_in_german(stack: Stack) -> None:
    david = stack.member("david", language="de")
    await david.link("1-1004", "20.01.1985")  # towels, cancelation pending verification
    await stack.settle()
    await stack.hub.plan()
    (row,) = stack.rows(ReminderStatus.PENDING, rule="cancelation")
    stack.clock.set(row.due_at)
    assert (await stack.hub.send_due()).sent == 1
    (push,) = stack.channel.to("david")
    assert push.text.startswith(
        "Du hast dein Modul Handtuch-Flat zum 31.12.2026 gekündigt; das Studio muss die "
        "Kündigung noch bestätigen. Doch anders überlegt? Du kannst es noch behalten."
    )
    assert "endet am" not in push.text
    assert push.labels == ["Handtuch-Flat behalten", "Meine Module"]


async def test_a_confirmed_cancelation_is_reminded_with_its_end(stack: Stack) -> None:
    await linked(stack, "david", "1-1004", "20.01.1985")
    await stack.hub.plan()
    (row,) = stack.rows(ReminderStatus.PENDING, rule="cancelation")
    (towels,) = stack.sandbox.module_contracts_of(5005)
    stack.sandbox.confirm_cancelation(towels.id)  # staff verify it in PerfectGym meanwhile
    await stack.settle()
    await stack.hub.send_due()  # the news that the studio confirmed it
    stack.channel.pushes.clear()
    stack.clock.set(row.due_at)
    assert (await stack.hub.send_due()).sent == 1
    (push,) = stack.channel.to("david")
    assert push.text.startswith(
        "Your module Handtuch-Flat ends on 31 Dec 2026. Changed your mind? You can still keep it."
    )


async def test_cancelation_reminder_is_skipped_once_the_cancelation_was_taken_back(
    stack: Stack,
) -> None:
    await linked(stack, "david", "1-1004", "20.01.1985")  # towels, cancelation pending
    await stack.hub.plan()
    (row,) = stack.rows(ReminderStatus.PENDING, rule="cancelation")
    (towels,) = stack.sandbox.module_contracts_of(5005)
    stack.sandbox.withdraw(stack.sandbox.studios[1], towels)  # at the desk, after planning
    stack.clock.set(row.due_at)
    await stack.hub.send_due()
    assert [p for p in stack.channel.to("david") if "ends on" in p.text] == []
    skipped = stack.store.get_reminder(row.key)
    assert skipped is not None and skipped.status is ReminderStatus.SKIPPED
    assert skipped.detail == "the cancelation was taken back"


async def test_trial_reminder_before_the_trial_ends_offers_keep_or_cancel(stack: Stack) -> None:
    anna = await linked(stack, "anna")
    await anna.press("Discover modules")
    await anna.press("Sauna")
    await anna.press("Book")
    await anna.press("with the free trial")
    await anna.press("Book and pay · 14 days free, then €9.90/month")
    await stack.settle()
    await stack.hub.plan()
    (row,) = stack.rows(ReminderStatus.PENDING, rule="trial")
    assert row.payload["date"] == "2026-12-10"  # 14 days from 27 Nov, last free day
    assert row.due_at == datetime(2026, 12, 7, 10, 0, tzinfo=BERLIN)
    assert stack.rows(rule="viewed") == [], "bought, so no follow-up for looking at it"

    at_berlin(stack.clock, datetime(2026, 12, 7, 10, 0))
    await stack.hub.send_due()
    (push,) = stack.channel.to("anna")
    assert push.text.startswith(
        "Your free trial of Sauna ends on 10 Dec 2026. From 11 Dec 2026 it costs €9.90/month. "
        "To keep it, you don't need to do anything; if you don't want it, cancel it with one tap "
        "so that it ends with the trial."
    )
    assert push.labels == ["Keep Sauna", "Cancel Sauna", "My modules"]
    stack.show(anna, push)
    await anna.press("Cancel Sauna")
    assert "On which date should Sauna end?" in anna.text
    assert anna.labels[0] == "Next possible date: 10 Dec 2026", "the trial's last day comes first"


async def test_a_module_viewed_but_not_booked_gets_one_follow_up_never_more(
    stack: Stack,
) -> None:
    anna = await linked(stack, "anna")
    await anna.press("Discover modules")
    await anna.press("Sauna")
    await stack.hub.plan()
    (row,) = stack.rows(ReminderStatus.PENDING, rule="viewed")
    assert row.due_at == stack.clock.now() + timedelta(hours=24)

    stack.clock.advance(hours=24)
    await stack.hub.send_due()
    (push,) = stack.channel.to("anna")
    assert "You recently looked at Sauna. It is still available" in push.text
    assert "€9.90" in push.text
    assert push.text.endswith(
        "You're getting this because you said yes to offers. /stop: no more offers."
    )
    assert push.labels == ["Sauna: details and booking", "Discover modules"]
    stack.show(anna, push)
    await anna.press("Sauna: details and booking")
    assert "Book: €9.90/month" in anna.labels

    stack.clock.advance(hours=48)
    await stack.hub.plan()
    await stack.hub.send_due()
    assert len(stack.channel.to("anna")) == 1, "one follow-up per module, ever"


async def test_a_campaign_reaches_members_who_can_book_it_and_consented(stack: Stack) -> None:
    anna = await linked(stack, "anna")  # no sauna yet
    await linked(stack, "clara", "1-1003", "05.11.1979")  # has the sauna
    await link_ben(stack)  # said yes in the chat, but switched chat off in PerfectGym
    await linked(stack, "david", "1-1004", "20.01.1985", offers=False)  # said no
    await linked(stack, "erik", "1-1006", "09.09.1982", offers=None)  # never answered
    result = await stack.runtime.desk.schedule_campaign(
        "Berlin Mitte",
        "sauna",
        stack.clock.now() + timedelta(hours=2),
        actor="slack:U123",
        text="Sauna week: try it now!",
    )
    assert (result.module_id, result.module_name, result.members) == (201, "Sauna", 3)
    assert result.language == "en"
    await stack.hub.plan()
    assert stack.rows(rule="campaign") == [], "not before its time"

    stack.clock.advance(hours=2)
    await stack.hub.plan()
    await stack.hub.send_due()
    (push,) = stack.channel.pushes
    assert push.chat_id == "anna"
    assert push.text.startswith("Sauna week: try it now!")
    assert push.text.endswith("/stop: no more offers.")
    reasons = {r.chat_id: r.detail for r in stack.rows(ReminderStatus.SKIPPED, rule="campaign")}
    assert reasons == {
        "clara": "no longer purchasable (booked or not offered)",
        "ben": "opted out of chat messages (GENERAL) in PerfectGym",
    }
    assert {r.chat_id for r in stack.rows(rule="campaign")} == {"anna", "ben", "clara"}
    stack.show(anna, push)
    await anna.press("Sauna: details and booking")
    assert "Book: €9.90/month" in anna.labels
    await stack.hub.plan()
    assert len(stack.rows(rule="campaign")) == 3, "expanded once"
    (audit,) = stack.store.audit_events(action="campaign_scheduled")
    assert audit.actor == "slack:U123"


async def test_a_campaign_is_held_back_from_a_member_who_said_stop_meanwhile(
    stack: Stack,
) -> None:
    anna = await linked(stack, "anna")
    await stack.runtime.desk.schedule_campaign(None, "Sauna", "now", actor="x")
    await stack.hub.plan()
    (row,) = stack.rows(ReminderStatus.PENDING, rule="campaign")
    await anna.say("Stopp")  # after the campaign was fanned out, before it went out
    await stack.hub.send_due()
    assert stack.channel.pushes == []
    skipped = stack.store.get_reminder(row.key)
    assert skipped is not None and skipped.status is ReminderStatus.SKIPPED
    assert skipped.detail == "the member has not opted in to offers in the chat"


async def test_no_follow_up_for_a_module_looked_at_without_a_yes(stack: Stack) -> None:
    anna = await linked(stack, "anna", offers=None)
    await anna.press("Discover modules")
    await anna.press("Sauna")
    stack.clock.advance(hours=25)
    await stack.hub.plan()
    await stack.hub.send_due()
    assert stack.rows(rule="viewed") == [] and stack.channel.pushes == []


async def test_campaign_scheduling_refuses_what_it_cannot_do(stack: Stack) -> None:
    now = stack.clock.now()
    with pytest.raises(CampaignRefused, match="in the past"):
        await stack.runtime.desk.schedule_campaign(None, "201", now - timedelta(hours=1), actor="x")
    with pytest.raises(ModuleNotFound, match="Sauna \\(201\\)"):
        await stack.runtime.desk.schedule_campaign(None, "Yoga", now, actor="x")
    with pytest.raises(UnknownStudio):
        await stack.runtime.desk.schedule_campaign("Paris", "201", now, actor="x")
    with pytest.raises(CampaignRefused, match="cannot read the time"):
        await stack.runtime.desk.schedule_campaign(None, "201", "tomorrow-ish", actor="x")
    local = await stack.runtime.desk.schedule_campaign(None, "201", "2026-12-01 18:00", actor="x")
    assert local.at == datetime(2026, 12, 1, 18, 0, tzinfo=BERLIN)
    assert not local.starts_in_quiet_hours
    late = await stack.runtime.desk.schedule_campaign(None, "201", "2026-12-01T22:30", actor="x")
    assert late.starts_in_quiet_hours and "when they end" in late.describe()


@pytest.mark.parametrize(
    "reminder_settings", [{"texts": {"viewed": {"en": "Still thinking about {module}?"}}}]
)
async def test_a_studio_can_word_a_rule_its_own_way_per_language(
    stack: Stack, reminder_settings: dict[str, object]
) -> None:
    anna = stack.member("anna", language="en")
    await anna.link(offers=True)
    await anna.press("Discover modules")
    await anna.press("Sauna")
    clara = stack.member("clara", language="de")
    await clara.link("1-1003", "05.11.1979", offers=True)
    await clara.press("Module entdecken")
    await clara.press("Handtuch-Flat")
    await stack.settle()
    await stack.hub.plan()
    stack.clock.advance(hours=25)
    await stack.hub.send_due()
    (english,) = stack.channel.to("anna")
    assert english.text.startswith("Still thinking about Sauna?\n")
    (german,) = stack.channel.to("clara")
    assert german.text.startswith("Du hast dir neulich Handtuch-Flat angesehen.")
    assert "/stop: keine Angebote mehr" in german.text
    assert german.labels == ["Handtuch-Flat: Details und Buchung", "Module entdecken"]
