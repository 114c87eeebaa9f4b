"""The clock jumps around the expiries: a confirmation (30 minutes), a button (7 days), a
staff link code (24 hours), the double-tap window (30 seconds), and the clock going back.

Through PTB's real Application with the engine and the sandbox in-process, on the shared
``FakeClock`` (the sandbox moves with it). Expected: an expired confirmation books nothing
and says so; one just short of its expiry works; a clock set back never makes anything
happen twice.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.adapters.telegram.conftest import Member
from tests.faults.conftest import Telegram
from tests.faults.facts import chat_ledger, said
from tests.faults.matrix import Observation

AREA = "Clock jumps"
CHAT = 4242


async def at_confirmation(member: Member) -> None:
    await member.link()
    for label in ("Discover modules", "Sauna", "Book", "No, book without trial"):
        await member.press(label)


CONFIRMATION = [
    pytest.param(
        -timedelta(seconds=1),
        True,
        marks=pytest.mark.fault(
            AREA,
            "'Book and pay' pressed 1 second before the confirmation's 30 minutes are up",
            "member: 'Booked!'; PerfectGym: one purchase",
        ),
        id="just-before",
    ),
    pytest.param(
        timedelta(0),
        False,
        marks=pytest.mark.fault(
            AREA,
            "'Book and pay' pressed exactly when the confirmation's 30 minutes are up",
            "member: 'this confirmation has expired, prices may have changed, nothing was "
            "booked'; PerfectGym: nothing",
        ),
        id="at-expiry",
    ),
    pytest.param(
        timedelta(days=3),
        False,
        marks=pytest.mark.fault(
            AREA,
            "'Book and pay' pressed 3 days later (the clock jumped, or the member came back)",
            "member: the confirmation has expired, nothing booked; PerfectGym: nothing",
        ),
        id="days-later",
    ),
    pytest.param(
        -timedelta(hours=2),
        True,
        marks=pytest.mark.fault(
            AREA,
            "the clock is set back 2 hours between the summary and 'Book and pay'",
            "member: 'Booked!' once; PerfectGym: one purchase; nothing happens twice",
        ),
        id="clock-set-back",
    ),
]


@pytest.mark.parametrize(("jump", "books"), CONFIRMATION)
async def test_the_confirmation_and_a_clock_jump(
    telegram: Telegram, observe: Observation, jump: timedelta, books: bool
) -> None:
    """``jump`` is from the confirmation's expiry (30 minutes after it was shown), except
    for the clock set back, which is from now."""
    member = telegram.member(CHAT)
    await at_confirmation(member)
    conversation = telegram.store.load_conversation("telegram", str(CHAT))
    assert conversation is not None and conversation.expires_at is not None
    if jump < -timedelta(seconds=1):
        telegram.clock.advance(jump)
    else:
        telegram.clock.set(conversation.expires_at + jump)
    shown = await member.press("Book and pay")
    observe.member(said(shown, buttons=()))
    observe.store(chat_ledger(telegram.store, "telegram", str(CHAT)))
    observe.perfectgym(f"{telegram.module_contracts(5001)} purchase(s)")
    texts = " ".join(m.text for m in shown)
    assert telegram.module_contracts(5001) == (1 if books else 0)
    assert ("Booked!" in texts) is books, texts
    if not books:
        assert "This confirmation has expired" in texts and "Nothing was booked" in texts


@pytest.mark.fault(
    AREA,
    "a menu button pressed 7 days and 1 second after it was sent (its token expired)",
    "member: 'that button has expired' with the menu; nothing else happens",
)
async def test_a_button_past_its_seven_days(telegram: Telegram, observe: Observation) -> None:
    member = telegram.member(CHAT)
    await member.link()
    telegram.clock.advance(days=7, seconds=1)
    shown = await member.press("Discover modules")
    observe.member(said(shown, buttons=()))
    assert len(shown) == 1 and shown[0].text.startswith("That button has expired"), shown
    assert "Discover modules" in shown[0].labels


@pytest.mark.fault(
    AREA,
    "'Book and pay' pressed again 31 seconds after the booking (past the double-tap window)",
    "member: 'you've already tapped that button' (not silence); PerfectGym: one purchase",
)
async def test_the_order_button_again_after_the_double_tap_window(
    telegram: Telegram, observe: Observation
) -> None:
    member = telegram.member(CHAT)
    await at_confirmation(member)
    press = telegram.fake.press(CHAT, "Book and pay")
    query = press["callback_query"]
    await member.deliver(press)
    telegram.clock.advance(seconds=31)
    shown = await member.deliver(
        telegram.fake.callback(CHAT, query["message"]["message_id"], query["data"])
    )
    observe.member(said(shown, buttons=()))
    observe.perfectgym(f"{telegram.module_contracts(5001)} purchase(s)")
    assert telegram.module_contracts(5001) == 1
    assert len(shown) == 1 and shown[0].text.startswith("You've already tapped"), shown


@pytest.mark.parametrize(
    ("age", "links"),
    [
        pytest.param(
            timedelta(hours=23, minutes=59),
            True,
            marks=pytest.mark.fault(
                AREA,
                "a staff link code used 1 minute before its 24 hours are up",
                "member: the chat is linked",
            ),
            id="just-before",
        ),
        pytest.param(
            timedelta(hours=24, minutes=1),
            False,
            marks=pytest.mark.fault(
                AREA,
                "a staff link code used 1 minute after its 24 hours",
                "member: 'this link code is invalid, expired or already used'; no link",
            ),
            id="just-after",
        ),
    ],
)
async def test_a_link_code_around_its_expiry(
    telegram: Telegram, observe: Observation, age: timedelta, links: bool
) -> None:
    store = telegram.store
    code = store.create_link_code(
        "Berlin Mitte", 1001, "slack:T0:U0STAFF", timedelta(hours=24), telegram.clock.now()
    )
    telegram.clock.advance(age)
    shown = await telegram.member(CHAT).send(f"/start {code}")
    observe.member(said(shown, buttons=()))
    link = store.get_link("telegram", str(CHAT))
    observe.store(f"linked: {link is not None}")
    assert (link is not None) is links
    texts = " ".join(m.text for m in shown)
    assert ("linked this chat" in texts) is links, texts
