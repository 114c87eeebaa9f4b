"""A staff link code used in Telegram, and personal offers delivered with consent."""

from __future__ import annotations

import pytest

from conversations.ports import PushResult
from testing.slack import answer_text
from tests.adapters.slack.conftest import Desk


async def issue_code(desk: Desk, number: str, count: int = 1) -> str:
    await desk.command(f"link {number}")
    text = await desk.answer(count=count)
    return text.split("`")[1]


async def test_a_link_code_links_a_telegram_chat_once(desk: Desk) -> None:
    code = await issue_code(desk, "1-1001")
    member = desk.chat("777")
    await member.start(code)
    assert "Your studio Berlin Mitte linked this chat to your membership “Premium 12”" in (
        member.text
    )
    link = desk.store.get_link("telegram", "777")
    assert link is not None and (link.customer_id, link.contract_id) == (1001, 5001)
    (post,) = await desk.slack.wait_for("chat.postMessage")
    assert (
        "🔗 Chat linked" in post.text() and "Telegram chat (via a staff link code)" in post.text()
    )
    stranger = desk.chat("888")
    await stranger.start(code)
    assert "invalid, expired or already used" in stranger.text
    assert desk.store.get_link("telegram", "888") is None
    await desk.command("customer 1-1001")
    assert "Linked:* Telegram since" in await desk.answer(count=2)


async def test_the_link_code_names_the_customer_and_the_studio(desk: Desk) -> None:
    await desk.command("link 1-1003")
    text = await desk.answer()
    assert "🔑 Link code for Clara Weber (1-1003):" in text
    assert "The member is told that Berlin Mitte linked the chat." in text


@pytest.mark.parametrize("studio_locale", ["de_DE"])
async def test_the_link_code_in_german_for_staff_and_member(desk: Desk) -> None:
    await desk.command("link 1-1001")
    text = await desk.answer()
    assert "🔑 Verknüpfungscode für Anna Neumann (1-1001):" in text
    assert "Gültig bis 27.11.2026, 11:00 (Europe/Berlin), einmal nutzbar." in text
    member = desk.chat("777", language="de")
    await member.start(text.split("`")[1])
    assert "Dein Studio Berlin Mitte hat diesen Chat mit deiner Mitgliedschaft „Premium 12“" in (
        member.text
    )


async def offer(desk: Desk, text: str, count: int = 1) -> str:
    response = await desk.command(f"offer {text}")
    assert "⏳" in answer_text(response.json()), "a quick note while it works"
    return await desk.answer(count=count)


async def test_a_personal_offer_arrives_and_books_like_any_offer(desk: Desk) -> None:
    member = desk.chat("777")
    await member.link("1-1001", "12.03.1994", offers=True)
    assert "Offer for *Sauna* sent to Anna Neumann on Telegram" in await offer(desk, "1-1001 sauna")
    ((chat_id, messages),) = desk.telegram.sent
    assert chat_id == "777"
    (message,) = messages
    assert message.text.startswith("Berlin Mitte picked an offer for you:\n\nSauna")
    assert message.text.endswith(
        "You're getting this because you said yes to offers. /stop: no more offers."
    )
    await member.press("Book: €9.90/month", messages)
    await member.press("without trial")
    await member.press("Book and pay · €9.90/month")
    assert "Booked! Sauna starts on" in member.text
    posts = await desk.slack.wait_for("chat.postMessage", 2)
    assert "🛒 Purchase: Sauna" in posts[-1].text()
    (audit,) = desk.store.audit_events(action="offer_sent")
    assert audit.actor == "slack:T0STUDIO:U0STAFF" and audit.detail["module_id"] == 201
    text = answer_text((await desk.command("stats")).json())
    assert "(+1 personal offers)" in text and "*Purchases*\n1\n" in text


async def test_no_offer_without_a_linked_chat(desk: Desk) -> None:
    assert "Anna Neumann has no chat linked to the bot yet" in await offer(desk, "1-1001 Sauna")
    assert not desk.telegram.sent
    (audit,) = desk.store.audit_events(action="offer_not_sent")
    assert audit.detail["outcome"] == "not_linked"


async def test_no_offer_to_a_member_who_was_asked_and_did_not_say_yes(desk: Desk) -> None:
    await desk.chat("777").link("1-1001", "12.03.1994")  # the question stays unanswered
    text = await offer(desk, "1-1001 Sauna")
    assert "has not said yes to offers in the chat" in text
    assert "the member has not opted in to offers in the chat" in text
    assert not desk.telegram.sent


async def test_no_offer_after_the_member_said_stop(desk: Desk) -> None:
    member = desk.chat("777")
    await member.link("1-1001", "12.03.1994", offers=True)
    await member.say("stop")
    text = await offer(desk, "1-1001 Sauna")
    assert "the member has not opted in to offers in the chat" in text
    assert not desk.telegram.sent


