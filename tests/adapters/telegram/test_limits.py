"""Telegram's limits, through the whole path: 4096 characters, 64-byte buttons, 30/s overall,
1/s per chat, retry_after, blocked members, network errors, forged and replayed buttons."""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Any

import pytest
from telegram import Update

from adapters.telegram import FloodLimiter, TelegramChannel, build_application
from bot.clock import FakeClock
from bot.sandbox import Sandbox
from bot.store import Store
from conversations import Button, Engine, Outgoing
from conversations.ports import PushResult
from testing.telegram import FakeBotApi
from tests.adapters.telegram.conftest import Member


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


async def test_a_5000_character_reply_is_split_with_buttons_on_the_last_part(
    member: Member, fake: FakeBotApi, sandbox: Sandbox
) -> None:
    studio = next(s for s in sandbox.studios.values() if s.name == "Berlin Mitte")
    words = [f"Saunawelt{i:04d}" for i in range(400)]
    description = "\n".join(" ".join(words[i : i + 8]) for i in range(0, 400, 8))
    assert len(description) > 5000
    studio.modules[201] = dataclasses.replace(studio.modules[201], description=description)
    await member.link()
    offers = await member.press("Discover modules")

    shown = await member.press("Sauna")

    assert len(shown) == 2
    assert all(utf16(m.text) <= 4096 for m in shown)
    assert shown[0].message_id == offers[0].message_id, "the pressed message is edited"
    assert shown[0].labels == [], "its old buttons are gone"
    assert shown[1].labels[0] == "Book: €9.90/month"
    joined = " ".join(m.text for m in shown)
    assert all(word in joined for word in words)
    assert fake.violations == []


async def test_flood_control_retry_after_is_honoured_and_the_message_arrives_once(
    member: Member, fake: FakeBotApi
) -> None:
    fake.fail_next("sendMessage", 429, retry_after=7)
    shown = await member.send("/start")

    assert len(shown) == 1
    refused, accepted = fake.calls_to("sendMessage")
    assert (refused.status, accepted.status) == (429, 200)
    assert accepted.at - refused.at >= 7
    assert fake.violations == []


async def test_a_member_who_blocked_the_bot_is_marked_unreachable_until_they_write_again(
    member: Member, fake: FakeBotApi, store: Store
) -> None:
    await member.link()
    fake.block(4242)
    assert await member.send("/help") == []
    link = store.get_link("telegram", "4242")
    assert link is not None and link.unreachable

    fake.unblock(4242)
    assert await member.send("/help")
    link = store.get_link("telegram", "4242")
    assert link is not None and not link.unreachable


async def test_blocking_and_unblocking_the_bot_updates_reachability(
    member: Member, fake: FakeBotApi, store: Store
) -> None:
    await member.link()
    await member.deliver(fake.member_status(4242, "kicked"))
    assert store.get_link("telegram", "4242").unreachable  # type: ignore[union-attr]
    await member.deliver(fake.member_status(4242, "member"))
    assert not store.get_link("telegram", "4242").unreachable  # type: ignore[union-attr]


async def test_a_forged_button_is_answered_and_refused(
    member: Member, fake: FakeBotApi, store: Store
) -> None:
    await member.link()
    before = store.load_conversation("telegram", "4242")
    shown = await member.deliver(fake.callback(4242, member.last.message_id, "forged-token-123"))

    methods = [call.method for call in fake.calls]
    answered = len(methods) - 1 - methods[::-1].index("answerCallbackQuery")
    assert fake.calls[answered].status == 200
    assert "sendMessage" in methods[answered:], "answered first, the refusal after"
    assert shown[-1].text.startswith("I don't know that button")
    assert store.load_conversation("telegram", "4242") == before


async def test_a_replayed_button_is_answered_and_refused(
    member: Member, fake: FakeBotApi, clock: FakeClock
) -> None:
    await member.link()
    press = fake.press(4242, "Discover modules")
    await member.deliver(press)
    clock.advance(minutes=1)  # long after the tap: a replay, not a double tap
    again = fake.callback(
        4242, press["callback_query"]["message"]["message_id"], press["callback_query"]["data"]
    )
    shown = await member.deliver(again)
    assert shown[-1].text.startswith("You've already tapped that button")


async def test_a_button_on_a_message_telegram_will_not_edit_gets_a_new_message(
    member: Member, fake: FakeBotApi
) -> None:
    await member.link()
    token = fake.last(4242).buttons[0][0][1]  # "Discover modules"
    shown = await member.deliver(fake.callback(4242, 999, token))  # unknown to Telegram
    assert len(shown) == 1 and shown[0].edits == 0
    assert "You can add these modules" in shown[0].text


async def test_a_connection_error_is_retried_and_the_message_sent_once(
    member: Member, fake: FakeBotApi
) -> None:
    fake.disconnect_next("sendMessage", delivered=False)
    shown = await member.send("/start")
    assert len(shown) == 1
    assert len(fake.calls_to("sendMessage")) == 1  # the first try never arrived


