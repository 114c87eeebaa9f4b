"""The trial-end reminder names what the module costs afterwards, and offers keep or cancel."""

from __future__ import annotations

from datetime import date

import pytest

from bot.sandbox import ModuleRequest
from conversations.flows import notices
from tests.conversations.conftest import Bot

NBSP = "\u00a0"


async def remind(bot: Bot, language: str, *, outage: bool = False) -> tuple[str, list[str]]:
    sandbox = bot.sandbox
    request = ModuleRequest(201, 2011, True)
    bought = sandbox.purchase(sandbox.studios[1], sandbox.contracts[5001], request)
    member = bot.member(language=language)
    await member.link()
    if outage:
        bot.sandbox.faults.add("getCustomersContracts", status=503, times=None)
    notice = notices.Notice(
        kind=notices.NoticeKind.TRIAL,
        module="Sauna",
        studio="Berlin Mitte",
        date=date(2026, 12, 10),
        module_contract_id=bought.id,
    )
    report = notices.NoticeReport()
    (shown,) = await bot.engine.push("test", "m1", lambda turn: notices.show(turn, notice, report))
    assert report.outcome is notices.NoticeOutcome.SHOWN
    return shown.text, [button.label for button in shown.flat_buttons]


@pytest.mark.parametrize(
    ("language", "expected", "buttons"),
    [
        (
            "en",
            "Your free trial of Sauna ends on 10 Dec 2026. From 11 Dec 2026 it costs "
            "€9.90/month. To keep it, you don't need to do anything; if you don't want it, "
            "cancel it to the end of the trial with one tap.",
            ["Keep Sauna", "Cancel Sauna"],
        ),
        (
            "de",
            "Deine kostenlose Testphase für Sauna endet am 10.12.2026. Ab dem 11.12.2026 kostet es "
            f"9,90{NBSP}€/Monat. Wenn du es behalten möchtest, musst du nichts tun; wenn nicht, "
            "kündige es mit einem Tipp zum Ende der Testphase.",
            ["Sauna behalten", "Sauna kündigen"],
        ),
    ],
)
async def test_the_trial_reminder_names_the_price_after_the_trial(
    bot: Bot, language: str, expected: str, buttons: list[str]
) -> None:
    text, labels = await remind(bot, language)
    assert text.startswith(expected)
    assert labels[:2] == buttons


async def test_without_the_price_the_reminder_still_goes_out(bot: Bot) -> None:
    text, _ = await remind(bot, "en", outage=True)
    assert text.startswith(
        "Your free trial of Sauna ends on 10 Dec 2026. After that it continues at its regular "
        "price (see “My modules”)."
    )