async def test_no_offer_to_a_member_who_opted_out_in_perfectgym(desk: Desk) -> None:
    member = desk.chat("777")
    await member.start()
    await member.say("1-1002")
    await member.say("30.07.1988")
    await member.press("Premium 12")
    await member.press("Yes, send me offers")
    text = await offer(desk, "1-1002 Sauna")
    assert "has switched off chat messages in PerfectGym" in text
    assert "opted out of chat messages (GENERAL) in PerfectGym" in text
    assert not desk.telegram.sent


@pytest.mark.parametrize("studio_locale", ["de_DE"])
async def test_refusals_and_their_reasons_follow_the_studio_language(desk: Desk) -> None:
    await desk.chat("777").link("1-1001", "12.03.1994")  # the question stays unanswered
    text = await offer(desk, "1-1001 Sauna")
    assert "🚫 Nicht gesendet: Anna Neumann hat im Chat nicht in Angebote eingewilligt." in text
    assert "das Mitglied hat im Chat nicht in Angebote eingewilligt" in text
    assert "opted in" not in text and "member" not in text
    (audit,) = desk.store.audit_events(action="offer_not_sent")
    assert audit.detail["reason"] == "the member has not opted in to offers in the chat"
    await desk.command("customer 1-1001")
    overview = await desk.answer(count=2)
    assert "💬 *Verknüpft:* Telegram seit 26.11.2026 (Angebote: keine Einwilligung)" in overview


@pytest.mark.parametrize("studio_locale", ["de_DE"])
async def test_a_member_who_switched_chat_off_in_perfectgym_in_german(desk: Desk) -> None:
    member = desk.chat("777")
    await member.start()
    await member.say("1-1002")
    await member.say("30.07.1988")
    await member.press("Premium 12")
    await member.press("Yes, send me offers")
    text = await offer(desk, "1-1002 Sauna")
    assert "Nicht gesendet: Ben Schröder hat Chat-Nachrichten in PerfectGym abbestellt." in text
    assert "hat in PerfectGym Chat-Nachrichten (GENERAL) abbestellt" in text


async def test_unreadable_preferences_fall_back_to_the_chat_consent(desk: Desk) -> None:
    await desk.chat("777").link("1-1001", "12.03.1994", offers=True)
    desk.sandbox.faults.add("getCommunicationPreferences", status=403)
    text = await offer(desk, "1-1001 Sauna")
    assert (
        "sent to Anna Neumann" in text
        and "preferences not readable in PerfectGym (Forbidden)" in text
    )
    assert len(desk.telegram.sent) == 1


async def test_preferences_that_fail_for_now_send_nothing(desk: Desk) -> None:
    await desk.chat("777").link("1-1001", "12.03.1994", offers=True)
    desk.sandbox.faults.add("getCommunicationPreferences", status=503, times=None)
    text = await offer(desk, "1-1001 Sauna")
    assert "Not sent: something failed" in text and "try again" in text
    assert not desk.telegram.sent


async def test_no_offer_for_a_module_the_member_already_has(desk: Desk) -> None:
    await desk.chat("777").link("1-1003", "05.11.1979", offers=True)
    assert "*Sauna* cannot be booked on Clara Weber's contract" in await offer(desk, "1-1003 201")
    assert not desk.telegram.sent


async def test_no_offer_for_an_unknown_module(desk: Desk) -> None:
    await desk.chat("777").link("1-1001", "12.03.1994", offers=True)
    text = await offer(desk, "1-1001 Jacuzzi")
    assert "There is no single module “Jacuzzi” in Berlin Mitte" in text
    assert "Sauna (201)" in text


async def test_a_member_in_the_middle_of_a_booking_is_not_interrupted(desk: Desk) -> None:
    member = desk.chat("777")
    await member.link("1-1001", "12.03.1994", offers=True)
    await member.press("Discover modules")
    await member.press("Handtuch-Flat")
    assert "is in the middle of another step" in await offer(desk, "1-1001 Sauna")
    assert not desk.telegram.sent
    await member.press("Book: €4.90/month")  # the member's own step still works
    assert "Please check your booking" in member.text


async def test_a_member_who_blocked_the_bot_is_reported_unreachable(desk: Desk) -> None:
    await desk.chat("777").link("1-1001", "12.03.1994", offers=True)
    desk.telegram.result = PushResult.UNREACHABLE
    assert "cannot be reached in the chat" in await offer(desk, "1-1001 Sauna")
    assert not desk.store.funnel_counts("Berlin Mitte", desk.clock.now()).count("offer_sent")
