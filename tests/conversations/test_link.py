"""Linking a chat: self-service, link codes, several contracts, several studios, throttling."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import httpx
import pytest

from conversations import Command
from testing.sandbox import SandboxTransport
from tests.conversations.conftest import Bot
from tests.conversations.member import Member


async def test_link_with_number_and_birth_date(bot: Bot, member: Member) -> None:
    await member.command(Command.START)
    assert "customer number" in member.text
    await member.say("1-1001")
    assert "date of birth" in member.text
    await member.say("1994-03-12")
    assert "linked to your membership “Premium 12” at Berlin Mitte" in member.text
    link = bot.store.get_link("test", "m1")
    assert link is not None and (link.customer_id, link.contract_id) == (1001, 5001)
    assert link.language == "en"


@pytest.mark.parametrize(
    "born", ["12.03.1994", "12/03/1994", "1994-03-12", "12.3.1994", "12.03.94"]
)
async def test_birth_date_spellings(bot: Bot, member: Member, born: str) -> None:
    await member.command(Command.START)
    await member.say("1-1001")
    await member.say(born)
    assert "linked" in member.text


async def test_unreadable_date_asks_again_without_counting_an_attempt(
    bot: Bot, member: Member
) -> None:
    await member.command(Command.START)
    await member.say("1-1001")
    await member.say("twelfth of march")
    assert "couldn't read that date" in member.text
    await member.say("12.03.1994")
    assert "linked" in member.text


async def test_failure_answers_are_identical_for_unknown_number_and_wrong_date(bot: Bot) -> None:
    wrong_date, unknown = bot.member("a"), bot.member("b")
    for who, number in ((wrong_date, "1-1001"), (unknown, "9-9999")):
        await who.command(Command.START)
        await who.say(number)
        await who.say("01.01.1990")
    assert wrong_date.text == unknown.text
    assert "couldn't verify" in wrong_date.text
    assert bot.store.get_link("test", "a") is None and bot.store.get_link("test", "b") is None


async def test_attempts_are_throttled_per_chat(bot: Bot, member: Member) -> None:
    await member.command(Command.START)
    for _ in range(5):
        await member.say("1-1001")
        await member.say("01.01.1990")
    assert "Too many attempts" in member.text
    await member.command(Command.START)
    await member.say("1-1001")
    await member.say("12.03.1994")  # right this time, still refused
    assert "Too many attempts" in member.text
    bot.clock.advance(minutes=16)
    await member.command(Command.START)
    await member.say("1-1001")
    await member.say("12.03.1994")
    assert "linked" in member.text


async def test_attempts_are_throttled_per_customer_number_across_chats(bot: Bot) -> None:
    for index in range(5):
        attacker = bot.member(f"attacker{index}")
        await attacker.command(Command.START)
        await attacker.say("1-1001")
        await attacker.say(f"0{index + 1}.01.1990")
    owner = bot.member("owner")
    await owner.command(Command.START)
    await owner.say("1-1001")
    await owner.say("12.03.1994")
    assert "Too many attempts" in owner.text


async def test_several_active_contracts_let_the_member_choose(bot: Bot, member: Member) -> None:
    await member.command(Command.START)
    await member.say("1-1002")
    await member.say("30.07.1988")
    assert "several memberships" in member.text
    assert len(member.labels) == 2
    await member.press(member.labels[1])
    link = bot.store.get_link("test", "m1")
    assert link is not None and link.contract_id == 5003


async def test_link_code_from_staff(bot: Bot, member: Member) -> None:
    from conversations.staff import StaffDesk

    issued = await StaffDesk(bot.services).issue_link_code(None, "1-1004", actor="slack:U1")
    assert len(issued.code) <= 64
    await member.command(Command.START, issued.code)
    link = bot.store.get_link("test", "m1")
    assert link is not None and link.customer_id == 1004
    again = bot.member("m2")
    await again.command(Command.START, issued.code)
    assert "invalid, expired or already used" in again.text
    assert bot.store.get_link("test", "m2") is None


async def test_expired_link_code_is_refused(bot: Bot, member: Member) -> None:
    from conversations.staff import StaffDesk

    issued = await StaffDesk(bot.services).issue_link_code(None, "1001", actor="slack:U1")
    bot.clock.advance(bot.services.options.link_code_ttl + timedelta(minutes=1))
    await member.command(Command.START, issued.code)
    assert "invalid, expired or already used" in member.text
    await member.command(Command.START, "NOT-A-CODE")
    assert "invalid, expired or already used" in member.text


@pytest.mark.parametrize("studio_names", [["Berlin Mitte", "Hamburg Altona"]])
async def test_studio_choice_when_several_are_configured(bot: Bot, member: Member) -> None:
    await member.command(Command.START)
    assert "Which studio" in member.text
    await member.press("Hamburg Altona")
    await member.say("2-2001")
    await member.say("14.02.1996")
    link = bot.store.get_link("test", "m1")
    assert link is not None and link.studio == "Hamburg Altona"


async def test_unlinked_member_who_asks_for_modules_is_led_to_linking(
    bot: Bot, member: Member
) -> None:
    await member.command(Command.MODULES)
    assert "customer number" in member.text
    await member.say("hello there")
    assert "doesn't look like a customer number" in member.text
    await member.say("1-1001")
    assert "date of birth" in member.text


async def test_free_text_from_a_new_chat_starts_linking(bot: Bot, member: Member) -> None:
    await member.say("Hallo")
    assert "connect this chat to your membership" in member.text


def _count_lookups(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every customer lookup by number that reaches PerfectGym (counted at the transport)."""
    seen: list[str] = []
    original = SandboxTransport.handle_async_request

    async def counting(self: SandboxTransport, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/customers/by"):
            seen.append(str(request.url.params.get("customerNumber")))
        return await original(self, request)

    monkeypatch.setattr(SandboxTransport, "handle_async_request", counting)
    return seen


async def test_guesses_racing_from_many_chats_reach_perfectgym_five_times(
    bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """50 chats guess one number's date of birth at once: the budget is taken before asking."""
    chats = [bot.member(f"guess{index}") for index in range(50)]
    for chat in chats:
        await chat.command(Command.START)
        await chat.say("1-1001")
    lookups = _count_lookups(monkeypatch)
    guesses = [f"{day:02d}.01.1990" for day in range(1, 29)] * 2
    guesses[49] = "12.03.1994"  # the right one, last
    await asyncio.gather(*(c.say(g) for c, g in zip(chats, guesses, strict=False)))
    assert len(lookups) == 5
    assert all(bot.store.get_link("test", c.chat_id) is None for c in chats)
    assert all("Too many attempts" in c.text for c in chats)  # the fifth try used it up


async def test_studio_ceiling_refuses_further_checks_and_tells_staff_once(
    bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Guesses spread over many numbers hit the studio's ceiling per minute."""
    chats = [bot.member(f"spread{index}") for index in range(40)]
    for index, chat in enumerate(chats):
        await chat.command(Command.START)
        await chat.say(f"7-{index + 1000}")
    lookups = _count_lookups(monkeypatch)
    await asyncio.gather(*(c.say("01.01.1990") for c in chats))
    assert len(lookups) == 30  # the default ceiling per studio per minute
    busy = [c for c in chats if "Unusually many people" in c.text]
    assert len(busy) == 10
    alerts = [e for e in bot.events if e.detail.get("problem") == "link_ceiling"]
    assert len(alerts) == 1 and alerts[0].studio == "Berlin Mitte"
    bot.clock.advance(minutes=1, seconds=1)
    late = bot.member("late")
    await late.command(Command.START)
    await late.say("1-1001")
    await late.say("12.03.1994")
    assert "linked" in late.text


@pytest.mark.parametrize("language", ["en", "de"])
async def test_linked_chat_typing_another_number_is_told_what_it_is_linked_to(
    bot: Bot, language: str
) -> None:
    member = bot.member("linked", language=language)
    await member.link(offers=False)
    await member.say("1-1002")
    if language == "en":
        assert "This chat is linked to customer number 1-1001 at Berlin Mitte" in member.text
        assert "Settings (“Delete my data”)" in member.text
    else:
        assert "Dieser Chat ist mit der Kundennummer 1-1001 bei Berlin Mitte verknüpft" in (
            member.text
        )
        assert "„Meine Daten löschen“" in member.text
    link = bot.store.get_link("test", "linked")
    assert link is not None and link.customer_id == 1001  # nothing changed


async def test_linked_chat_typing_its_own_number_hears_it_is_linked_already(
    bot: Bot, member: Member
) -> None:
    await member.link(offers=False)
    await member.say("1-1001")
    assert "already linked to your membership (customer number 1-1001" in member.text
    assert "Settings" in member.labels  # the menu follows


async def test_number_typed_while_buttons_are_awaited_keeps_the_buttons(
    bot: Bot, member: Member
) -> None:
    await member.link(offers=False)
    await member.press("Settings")
    await member.press("Delete my data")
    before = member.button("Yes, delete everything").token
    await member.say("1-1002")
    assert "This chat is linked to customer number 1-1001" in member.text
    await member.tap(before)  # the pending question's buttons still work
    assert bot.store.get_link("test", "m1") is None
