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
    assert "To which date" in member.text
    dates = [label for label in member.labels if label != "No, keep it"]
    parsed = [datetime.strptime(d, "%d %b %Y").date() for d in dates]
    assert parsed and parsed == sorted(parsed)  # earliest first
    await member.press(dates[0])
    assert "What's the reason?" in member.text
    await member.press("Umzug")
    assert f"Cancel Sauna to {dates[0]}?" in member.text and "Reason: Umzug" in member.text
    await member.press("Yes, cancel")
    assert "The studio still has to confirm it" in member.text
    assert "Keep Sauna after all" in member.labels
    (sauna,) = bot.sandbox.module_contracts_of(5004)
    assert sauna.cancelation is not None
    event = bot.events[-1]
    assert (event.kind, event.status) == ("cancelation", "PENDING_VERIFICATION")


@pytest.mark.parametrize("studio_names", [["Hamburg Altona"]])
async def test_cancel_takes_effect_directly_in_hamburg(bot: Bot, member: Member) -> None:
    await member.link("2-2002", "01.12.1975")
    await member.press("My modules")
    await member.press("Sauna")
    await member.press("Cancel this module")
    await member.press(member.labels[0])
    await member.press(member.labels[0])  # first reason
    await member.press("Yes, cancel")
    assert "Done: Sauna is canceled and ends on" in member.text
    assert bot.events[-1].status == "CANCELED"


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
    assert "Cancel Sauna to" in member.text


async def test_withdraw_a_pending_cancelation(bot: Bot, member: Member) -> None:
    await member.link("1-1004", "20.01.1985")
    await member.press("My modules")
    assert "cancelation requested for 31 Dec 2026; the studio has yet to confirm it" in member.text
    await member.press("Handtuch-Flat")
    assert "the studio still has to confirm it" in member.text
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
    await member.press("Umzug")
    await member.press("Yes, cancel")
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
