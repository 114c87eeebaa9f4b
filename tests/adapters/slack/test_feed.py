"""The studio channel's feed: one message per event, in order, through 429s, with a lookup."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import pytest

from conversations import StaffEvent, StaffEventKind
from conversations.staff import StaffNotice
from testing.slack import Call, answer_text
from tests.adapters.slack.conftest import STAFF_CHANNEL, Desk


def lookup_value(call: Call) -> str:
    (button,) = [
        element
        for block in call.args["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
    ]
    assert button["text"]["text"] == "Look up customer"
    return str(button["value"])


async def book_sauna(desk: Desk) -> None:
    chat = desk.chat()
    await chat.link("1-1001", "12.03.1994")
    await chat.press("Discover modules")
    await chat.press("Sauna")
    await chat.press("Book")
    await chat.press("without trial")
    await chat.press("Book and pay")
    assert "Booked!" in chat.text


async def cancel_sauna(desk: Desk, number: str, born: str, chat_id: str = "4242") -> None:
    chat = desk.chat(chat_id)
    await chat.link(number, born)
    await chat.press("My modules")
    await chat.press("Sauna")
    await chat.press("Cancel this module")
    await chat.send(button=chat.last[0].buttons[0][0].token)  # earliest date
    await chat.press("Add a reason")
    await chat.press("Umzug")
    await chat.press("Cancel now")


async def test_a_purchase_in_the_chat_reaches_the_channel(desk: Desk) -> None:
    await book_sauna(desk)
    posts = await desk.slack.wait_for("chat.postMessage", 2)
    linked, purchase = posts
    assert linked.args["channel"] == STAFF_CHANNEL and "Chat linked" in linked.text()
    assert purchase.args["channel"] == STAFF_CHANNEL
    text = purchase.text()
    assert "🛒 Purchase: Sauna" in text and "Customer 1-1001 booked *Sauna*" in text
    assert "Adds €9.90 per month" in text and "Berlin Mitte" in text
    assert json.loads(lookup_value(purchase)) == {"studio": "Berlin Mitte", "customer_id": 1001}


async def test_a_cancelation_waiting_for_staff_says_so(desk: Desk) -> None:
    await cancel_sauna(desk, "1-1003", "05.11.1979")
    _, cancelation = await desk.slack.wait_for("chat.postMessage", 2)
    text = cancelation.text()
    assert "⚠️ Staff decision needed: cancellation of Sauna" in text
    assert "Staff decision needed in PerfectGym:* confirm or reject" in text
    assert "PENDING_VERIFICATION" in text and "Reason: Umzug" in text


@pytest.mark.parametrize("studio_names", [["Hamburg Altona"]])
async def test_a_direct_cancelation_is_plain_news(desk: Desk) -> None:
    await cancel_sauna(desk, "2-2002", "01.12.1975")
    _, cancelation = await desk.slack.wait_for("chat.postMessage", 2)
    text = cancelation.text()
    assert "✂️ Cancellation: Sauna" in text and "status CANCELED" in text
    assert "decision" not in text


async def test_a_withdrawal_reaches_the_channel(desk: Desk) -> None:
    chat = desk.chat()
    await chat.link("1-1004", "20.01.1985")
    await chat.press("My modules")
    await chat.press("Handtuch-Flat")
    await chat.press("Keep")
    await chat.press("Keep")
    _, withdrawal = await desk.slack.wait_for("chat.postMessage", 2)
    assert "↩️ Cancellation withdrawn: Handtuch-Flat" in withdrawal.text()
    assert "Customer 1-1004 keeps *Handtuch-Flat*" in withdrawal.text()


async def test_an_unclear_purchase_asks_for_a_human(desk: Desk) -> None:
    event = StaffEvent(
        kind=StaffEventKind.NEEDS_HUMAN,
        studio="Berlin Mitte",
        at=datetime(2026, 11, 26, 10, 0, tzinfo=UTC),
        customer_id=1001,
        customer_number="1-1001",
        module_name="Sauna",
        detail={"problem": "unclear_purchase", "operation_id": 7},
    )
    await desk.runtime.services.events.publish(event)
    (post,) = await desk.slack.wait_for("chat.postMessage")
    text = post.text()
    assert "🚨 Unclear purchase outcome" in text and "will not book it twice" in text
    assert "26 Nov 2026, 11:00" in text  # the studio's time zone
    assert lookup_value(post)


async def test_other_components_post_notices_through_the_desk(desk: Desk) -> None:
    notice = StaffNotice(
        studio="Berlin Mitte",
        title="Module contract changed in PerfectGym",
        text="Sauna of 1-1003 was canceled at the front desk <by Maria>.",
        customer_id=1003,
        needs_action=True,
    )
    assert await desk.runtime.desk.post_notice(notice) == 1
    (post,) = await desk.slack.wait_for("chat.postMessage")
    assert "⚠️ Module contract changed in PerfectGym" in post.text()
    assert "&lt;by Maria&gt;" in post.text()
    assert json.loads(lookup_value(post))["customer_id"] == 1003


async def test_rate_limited_feed_waits_and_keeps_the_order(desk: Desk) -> None:
    desk.slack.rate_limit("chat.postMessage", retry_after=3, times=2)
    for title in ("first", "second", "third"):
        await desk.runtime.desk.post_notice(StaffNotice("Berlin Mitte", title, "news"))
    posts = await desk.slack.wait_for("chat.postMessage", 5)
    delivered = [p.args["text"] for p in posts]
    assert delivered == [f"📝 {t} (Berlin Mitte)" for t in ("first",) * 3 + ("second", "third")]
    assert desk.sleeps == [3.0, 3.0]


async def test_stop_sends_what_is_queued(desk: Desk) -> None:
    for n in range(5):
        await desk.runtime.desk.post_notice(StaffNotice("Berlin Mitte", f"notice {n}", "-"))
    await desk.component.stop()
    assert len(desk.slack.to("chat.postMessage")) == 5
    await desk.runtime.desk.post_notice(StaffNotice("Berlin Mitte", "too late", "-"))
    assert len(desk.slack.to("chat.postMessage")) == 5


@pytest.mark.parametrize("studio_names", [["Berlin Mitte", "Hamburg Altona"]])
async def test_each_studio_has_its_own_channel(desk: Desk) -> None:
    await desk.runtime.desk.post_notice(StaffNotice("Hamburg Altona", "moin", "-"))
    await desk.runtime.desk.post_notice(StaffNotice("Berlin Mitte", "hallo", "-"))
    hamburg, berlin = await desk.slack.wait_for("chat.postMessage", 2)
    assert (hamburg.args["channel"], berlin.args["channel"]) == ("C0HAMBURG", "C0BERLIN")


async def test_look_up_customer_button_answers_only_the_clicker(desk: Desk) -> None:
    await book_sauna(desk)
    _, purchase = await desk.slack.wait_for("chat.postMessage", 2)
    response = await desk.click(lookup_value(purchase))
    assert response.status_code == 200
    (body,) = await desk.slack.wait_for_response("click")
    assert body["response_type"] == "ephemeral" and body["replace_original"] is False
    text = answer_text(body)
    assert "Anna Neumann (1-1001)" in text and "Sauna · active · €9.90/month" in text
    assert desk.store.audit_events(action="customer_viewed")


@pytest.mark.parametrize("slack_extra", [{"slack_allowed_users": ["U0STAFF"]}])
async def test_look_up_customer_button_checks_access(desk: Desk) -> None:
    value = json.dumps({"studio": "Berlin Mitte", "customer_id": 1001})
    await desk.click(value, user="U0VISITOR")
    (body,) = await desk.slack.wait_for_response("click")
    assert "only open to the studio team" in answer_text(body)
    assert not desk.store.audit_events(action="customer_viewed")


async def test_a_change_reported_by_perfectgym_is_posted(desk: Desk) -> None:
    event = StaffEvent(
        kind=StaffEventKind.CONTRACT_CHANGED,
        studio="Berlin Mitte",
        at=datetime(2026, 11, 26, 10, 0, tzinfo=UTC),
        customer_id=1004,
        customer_number="1-1004",
        module_name="Handtuch-Flat",
        status="CANCELED",
        detail={"webhook": "CONTRACT_UPDATED"},
    )
    await desk.runtime.services.events.publish(event)
    (post,) = await desk.slack.wait_for("chat.postMessage")
    text = post.text()
    assert "📝 Change from PerfectGym" in text
    assert "Customer 1-1004: Handtuch-Flat CANCELED" in text and "webhook: CONTRACT_UPDATED" in text


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


async def test_a_purchase_shows_trial_payment_option_and_the_whole_schedule(desk: Desk) -> None:
    anna = desk.chat("anna")
    await anna.link("1-1001", "12.03.1994")
    await anna.book("Sauna", trial=True)
    await anna.book("Getränke-Flat")
    await anna.book("Solarium")
    posts = await desk.slack.wait_for("chat.postMessage", 4)
    sauna, drinks, solarium = (p.text() for p in posts[1:])
    assert "Payment option: monthly" in sauna
    assert "Price: free trial until 10 Dec 2026, then €9.90/month" in sauna
    assert "Adds €9.90 per month from 11 Dec 2026, its first paid day." in sauna
    assert "Price: €19.90/month until 26 Feb 2027, then €24.90/month" in drinks
    assert "Without a trial." in drinks and "Adds €19.90 per month." in drinks
    assert "€12.00/month from 1 Oct to 31 Mar, €8.00/month from 1 Apr to 30 Sept" in solarium


async def test_a_yearly_payment_option_is_named(desk: Desk) -> None:
    clara = desk.chat("clara")
    await clara.link("1-1003", "05.11.1979")
    await clara.press("Discover modules")
    await clara.press("Handtuch-Flat")
    await clara.press("every 12 months")
    await clara.send(button=clara.last[-1].buttons[0][0].token)
    _, purchase = await desk.slack.wait_for("chat.postMessage", 2)
    text = purchase.text()
    assert "Payment option: every 12 months" in text and "Price: €49.00 every 12 months" in text
    assert "Adds €4.08 per month." in text


@pytest.mark.parametrize("studio_locale", ["de_DE"])
async def test_the_feed_speaks_german_without_iso_dates(desk: Desk) -> None:
    await book_sauna(desk)
    await cancel_sauna(desk, "1-1003", "05.11.1979", chat_id="clara")
    change = StaffEvent(
        kind=StaffEventKind.CONTRACT_CHANGED,
        studio="Berlin Mitte",
        at=datetime(2026, 11, 26, 10, 0, tzinfo=UTC),
        customer_id=1004,
        customer_number="1-1004",
        module_name="Handtuch-Flat",
        status="cancelation confirmed by the studio",
        detail={"change": "cancel_confirmed", "date": "2026-12-31"},
    )
    await desk.runtime.services.events.publish(change)
    posts = await desk.slack.wait_for("chat.postMessage", 5)
    texts = [p.text() for p in posts]
    linked, purchase, _, cancelation, changed = texts
    assert "🔗 Chat verknüpft" in linked and "per Kundennummer und Geburtsdatum" in linked
    assert "🛒 Buchung: Sauna" in purchase and "Mitglied 1-1001 hat *Sauna* im Chat gebucht." in (
        purchase
    )
    assert "Zahlweise: monatlich" in purchase and "Preis: 9,90\u00a0€/Monat" in purchase
    assert "Bringt 9,90\u00a0€ pro Monat." in purchase
    assert "⚠️ Entscheidung nötig: Kündigung von Sauna" in cancelation
    assert "Endet am 31.12.2026." in cancelation and "Grund: Umzug." in cancelation
    assert "Mitglied 1-1004: Kündigung von Handtuch-Flat vom Studio bestätigt (31.12.2026)" in (
        changed
    )
    assert "Berlin Mitte · 26.11.2026, 11:00" in changed
    for text in texts:
        assert not ISO_DATE.search(text), text
        assert "Mitglied anzeigen" in text and "Look up customer" not in text
        assert "Customer" not in text and "Purchase" not in text


async def test_an_unknown_change_still_shows_its_dates_localised(desk: Desk) -> None:
    event = StaffEvent(
        kind=StaffEventKind.CONTRACT_CHANGED,
        studio="Berlin Mitte",
        at=datetime(2026, 11, 26, 10, 0, tzinfo=UTC),
        customer_number="1-1004",
        module_name="Handtuch-Flat",
        status="moved",
        detail={"ends on": "2026-12-31"},
    )
    await desk.runtime.services.events.publish(event)
    (post,) = await desk.slack.wait_for("chat.postMessage")
    assert "ends on: 31 Dec 2026" in post.text() and not ISO_DATE.search(post.text())


async def test_a_chat_erased_by_perfectgym_is_told_in_the_studio_language(desk: Desk) -> None:
    notice = StaffNotice(
        studio="Berlin Mitte",
        title="Member chat erased",
        text="PerfectGym reported that customer id 1001 was deleted",
        key="feed_erased_deleted",
        values={"id": 1001, "event": "CUSTOMER_DELETED", "chats": 1},
    )
    await desk.runtime.desk.post_notice(notice)
    (post,) = await desk.slack.wait_for("chat.postMessage")
    assert "📝 Member chat erased" in post.text()
    assert "customer id 1001 was deleted (CUSTOMER_DELETED); the bot erased the linked " in (
        post.text()
    )