async def test_a_lost_answer_is_not_retried_so_nothing_is_sent_twice(
    bare_channel: TelegramChannel, fake: FakeBotApi
) -> None:
    fake.disconnect_next("sendMessage", delivered=True)
    result = await bare_channel.push("4242", [Outgoing("Your sauna trial ends on Friday.")])
    assert result is PushResult.UNKNOWN  # may have arrived: never resent
    assert fake.texts(4242) == ["Your sauna trial ends on Friday."]


async def test_push_to_a_blocked_member_reports_unreachable(
    member: Member, channel: TelegramChannel, fake: FakeBotApi, store: Store
) -> None:
    await member.link()
    fake.block(4242)
    result = await channel.push("4242", [Outgoing("Your sauna trial ends on Friday.")])
    assert result is PushResult.UNREACHABLE
    assert store.get_link("telegram", "4242").unreachable  # type: ignore[union-attr]


async def test_push_that_telegram_refuses_reports_failed(
    bare_channel: TelegramChannel, fake: FakeBotApi
) -> None:
    fake.fail_next("sendMessage", 400)
    assert await bare_channel.push("4242", [Outgoing("hello")]) is PushResult.FAILED
    fake.fail_next("sendMessage", 429, retry_after=1, times=10)
    assert await bare_channel.push("4242", [Outgoing("hello")]) is PushResult.FAILED


async def test_pushes_to_100_members_keep_30_per_second_and_1_per_chat(
    bare_channel: TelegramChannel, fake: FakeBotApi, clock: FakeClock
) -> None:
    start = clock.now()
    messages = [Outgoing("First."), Outgoing("Second.", ((Button("OK", "t" * 22),),))]
    results = await asyncio.gather(
        *(bare_channel.push(str(chat), messages) for chat in range(1000, 1100))
    )
    assert set(results) == {PushResult.SENT}
    assert all(fake.texts(chat) == ["First.", "Second."] for chat in range(1000, 1100))
    assert fake.violations == []
    assert (clock.now() - start).total_seconds() >= 199 / 30


@pytest.mark.parametrize(
    ("chats", "per_chat", "violation"),
    [(40, 1, "more than 30 messages in a second"), (1, 2, "s after the previous message")],
)
async def test_the_fake_catches_a_bot_that_ignores_the_limits(
    bare_engine: Engine,
    store: Store,
    clock: FakeClock,
    fake: FakeBotApi,
    chats: int,
    per_chat: int,
    violation: str,
) -> None:
    """Negative control: without pacing, Telegram (and so the fake) answers 429."""
    reckless = FloodLimiter(overall_per_second=10_000, chat_interval=0, max_retries=0)
    application = build_application(
        fake.token, base_url=fake.base_url, limiter=reckless, polling=False
    )
    channel = TelegramChannel(application, bare_engine, clock)
    messages = [Outgoing(f"message {n}") for n in range(per_chat)]
    async with application:
        results = await asyncio.gather(*(channel.push(str(c), messages) for c in range(chats)))
    assert PushResult.FAILED in results
    assert any(violation in v for v in fake.violations), fake.violations


@pytest.mark.parametrize(
    ("text", "violation"),
    [("", "empty text"), ("x" * 4097, "4097 characters"), ("😀" * 2049, "4098 characters")],
)
async def test_the_fake_refuses_texts_telegram_refuses(
    bare_channel: TelegramChannel, fake: FakeBotApi, text: str, violation: str
) -> None:
    from telegram.error import BadRequest

    with pytest.raises(BadRequest):
        await bare_channel.application.bot.send_message(chat_id=5, text=text)
    assert any(violation in v for v in fake.violations)


class StuckEngine:
    """An engine whose turns wait until released, to pile updates up in one chat."""

    def __init__(self, services: Any) -> None:
        self.services = services
        self.release = asyncio.Event()
        self.turns = 0

    async def handle(self, incoming: object, *, deliver: Any = None) -> list[Outgoing]:
        self.turns += 1
        await self.release.wait()
        replies = [Outgoing("ok")]
        if deliver is not None:
            await deliver(replies)
        return replies


async def test_one_flooding_chat_cannot_take_every_concurrent_slot(
    fake: FakeBotApi, bare_engine: Engine, clock: FakeClock, limiter: FloodLimiter
) -> None:
    engine = StuckEngine(bare_engine.services)
    application = build_application(
        fake.token, base_url=fake.base_url, limiter=limiter, polling=False
    )
    TelegramChannel(application, engine, clock)  # type: ignore[arg-type]  # adds its handler
    async with application:
        updates = [Update.de_json(fake.message(7, f"spam {n}"), application.bot) for n in range(30)]
        flood = [asyncio.create_task(application.process_update(u)) for u in updates]
        for _ in range(20):
            await asyncio.sleep(0)
        engine.release.set()
        await asyncio.gather(*flood)
    assert engine.turns == 20
    sent = [m.text for m in fake.bot_messages(7)]
    slow_down = [t for t in sent if t.startswith("A little slower, please")]
    assert len(slow_down) == 1  # the ten refused: one polite line, not silence, not ten
    assert sent.count("ok") == 20
    assert fake.violations == []
