"""Receipts that last, keyboards that do not linger, double taps that stay quiet: over Telegram.

The real PTB Application, engine, SQLite and sandbox over HTTP; what the member sees is what
the fake Bot API holds, and every call it received can be checked.
"""

from __future__ import annotations

import asyncio

from telegram import Update

from bot.sandbox import Sandbox
from testing.telegram import ChatMessage, FakeBotApi
from tests.adapters.telegram.conftest import Member


async def book_the_sauna(member: Member) -> tuple[ChatMessage, ChatMessage]:
    """Link and book the sauna without trial; (the summary message, the receipt message)."""
    await member.link()
    await member.press("Discover modules")
    await member.press("Sauna")
    await member.press("Book: €9.90/month")
    await member.press("No, book without trial")
    summary = member.last
    shown = await member.press("Book and pay · €9.90/month")
    return summary, shown[0]


def calls_on(fake: FakeBotApi, method: str, message_id: int) -> int:
    return sum(1 for c in fake.calls_to(method) if int(c.params["message_id"]) == message_id)


async def test_the_receipt_is_a_new_message_that_later_taps_never_edit(
    member: Member, fake: FakeBotApi, sandbox: Sandbox
) -> None:
    summary, receipt = await book_the_sauna(member)
    assert receipt.message_id > summary.message_id and receipt.buttons == []
    assert receipt.text.startswith("Receipt: booking of Sauna\n\nBooked! Sauna starts on")
    assert "Module contract no.: " in receipt.text and "was received on" in receipt.text
    assert "Please check your booking" in summary.text, "the summary stays as it was"
    assert summary.buttons == [], "its order button is gone"
    assert member.last.text == "What would you like to do next?"

    kept = receipt.text
    await member.press("Discover modules")
    await member.press("Solarium")
    await member.press("Other modules")
    await member.send("/mine")
    await member.press("Sauna")

    after = next(m for m in fake.bot_messages(4242) if m.message_id == receipt.message_id)
    assert (after.text, after.edits, after.markup_edits) == (kept, 0, 0)
    assert calls_on(fake, "editMessageText", receipt.message_id) == 0
    assert calls_on(fake, "editMessageReplyMarkup", receipt.message_id) == 0
    assert len(sandbox.module_contracts_of(5001)) == 1
    assert fake.violations == []


async def test_typing_an_answer_clears_the_keyboard_it_answered(
    member: Member, fake: FakeBotApi
) -> None:
    await member.send("/start")
    asked = member.last
    assert asked.labels, "the question for the customer number has a Stop button"
    await member.send("1-1001")  # answered by typing
    assert (
        next(m for m in fake.bot_messages(4242) if m.message_id == asked.message_id).buttons == []
    )
    linked = (await member.send("12.03.1994"))[-1]
    assert linked.labels, "the menu after linking has buttons"
    before = len(fake.calls_to("editMessageReplyMarkup"))
    shown = await member.send("/modules")
    assert shown[0].labels and shown[0].message_id != linked.message_id
    menu = next(m for m in fake.bot_messages(4242) if m.message_id == linked.message_id)
    assert menu.buttons == [] and menu.text == linked.text
    assert len(fake.calls_to("editMessageReplyMarkup")) == before + 1, "one call per answer"
    assert fake.violations == []


async def test_typing_while_buttons_are_awaited_keeps_them(
    member: Member, fake: FakeBotApi
) -> None:
    await member.link()
    await member.press("Discover modules")
    await member.press("Sauna")
    question = member.last
    before = len(fake.calls_to("editMessageReplyMarkup"))
    hint = await member.send("hm, not sure")
    assert "Please tap one of the buttons above" in hint[0].text
    still = next(m for m in fake.bot_messages(4242) if m.message_id == question.message_id)
    assert still.labels == question.labels
    assert len(fake.calls_to("editMessageReplyMarkup")) == before


async def test_a_plain_button_dialog_needs_no_extra_calls(member: Member, fake: FakeBotApi) -> None:
    await member.link()
    before = len(fake.calls_to("editMessageReplyMarkup"))
    await member.press("Discover modules")
    await member.press("Sauna")
    await member.press("Other modules")
    assert len(fake.calls_to("editMessageReplyMarkup")) == before


async def test_a_double_tap_on_the_order_button_books_once_and_stays_quiet(
    member: Member, fake: FakeBotApi, sandbox: Sandbox
) -> None:
    await member.link()
    await member.press("Discover modules")
    await member.press("Sauna")
    await member.press("Book: €9.90/month")
    await member.press("No, book without trial")
    first = fake.press(4242, "Book and pay")
    query = first["callback_query"]
    second = fake.callback(4242, query["message"]["message_id"], query["data"])
    app = member.channel.application
    await asyncio.gather(
        app.process_update(Update.de_json(first, app.bot)),
        app.process_update(Update.de_json(second, app.bot)),
    )
    texts = fake.texts(4242)
    assert sum(t.startswith("Receipt: booking of Sauna") for t in texts) == 1
    assert not any("already pressed" in t for t in texts)
    assert len(sandbox.module_contracts_of(5001)) == 1
    assert fake.unanswered_callbacks() == []
    assert fake.violations == []


async def test_a_double_tap_just_after_its_turn_stays_quiet(
    member: Member, fake: FakeBotApi
) -> None:
    await member.link()
    press = fake.press(4242, "Discover modules")
    await member.deliver(press)
    query = press["callback_query"]
    again = fake.callback(4242, query["message"]["message_id"], query["data"])
    assert await member.deliver(again) == []
    assert not any("already pressed" in t for t in fake.texts(4242))
