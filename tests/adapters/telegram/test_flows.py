"""Whole member flows over Telegram: real Application, engine, SQLite and sandbox over HTTP.

Every step presses a button the fake Bot API received, as a member on a phone would.
"""

from __future__ import annotations

from datetime import timedelta

from adapters.telegram import FloodLimiter, TelegramChannel
from bot.clock import FakeClock
from bot.sandbox import Sandbox
from bot.store import Store
from conversations import Engine, StaffEvent, StaffEventKind
from testing.telegram import FakeBotApi
from tests.adapters.telegram.conftest import Member, running_channel


async def test_link_discover_and_book_the_sauna_with_trial(
    member: Member, fake: FakeBotApi, store: Store, sandbox: Sandbox, staff_events: list[StaffEvent]
) -> None:
    linked = await member.link()
    assert "now linked to your membership" in linked[-1].text
    assert "May Berlin Mitte send you offers" in linked[-1].text
    assert linked[-1].labels[-2:] == ["Yes, send me offers", "No, thanks"]
    link = store.get_link("telegram", "4242")
    assert link is not None and (link.customer_id, link.contract_id) == (1001, 5001)
    assert not link.marketing_consent, "no answer is no"

    offers = await member.press("Discover modules")
    assert "Sauna – €9.90/month" in offers[0].text
    details = await member.press("Sauna")
    assert details[0].message_id == offers[0].message_id, "a pressed menu is edited in place"
    await member.press("Book: €9.90/month")
    await member.press("Yes, start with")
    assert "Nothing is booked until you tap" in member.last.text
    booked = await member.press("Book and pay · 14 days free, then €9.90/month")

    assert booked[0].text.startswith("Receipt: booking of Sauna\n\nBooked! Sauna starts on")
    assert [c.module.id for c in sandbox.module_contracts_of(5001)] == [201]
    assert [e.kind for e in staff_events].count(StaffEventKind.PURCHASE) == 1
    assert fake.violations == []
    assert all("parse_mode" not in call.params for call in fake.calls), "plain text only"


async def test_cancel_a_booked_module(member: Member, fake: FakeBotApi, sandbox: Sandbox) -> None:
    await member.link("1-1003", "05.11.1979")  # sauna booked, cancelations need verification
    await member.press("My modules")
    await member.press("Sauna")
    dates = await member.press("Cancel this module")
    earliest = dates[0].labels[0]
    assert earliest.startswith("Next possible date: ")
    confirm = await member.press(earliest)
    assert confirm[0].labels == ["Cancel now", "Add a reason (optional)", "No, keep it"]
    done = await member.press("Cancel now")

    edited, receipt, follow_up = done
    assert edited.message_id == confirm[0].message_id and edited.labels == []
    assert receipt.message_id > edited.message_id, "the receipt is a message of its own"
    assert receipt.text.startswith("Receipt: cancellation of Sauna")
    assert "The studio still has to confirm it" in receipt.text
    assert receipt.labels == [] and "Keep Sauna after all" in follow_up.labels
    (contract,) = [c for c in sandbox.module_contracts.values() if c.customer_id == 1003]
    assert contract.cancelation is not None and contract.cancelation.reason == "Sonstiges"
    await member.press("My modules")  # a later tap never edits the receipt away
    (kept,) = [m for m in fake.bot_messages(4242) if m.message_id == receipt.message_id]
    assert kept.text == receipt.text
    assert fake.violations == []


async def test_cancelling_takes_fewer_taps_than_booking(
    member: Member, fake: FakeBotApi, channel: TelegramChannel, sandbox: Sandbox
) -> None:
    await member.link()
    booking = ["Discover modules", "Sauna", "Book: €9.90/month", "No, book without", "Book and pay"]
    for label in booking:
        await member.press(label)
    assert any(m.text.startswith("Receipt: booking of Sauna") for m in fake.bot_messages(4242))
    clara = Member(channel, fake, 4343)
    await clara.link("1-1003", "05.11.1979")
    await clara.send("/cancel")
    cancelling = ["Next possible date", "Cancel now"]
    for label in cancelling:
        await clara.press(label)
    assert any(m.text.startswith("Receipt: cancellation of Sauna") for m in fake.bot_messages(4343))
    assert len(cancelling) < len(booking)
    assert fake.violations == []


