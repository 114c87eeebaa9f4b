"""My modules: every price with its period and steps, when it starts, the trial, cancelations.

The FakeClock stands on 26 Nov 2026 (Berlin); purchases start on 27 Nov 2026.
"""

from __future__ import annotations

import pytest

from bot.sandbox import ModuleRequest
from tests.conversations.conftest import Bot
from tests.conversations.member import Member

NBSP = "\u00a0"


def bought(bot: Bot, module: int, frequency: int, *, trial: bool = False) -> int:
    """Buy in the sandbox directly, as if the member had booked it a moment ago."""
    sandbox = bot.sandbox
    request = ModuleRequest(module, frequency, trial)
    return sandbox.purchase(sandbox.studios[1], sandbox.contracts[5001], request).id


LINES = [
    # module, payment frequency, trial, the line in My modules (English, German)
    (201, 2011, True,
     "Sauna – free trial until 10 Dec 2026, then €9.90/month, starts on 27 Nov 2026",
     f"Sauna – kostenlose Testphase bis 10.12.2026, dann 9,90{NBSP}€/Monat, beginnt am "
     "27.11.2026"),
    (202, 2022, False, "Handtuch-Flat – €49.00 every 12 months, starts on 27 Nov 2026",
     f"Handtuch-Flat – 49,00{NBSP}€ alle 12 Monate, beginnt am 27.11.2026"),
    (203, 2031, False,
     "Getränke-Flat – €19.90/month until 26 Feb 2027, then €24.90/month, starts on 27 Nov 2026",
     f"Getränke-Flat – 19,90{NBSP}€/Monat bis 26.02.2027, dann 24,90{NBSP}€/Monat, beginnt am "
     "27.11.2026"),
    (204, 2041, False, "Personal-Training Start – €49.00 once, starts on 27 Nov 2026",
     f"Personal-Training Start – 49,00{NBSP}€ einmalig, beginnt am 27.11.2026"),
    (205, 2051, False, "Trainingsplan-App Premium – free of charge, starts on 27 Nov 2026",
     "Trainingsplan-App Premium – kostenlos, beginnt am 27.11.2026"),
    (206, 2061, False,
     "Solarium – €12.00/month from 1 Oct to 31 Mar, €8.00/month from 1 Apr to 30 Sept, "
     "starts on 27 Nov 2026",
     f"Solarium – 12,00{NBSP}€/Monat vom 1. Okt. bis 31. März, 8,00{NBSP}€/Monat vom 1. Apr. "
     "bis 30. Sept., beginnt am 27.11.2026"),
]  # fmt: skip


@pytest.mark.parametrize(("module", "frequency", "trial", "english", "german"), LINES)
@pytest.mark.parametrize("language", ["en", "de"])
async def test_every_module_shows_its_whole_price_and_when_it_starts(
    bot: Bot, language: str, module: int, frequency: int, trial: bool, english: str, german: str
) -> None:
    bought(bot, module, frequency, trial=trial)
    member = bot.member(language=language)
    await member.link()
    await member.press("Meine Module" if language == "de" else "My modules")
    assert f"• {english if language == 'en' else german}" in member.text
    assert "0.00" not in member.text and "0,00" not in member.text
    assert " since " not in member.text and " seit " not in member.text


async def test_a_trial_is_not_shown_once_it_is_over(bot: Bot, member: Member) -> None:
    bought(bot, 201, 2011, trial=True)
    bot.clock.advance(days=60)
    await member.link()
    await member.press("My modules")
    assert "• Sauna – €9.90/month, since 27 Nov 2026" in member.text
    await member.press("Sauna")
    assert "trial" not in member.text.lower()


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            "Sauna\nPrice: free trial until 10 Dec 2026, then €9.90/month\nPayment: monthly\n"
            "Starts on: 27 Nov 2026\nFree trial until: 10 Dec 2026\nFirst paid day: 11 Dec 2026\n"
            "To end it on 10 Dec 2026, give notice by 10 Dec 2026.\nModule contract no.: 9500",
        ),
        (
            "de",
            f"Sauna\nPreis: kostenlose Testphase bis 10.12.2026, dann 9,90{NBSP}€/Monat\n"
            "Zahlweise: monatlich\nBeginnt am: 27.11.2026\nKostenlose Testphase bis: 10.12.2026\n"
            "Erster kostenpflichtiger Tag: 11.12.2026\n"
            "Kündigst du bis zum 10.12.2026, endet es am 10.12.2026.\nModulvertrag Nr.: 9500",
        ),
    ],
)
async def test_the_details_of_a_trial_say_until_when_it_is_free(
    bot: Bot, language: str, expected: str
) -> None:
    bought(bot, 201, 2011, trial=True)
    member = bot.member(language=language)
    await member.link()
    await member.press("Meine Module" if language == "de" else "My modules")
    await member.press("Sauna")
    assert member.text == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "To end it on 26 Nov 2027, give notice by 19 Nov 2027."),
        ("de", "Kündigst du bis zum 19.11.2027, endet es am 26.11.2027."),
    ],
)
async def test_the_notice_line_names_the_deadline_and_the_end_it_reaches(
    bot: Bot, language: str, expected: str
) -> None:
    bought(bot, 202, 2022)  # towels paid every 12 months: 12 months' term, 1 week notice
    member = bot.member(language=language)
    await member.link()
    await member.press("Meine Module" if language == "de" else "My modules")
    await member.press("Handtuch-Flat")
    assert expected in member.text


async def test_a_free_module_is_free_of_charge_in_its_details(bot: Bot, member: Member) -> None:
    bought(bot, 205, 2051)
    await member.link()
    await member.press("My modules")
    await member.press("Trainingsplan-App Premium")
    assert "Price: free of charge" in member.text and "Payment: none" in member.text
    assert "€0.00" not in member.text


async def test_a_pending_cancelation_is_shown_as_requested(bot: Bot) -> None:
    member = bot.member(language="de")
    await member.link("1-1004", "20.01.1985")
    await member.press("Meine Module")
    assert (
        f"• Handtuch-Flat – 4,90{NBSP}€/Monat, seit 01.06.2026, Kündigung zum 31.12.2026 "
        "beantragt; das Studio muss sie noch bestätigen"
    ) in member.text
