"""Money safety: one purchase per confirmation, crashes and unclear outcomes reconciled."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from bot.store import Store
from conversations import Command
from testing.sandbox import SandboxTransport
from tests.conversations.conftest import Bot
from tests.conversations.member import Member


class SimulatedCrash(BaseException):
    """The process dies here (not an Exception: nothing in the engine may swallow it)."""


async def tap_and_crash(
    member: Member, token: str, monkeypatch: pytest.MonkeyPatch, *, when: str
) -> None:
    """Tap ``token`` while the process dies: ``before_request`` (the intent is stored, the
    purchase request never leaves) or ``succeeded`` (PerfectGym made the purchase; the
    turn's final write, which records it, never commits)."""
    if when == "before_request":
        real_send = SandboxTransport.handle_async_request

        async def dying(self: SandboxTransport, request: httpx.Request) -> httpx.Response:
            if request.method == "POST" and request.url.path.endswith(
                "/additional-modules/purchase"
            ):
                raise SimulatedCrash
            return await real_send(self, request)

        monkeypatch.setattr(SandboxTransport, "handle_async_request", dying)
        with pytest.raises(SimulatedCrash):
            await member.tap(token)
        monkeypatch.setattr(SandboxTransport, "handle_async_request", real_send)
        return
    real_mark = Store.mark_operation

    def crashing(self: Store, operation_id: int, status: str, **kwargs: object) -> object:
        if status == when:
            raise SimulatedCrash
        return real_mark(self, operation_id, status, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Store, "mark_operation", crashing)
    with pytest.raises(SimulatedCrash):
        await member.tap(token)
    monkeypatch.setattr(Store, "mark_operation", real_mark)


def purchases(bot: Bot, contract_id: int = 5001) -> int:
    return len(bot.sandbox.module_contracts_of(contract_id))


async def at_confirmation(member: Member) -> str:
    await member.link()
    await member.press("Discover modules")
    await member.press("Sauna")
    await member.press("Book")
    await member.press("without trial")
    return member.button("Book and pay").token


async def test_two_concurrent_taps_make_one_purchase(bot: Bot, member: Member) -> None:
    token = await at_confirmation(member)
    first, second = bot.member(), bot.member()
    await asyncio.gather(first.tap(token), second.tap(token))
    texts = sorted([first.text, second.text])
    assert purchases(bot) == 1
    assert texts[0] == "", "the second tap of a double tap is ignored quietly"
    assert "Booked!" in texts[1]


async def test_two_processes_tapping_at_once_make_one_purchase(bot: Bot, member: Member) -> None:
    token = await at_confirmation(member)
    other_process = bot.restart()
    here, there = bot.member(), other_process.member()
    await asyncio.gather(here.tap(token), there.tap(token))
    assert purchases(bot) == 1
    other_process.store.close()


async def test_two_chats_of_one_member_confirming_at_once_buy_once(bot: Bot) -> None:
    phone, laptop = bot.member("phone"), bot.member("laptop")
    tokens = [await at_confirmation(phone), await at_confirmation(laptop)]
    await asyncio.gather(phone.tap(tokens[0]), laptop.tap(tokens[1]))
    assert purchases(bot) == 1
    answers = phone.text + laptop.text
    assert "Booked!" in answers
    assert "already being processed" in answers or "You already have Sauna" in answers


async def test_crash_after_the_purchase_call_does_not_buy_twice(
    bot: Bot, member: Member, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = await at_confirmation(member)
    await tap_and_crash(member, token, monkeypatch, when="succeeded")
    assert purchases(bot) == 1

    restarted = bot.restart()
    bot.clock.advance(minutes=5)
    again = restarted.member()
    await again.tap(token)  # the member taps again after the restart
    assert "Booked! Sauna starts on" in again.text  # the earlier purchase, reported
    assert "already tapped" in again.text
    await again.command(Command.MODULES)
    assert "Sauna" not in again.labels
    assert purchases(bot) == 1
    (operation,) = restarted.store.operations_for_chat("test", "m1")
    assert operation.status == "succeeded" and operation.module_contract_id is not None
    restarted.store.close()


async def test_crash_before_the_call_is_reported_as_not_booked(
    bot: Bot, member: Member, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = await at_confirmation(member)
    await tap_and_crash(member, token, monkeypatch, when="before_request")

    restarted = bot.restart()
    bot.clock.advance(minutes=5)
    replies = await restarted.engine.reconcile_open_operations()
    assert [(platform, chat) for platform, chat, _ in replies] == [("test", "m1")]
    assert "did not go through" in replies[0][2][0].text
    assert purchases(bot) == 0
    restarted.store.close()


async def test_operation_left_by_a_dead_turn_is_settled_at_once(
    bot: Bot, member: Member, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No waiting out a timer: the turn that opened it is gone (its chat is free). Whether
    the request left before the process died cannot be known, so the member hears at once
    that it is being confirmed, and the outcome once the landing grace has passed."""
    token = await at_confirmation(member)
    await tap_and_crash(member, token, monkeypatch, when="before_request")
    restarted = bot.restart()
    replies = await restarted.engine.reconcile_open_operations()  # start-up, no time passed
    assert [(platform, chat) for platform, chat, _ in replies] == [("test", "m1")]
    assert "couldn't confirm yet whether Sauna was booked" in replies[0][2][0].text
    bot.clock.advance(minutes=3)
    replies = await restarted.engine.reconcile_open_operations()
    assert "did not go through" in replies[0][2][0].text
    assert purchases(bot) == 0
    restarted.store.close()


@pytest.mark.over_http  # real time: the sandbox holds the request for wall-clock seconds
async def test_killed_while_perfectgym_held_the_purchase_the_member_hears_at_once(
    bot: Bot, member: Member
) -> None:
    """Killed mid-POST; PerfectGym finishes the purchase later. After the restart the member
    is told it is being confirmed (not "already being processed" for minutes), then
    "Booked!" as soon as PerfectGym shows it."""
    token = await at_confirmation(member)
    bot.sandbox.faults.add("purchaseAdditionalModuleContract", latency=1.5)
    turn = asyncio.create_task(member.tap(token))

    def posted() -> bool:  # the purchase request (not the validation before it) is at PerfectGym
        sent = [o for o in bot.store.operations_for_chat("test", "m1") if o.status == "sent"]
        return bool(sent) and len(bot.sandbox.in_flight) > 0

    while not posted():  # noqa: ASYNC110 - the sandbox offers no event to await
        await asyncio.sleep(0.01)
    turn.cancel()  # the process dies while PerfectGym holds the request
    with pytest.raises(asyncio.CancelledError):
        await turn

    restarted = bot.restart()
    again = restarted.member()
    await again.command(Command.MINE)
    assert "couldn't confirm yet whether Sauna was booked" in again.text
    assert all(e.detail.get("problem") != "unclear_purchase" for e in restarted.events)
    while len(bot.sandbox.in_flight):  # noqa: ASYNC110 - PerfectGym completes the purchase
        await asyncio.sleep(0.05)
    assert purchases(bot) == 1
    bot.clock.advance(seconds=11)
    told = await restarted.engine.reconcile_open_operations()
    assert [(platform, chat) for platform, chat, _ in told] == [("test", "m1")]
    assert "Booked! Sauna starts on" in told[0][2][0].text
    (operation,) = restarted.store.operations_for_chat("test", "m1")
    assert operation.status == "succeeded"
    restarted.store.close()


async def test_killed_after_perfectgym_committed_is_told_booked_at_start_up(
    bot: Bot, member: Member, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = await at_confirmation(member)
    await tap_and_crash(member, token, monkeypatch, when="succeeded")
    restarted = bot.restart()
    told = await restarted.engine.reconcile_open_operations()  # start-up: no time passed
    assert "Booked! Sauna starts on" in told[0][2][0].text
    assert purchases(bot) == 1
    restarted.store.close()


@pytest.mark.parametrize(
    "fault",
    [
        {"status": 500, "after_commit": True},
        {"hang": True, "after_commit": True},
        {"status": 503, "after_commit": True},
    ],
    ids=["500-after-commit", "timeout-after-commit", "503-after-commit"],
)
@pytest.mark.parametrize("client_options", [{"timeout": 0.5}])
async def test_unclear_outcome_that_did_happen_is_reported_booked(
    bot: Bot, member: Member, fault: dict[str, object]
) -> None:
    token = await at_confirmation(member)
    bot.sandbox.faults.add("purchaseAdditionalModuleContract", **fault)  # type: ignore[arg-type]
    await member.tap(token)
    assert "Booked!" in member.text
    assert purchases(bot) == 1


@pytest.mark.parametrize("client_options", [{"timeout": 0.5}])
async def test_unclear_outcome_that_did_not_happen_is_reported_not_booked(
    bot: Bot, member: Member
) -> None:
    token = await at_confirmation(member)
    bot.sandbox.faults.add("purchaseAdditionalModuleContract", status=500)
    await member.tap(token)
    assert "did not go through, and nothing was booked" in member.text
    assert purchases(bot) == 0
    await member.press("Try again")  # the same confirmation, nothing re-entered
    assert "Booked!" in member.text
    assert purchases(bot) == 1


@pytest.mark.parametrize("client_options", [{"timeout": 0.5}])
async def test_outcome_unknown_until_the_api_answers_again(bot: Bot, member: Member) -> None:
    token = await at_confirmation(member)
    bot.sandbox.faults.add("purchaseAdditionalModuleContract", hang=True, after_commit=True)

    async def break_reads_once_bought() -> None:
        while purchases(bot) == 0:  # noqa: ASYNC110 - the sandbox offers no event to await
            await asyncio.sleep(0.005)
        bot.sandbox.faults.add("getCustomersContracts", status=503, times=None)

    await asyncio.gather(member.tap(token), break_reads_once_bought())
    assert "couldn't confirm yet whether Sauna was booked" in member.text
    assert "Please don't book it again" in member.text
    assert bot.events[-1].kind == "needs_human"
    await member.command(Command.HELP)  # API still down: no second scare message
    assert "couldn't confirm" not in member.text
    bot.sandbox.faults.clear()
    await member.command(Command.HELP)
    assert "Booked! Sauna starts on" in member.text
    assert purchases(bot) == 1
    (operation,) = bot.store.operations_for_chat("test", "m1")
    assert operation.status == "succeeded"


async def test_restart_mid_dialog_continues_where_it_was(bot: Bot, member: Member) -> None:
    token = await at_confirmation(member)
    restarted = bot.restart()
    survivor = restarted.member()
    await survivor.tap(token)
    assert "Booked!" in survivor.text
    restarted.store.close()
