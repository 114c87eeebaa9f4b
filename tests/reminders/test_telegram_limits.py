"""Reminders through the real Telegram channel and its flood limiter, against the fake Bot API
enforcing Telegram's limits on a simulated clock (shared with the sandbox and the bot)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from adapters.telegram import FloodLimiter, TelegramChannel, build_application
from bot.clock import FakeClock, SimulatedClock
from bot.sandbox import Sandbox, seed_members
from bot.store import ChatLink, ReminderStatus
from testing.telegram import FakeBotApi
from tests.webhooks.harness import Stack

MEMBERS = 45


@pytest.fixture(autouse=True)
def _ptb_timedelta(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "1")


@pytest.fixture
def timer(clock: FakeClock) -> SimulatedClock:
    return SimulatedClock(clock)


@pytest.fixture
def fake(timer: SimulatedClock) -> Iterator[FakeBotApi]:
    api = FakeBotApi(now=timer.monotonic)
    with api.installed():
        yield api


@pytest.fixture
async def telegram(
    stack: Stack, fake: FakeBotApi, timer: SimulatedClock, sandbox: Sandbox
) -> AsyncIterator[TelegramChannel]:
    """The real channel as the runtime's ``telegram`` push channel; members linked to it."""
    application = build_application(
        fake.token, base_url=fake.base_url, limiter=FloodLimiter(clock=timer), polling=False
    )
    channel = TelegramChannel(application, stack.engine, stack.clock)
    stack.runtime.channels.register(channel)
    now = stack.clock.now()
    for member in seed_members(sandbox, MEMBERS):
        stack.store.save_link(
            ChatLink(
                platform="telegram",
                chat_id=str(member.id),
                studio="Berlin Mitte",
                customer_id=member.id,
                contract_id=1_000_000 + member.id,
                language="en",
                marketing_consent=True,
                linked_at=now,
                updated_at=now,
            )
        )
    async with application:
        yield channel


async def campaign(stack: Stack) -> None:
    await stack.runtime.desk.schedule_campaign(None, "Sauna", stack.clock.now(), actor="test")
    await stack.hub.plan()


async def test_a_fan_out_keeps_telegrams_limits_and_reaches_everyone_once(
    stack: Stack, telegram: TelegramChannel, fake: FakeBotApi, timer: SimulatedClock
) -> None:
    await campaign(stack)
    started = timer.monotonic()
    report = await stack.hub.send_due()
    elapsed = timer.monotonic() - started

    assert report.sent == MEMBERS
    assert fake.violations == []
    chats = {call.params["chat_id"] for call in fake.calls_to("sendMessage")}
    assert len(fake.calls_to("sendMessage")) == len(chats) == MEMBERS
    assert elapsed >= (MEMBERS - 30) / 30, "at most 30 messages in any second"
    message = fake.last(int(next(iter(chats))))
    assert "Berlin Mitte has an offer for you: Sauna." in message.text
    assert message.labels == ["Sauna: details and booking", "Discover modules"]


async def test_retry_after_is_honoured_and_nothing_is_sent_twice(
    stack: Stack, telegram: TelegramChannel, fake: FakeBotApi, timer: SimulatedClock
) -> None:
    await campaign(stack)
    fake.fail_next("sendMessage", 429, retry_after=5)
    started = timer.monotonic()
    report = await stack.hub.send_due()

    assert report.sent == MEMBERS and fake.violations == []
    assert timer.monotonic() - started >= 5
    calls = fake.calls_to("sendMessage")
    assert [call.status for call in calls].count(429) == 1
    accepted = [call.params["chat_id"] for call in calls if call.status == 200]
    assert len(accepted) == len(set(accepted)) == MEMBERS


async def test_a_member_who_blocked_the_bot_on_telegram_is_skipped_and_marked(
    stack: Stack, telegram: TelegramChannel, fake: FakeBotApi
) -> None:
    blocked = 100_000
    fake.block(blocked)
    await campaign(stack)
    report = await stack.hub.send_due()

    assert report.sent == MEMBERS - 1
    link = stack.store.get_link("telegram", str(blocked))
    assert link is not None and link.unreachable
    (row,) = stack.rows(ReminderStatus.SKIPPED)
    assert (row.chat_id, row.detail) == (str(blocked), "the member blocked the bot")
