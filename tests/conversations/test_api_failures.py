"""PerfectGym failing at each step: a clear message, the state kept, a retry that works."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from conversations import Command
from tests.conversations.conftest import Bot
from tests.conversations.member import Member

FAULTS = {
    "429": {"status": 429},
    "503": {"status": 503},
    "timeout": {"hang": True},
}
EXPECTED = {
    "429": "busy right now",
    "503": "can't reach the studio system",
    "timeout": "can't reach the studio system",
}


async def to_offers(m: Member) -> None:
    await m.link()


async def to_module(m: Member) -> None:
    await m.link()
    await m.press("Discover modules")


async def to_trial(m: Member) -> None:
    await to_module(m)
    await m.press("Sauna")
    await m.press("Book")


async def to_confirm(m: Member) -> None:
    await to_trial(m)
    await m.press("without trial")


async def to_mine(m: Member) -> None:
    await m.link("1-1003", "05.11.1979")


async def to_detail(m: Member) -> None:
    await to_mine(m)
    await m.press("My modules")


async def to_cancel(m: Member) -> None:
    await to_detail(m)
    await m.press("Sauna")


async def to_reason(m: Member) -> None:
    await to_cancel(m)
    await m.press("Cancel this module")


async def to_cancel_confirm(m: Member) -> None:
    await to_reason(m)
    await m.press(m.labels[0])  # the next possible date; no reason needed


async def to_withdraw(m: Member) -> None:
    await m.link("1-1004", "20.01.1985")
    await m.press("My modules")
    await m.press("Handtuch-Flat")
    await m.press("Keep Handtuch-Flat after all")


Setup = Callable[[Member], Awaitable[None]]
STEPS: list[tuple[str, Setup, str, str, str]] = [
    # name, how to get there, the button to press, the operation that fails, what success shows
    ("offers", to_offers, "Discover modules", "getPurchasableAdditionalModules", "You can add"),
    ("module", to_module, "Sauna", "getPurchasableAdditionalModules", "Notice period"),
    (
        "validate",
        to_trial,
        "without trial",
        "validateAdditionalModuleContractRequest",
        "check your booking",
    ),
    ("purchase", to_confirm, "Book and pay", "purchaseAdditionalModuleContract", "Booked!"),
    ("mine", to_mine, "My modules", "getCustomersContracts", "Your modules"),
    ("detail", to_detail, "Sauna", "getAdditionalModuleContract", "Since:"),
    ("cancel", to_cancel, "Cancel this module", "getAdditionalModuleContract", "On which date"),
    ("reasons", to_reason, "", "getContractCancelationReasonData", "Cancel Sauna so that"),
    (
        "cancelation",
        to_cancel_confirm,
        "Cancel now",
        "createModuleContractCancelationAmendment",
        "still has to confirm",
    ),
    (
        "withdraw",
        to_withdraw,
        "Yes, keep",
        "withdrawAdditionalModuleContractCancelation",
        "continues as before",
    ),
]


# Every step asks PerfectGym here (no read cache), so every step's call can be made to fail.
@pytest.mark.parametrize("client_options", [{"timeout": 0.3, "cache_seconds": 0}])
@pytest.mark.parametrize("fault", sorted(FAULTS))
@pytest.mark.parametrize(
    ("name", "setup", "label", "operation", "success"), STEPS, ids=[s[0] for s in STEPS]
)
async def test_failure_at_each_step_keeps_the_state_and_retries(
    bot: Bot,
    member: Member,
    fault: str,
    name: str,
    setup: Setup,
    label: str,
    operation: str,
    success: str,
) -> None:
    await setup(member)
    label = label or member.labels[0]
    before = bot.store.load_conversation("test", "m1")
    bot.sandbox.faults.add(operation, times=None, **FAULTS[fault])  # type: ignore[arg-type]
    await member.press(label)
    after = bot.store.load_conversation("test", "m1")
    assert after is not None and before is not None
    if name in ("purchase", "cancelation", "withdraw") and fault == "timeout":
        # No answer: PerfectGym may still carry it out, so "not there" is not "not done"
        # until the landing grace has passed; the member is told so, then told the outcome.
        assert "couldn't confirm yet" in member.text, member.text
        assert "let you know" in member.text or "as soon as I know" in member.text
        bot.sandbox.faults.clear()
        bot.clock.advance(minutes=3)
        await member.command(Command.HELP)
        assert "did not go through" in member.text, member.text
        if name == "purchase":
            assert bot.sandbox.module_contracts_of(5001) == []
        return
    if name in ("purchase", "cancelation", "withdraw"):
        if fault == "429":  # refused before it was carried out
            assert EXPECTED[fault] in member.text, member.text
        else:  # an error answer: settled with PerfectGym first; here it did not happen
            assert "did not go through" in member.text, member.text
        assert after.state == before.state  # same step, with a fresh button to try again
    else:
        assert EXPECTED[fault] in member.text, member.text
        assert (after.state, after.version) == (before.state, before.version)
    bot.sandbox.faults.clear()
    await member.press("Try again")
    assert success in member.text, member.text


async def test_wrong_api_key_tells_member_and_staff(bot: Bot, member: Member) -> None:
    await member.link()
    bot.sandbox.studios[next(iter(bot.sandbox.studios))].api_key = "rotated"
    await member.command(Command.MODULES)
    assert "not allowed to do that" in member.text
    assert bot.events[-1].kind == "needs_human"
