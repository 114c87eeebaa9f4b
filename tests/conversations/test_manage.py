"""My modules, cancel (PENDING_VERIFICATION and CANCELED) and withdraw, end to end."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from conversations import Command
from tests.conversations.conftest import Bot
from tests.conversations.member import Member


async def test_my_modules_lists_and_details(bot: Bot, member: Member) -> None:
    await member.link("1-1003", "05.11.1979")
    await member.press("My modules")
    assert "Sauna – €" in member.text
    await member.press("Sauna")
    assert "Since: 1 Aug 2026" in member.text
    assert "To end it on 31 Dec 2026, give notice by 17 Dec 2026." in member.text
    assert "Cancel this module" in member.labels


async def test_no_modules_yet_points_to_the_offers(bot: Bot, member: Member) -> None:
    await member.link()
    await member.command(Command.MINE)
    assert "no modules yet" in member.text
    assert "Discover modules" in member.labels


async def test_cancel_needs_staff_verification_in_berlin(bot: Bot, member: Member) -> None:
    await member.link("1-1003", "05.11.1979")
    await member.press("My modules")
    await member.press("Sauna")
    await member.press("Cancel this module")
    assert "On which date" in member.text
    first, *others = [label for label in member.labels if label != "No, keep it"]
    assert first.startswith("Next possible date: ")
    earliest = first.removeprefix("Next possible date: ")
    parsed = [datetime.strptime(d, "%d %b %Y").date() for d in [earliest, *others]]
    assert parsed and parsed == sorted(parsed)  # earliest first
    await member.press(first)
    assert (
        f"Cancel Sauna so that it ends on {earliest}?" in member.text
        and "Reason: none given" in member.text
    )
    assert member.labels == ["Cancel now", "Add a reason (optional)", "No, keep it"]
    declared, receipt, *_ = await member.press("Cancel now")
    assert declared.replace and not declared.buttons, "the confirmation loses its buttons"
    assert not receipt.replace, "the receipt is a message of its own"
    assert receipt.text.startswith("Receipt: cancellation of Sauna\n")
    assert "The studio still has to confirm it" in receipt.text
    assert f"Cancellation date: {earliest}" in receipt.text and "Reason: none given" in receipt.text
    assert "Status: requested; the studio has yet to confirm it" in receipt.text
    assert "Module contract no.: 9001" in receipt.text
    assert "Your declaration was received on 26 Nov 2026, 11:00." in receipt.text
    assert "Keep Sauna after all" in member.labels
    (sauna,) = bot.sandbox.module_contracts_of(5004)
    assert sauna.cancelation is not None and sauna.cancelation.reason == "Sonstiges"
    (logged,) = bot.sandbox.communications
    assert logged.customer_id == 1003 and logged.fields["content"] == receipt.text
    event = bot.events[-1]
    assert (event.kind, event.status) == ("cancelation", "PENDING_VERIFICATION")


@pytest.mark.parametrize("studio_names", [["Hamburg Altona"]])
async def test_cancel_takes_effect_directly_in_hamburg(bot: Bot, member: Member) -> None:
    await member.link("2-2002", "01.12.1975")
    await member.command(Command.CANCEL)
    await member.press("Next possible date")
    await member.press("Cancel now")
    assert "Done: Sauna is cancelled and ends on" in member.text
    assert "Changed your mind? You can take it back below." in member.text
    assert "Status: cancelled" in member.text
    assert bot.events[-1].status == "CANCELED"
    (sauna,) = [c for c in bot.sandbox.module_contracts.values() if c.customer_id == 2002]
    assert sauna.cancelation is not None and sauna.cancelation.reason == "Sonstiges"


async def test_a_reason_can_be_given_but_never_has_to(bot: Bot, member: Member) -> None:
    await member.link("1-1003", "05.11.1979")
    await member.command(Command.CANCEL)
    await member.press("Next possible date")
    await member.press("Add a reason (optional)")
    assert "optional" in member.text
    assert "Sonstiges" not in member.labels, "the reason that says nothing is 'No reason'"
    await member.press("No reason")
    assert "Reason: none given" in member.text
    await member.press("Add a reason (optional)")
    await member.press("Umzug")
    assert "Reason: Umzug" in member.text
    await member.press("Cancel now")
    assert "Reason: Umzug" in member.text
    (sauna,) = bot.sandbox.module_contracts_of(5004)
    assert sauna.cancelation is not None and sauna.cancelation.reason == "Umzug"


async def test_default_reason_skips_the_question(bot: Bot, member: Member) -> None:
    studio = bot.services.studios["Berlin Mitte"]
    bot.services.studios["Berlin Mitte"] = type(studio)(
        studio.settings.model_copy(update={"default_cancelation_reason_id": 12}), studio.client
    )
    await member.link("1-1003", "05.11.1979")
    await member.press("My modules")
    await member.press("Sauna")
    await member.press("Cancel this module")
    await member.press(member.labels[0])
    assert "Cancel Sauna so that it ends on" in member.text and "Reason: none given" in member.text
    await member.press("Add a reason (optional)")
    assert "Finanzielle Gründe" not in member.labels
    await member.press("No reason")
    await member.press("Cancel now")
    (sauna,) = bot.sandbox.module_contracts_of(5004)
    assert sauna.cancelation is not None and sauna.cancelation.reason == "Finanzielle Gründe"


async def test_a_studio_without_a_silent_reason_makes_the_member_pick_one(
    bot: Bot, member: Member
) -> None:
    bot.sandbox.studios[1].cancelation_reasons = {11: "Umzug", 12: "Finanzielle Gründe"}
    await member.link("1-1003", "05.11.1979")
    await member.command(Command.CANCEL)
    await member.press("Next possible date")
    assert "needs a reason" in member.text
    assert member.labels == ["Umzug", "Finanzielle Gründe", "No, keep it"]
    await member.press("Umzug")
    assert member.labels == ["Cancel now", "No, keep it"]
    await member.press("Cancel now")
    assert "still has to confirm" in member.text


async def test_withdraw_a_pending_cancelation(bot: Bot, member: Member) -> None:
    await member.link("1-1004", "20.01.1985")
    await member.press("My modules")
    assert "cancellation requested for 31 Dec 2026; the studio has yet to confirm it" in member.text
    assert "ends" not in member.text, "pending is not ended"
    await member.press("Handtuch-Flat")
    assert "Cancellation requested for" in member.text
    await member.press("Keep Handtuch-Flat after all")
    await member.press("Yes, keep Handtuch-Flat")
    assert "continues as before" in member.text
    (towels,) = bot.sandbox.module_contracts_of(5005)
    assert towels.cancelation is None
    assert bot.events[-1].kind == "withdrawal"


async def test_cancel_then_withdraw_right_away(bot: Bot, member: Member) -> None:
    await member.link("1-1003", "05.11.1979")
    await member.press("My modules")
    await member.press("Sauna")
    await member.press("Cancel this module")
    await member.press(member.labels[0])
    await member.press("Cancel now")
    await member.press("Keep Sauna after all")
    await member.press("Yes, keep Sauna")
    assert "continues as before" in member.text


async def test_withdraw_refused_when_not_withdrawable(bot: Bot, member: Member) -> None:
    await member.link("1-1004", "20.01.1985")
    await member.press("My modules")
    await member.press("Handtuch-Flat")
    keep = member.button("Keep Handtuch-Flat after all").token
    (towels,) = bot.sandbox.module_contracts_of(5005)
    assert towels.cancelation is not None
    # Meanwhile the cancelation took effect (the studio moved its date to yesterday).
    yesterday = bot.clock.now().date() - timedelta(days=1)
    towels.cancelation = replace(towels.cancelation, date=yesterday)
    await member.tap(keep)
    assert "can't be taken back online" in member.text
    assert bot.sandbox.module_contracts_of(5005)[0].cancelation is not None