async def test_free_text_cancels_a_module_in_german(
    member: Member, fake: FakeBotApi, sandbox: Sandbox
) -> None:
    await member.deliver(fake.message(4242, "/start", language_code="de"))
    await member.deliver(fake.message(4242, "1-1003", language_code="de"))
    await member.deliver(fake.message(4242, "05.11.1979", language_code="de"))
    shown = await member.deliver(fake.message(4242, "Sauna kündigen", language_code="de"))
    assert "Zu welchem Datum möchtest du Sauna kündigen?" in shown[0].text
    await member.deliver(fake.press(4242, "Nächstmöglicher Termin", language_code="de"))
    done = await member.deliver(fake.press(4242, "Jetzt kündigen", language_code="de"))
    assert any(m.text.startswith("Bestätigung: Kündigung von Sauna") for m in done)
    (contract,) = [c for c in sandbox.module_contracts.values() if c.customer_id == 1003]
    assert contract.cancelation is not None
    assert fake.violations == []


async def test_withdraw_a_pending_cancelation(
    member: Member, fake: FakeBotApi, sandbox: Sandbox
) -> None:
    await member.link("1-1004", "20.01.1985")
    await member.press("My modules")
    await member.press("Handtuch-Flat")
    await member.press("Keep Handtuch-Flat after all")
    done = await member.press("Yes, keep Handtuch-Flat")

    assert "Handtuch-Flat continues as before" in done[0].text
    assert sandbox.module_contracts[9002].cancelation is None
    assert fake.violations == []


async def test_commands_help_modules_mine_settings_stop_forget(
    member: Member, fake: FakeBotApi, store: Store
) -> None:
    await member.link()
    assert "Discover modules" in (await member.send("/help"))[0].labels
    assert "You can add these modules" in (await member.send("/modules"))[0].text
    assert "no modules" in (await member.send("/mine"))[0].text.lower()
    assert "Language: English" in (await member.send("/settings"))[0].text

    assert "/cancel (cancel a module)" in (await member.send("/help"))[0].text
    await member.send("/settings")  # typing cleared the linking question's buttons
    await member.press("Yes, send me offers")
    link = store.get_link("telegram", "4242")
    assert link is not None and link.marketing_consent
    await member.send("/stop")
    link = store.get_link("telegram", "4242")
    assert link is not None and not link.marketing_consent
    await member.send("/settings")
    await member.press("Yes, send me offers")
    await member.send("Stopp")
    link = store.get_link("telegram", "4242")
    assert link is not None and not link.marketing_consent

    await member.send("/forget")
    await member.press(member.last.labels[0])  # "Yes, forget me"
    assert store.get_link("telegram", "4242") is None
    assert fake.violations == []


async def test_deep_link_start_code_links_the_chat(
    member: Member, store: Store, clock: FakeClock
) -> None:
    code = store.create_link_code("Berlin Mitte", 1001, "staff", timedelta(hours=1), clock.now())
    shown = await member.send(f"/start {code}")
    assert "Your studio Berlin Mitte linked this chat to your membership" in shown[-1].text
    link = store.get_link("telegram", "4242")
    assert link is not None and link.customer_id == 1001


async def test_telegram_language_code_is_the_language_hint(
    member: Member, fake: FakeBotApi
) -> None:
    german = await member.deliver(fake.message(4242, "/start", language_code="de"))
    english = await member.deliver(fake.message(4242, "/start", language_code="en"))
    assert german[0].text != english[0].text
    assert "Mitgliedschaft" in german[0].text


async def test_a_sticker_gets_help_not_silence(member: Member, fake: FakeBotApi) -> None:
    shown = await member.deliver(fake.sticker(4242))
    assert shown and shown[0].labels


async def test_an_update_handled_before_a_restart_is_not_handled_again(
    member: Member,
    fake: FakeBotApi,
    engine: Engine,
    store: Store,
    clock: FakeClock,
    limiter: FloodLimiter,
) -> None:
    update = fake.message(4242, "/start")
    assert len(await member.deliver(update)) == 1
    async with running_channel(fake, engine, store, clock, limiter) as restarted:
        again = Member(restarted, fake, 4242)
        assert await again.deliver(update) == []
