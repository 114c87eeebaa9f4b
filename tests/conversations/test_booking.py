"""Discover and book, end to end against the sandbox over real HTTP."""

from __future__ import annotations

from dataclasses import replace

import pytest

from conversations import Command
from tests.conversations.conftest import Bot
from tests.conversations.member import Member


def modules_on(bot: Bot, contract_id: int) -> list[str]:
    return [s.module.name for s in bot.sandbox.module_contracts_of(contract_id)]


async def test_newcomer_books_the_sauna(bot: Bot, member: Member) -> None:
    await member.link()
    await member.press("Discover modules")
    assert "Sauna" in member.text and "€9.90/month" in member.text
    await member.press("Sauna")
    assert "Notice period: 14 days" in member.text and "Trial available: 14 days" in member.text
    await member.press("Book")
    await member.press("without trial")
    assert "Please check your booking" in member.text
    assert "Nothing is booked until you tap the button below" in member.text
    await member.press("Book for €9.90/month")
    assert "Booked! Sauna starts on 27 Nov 2026" in member.text
    assert "Price: €9.90/month" in member.text
    assert modules_on(bot, 5001) == ["Sauna"]
    assert bot.events[-1].kind == "purchase" and bot.events[-1].module_name == "Sauna"
    counts = bot.store.funnel_counts("Berlin Mitte", bot.clock.now().replace(hour=0))
    assert (counts.offers_shown, counts.purchases) == (1, 1)


async def test_booking_with_trial_says_when_the_trial_starts(bot: Bot, member: Member) -> None:
    await member.link()
    await member.press("Discover modules")
    await member.press("Sauna")
    await member.press("Book")
    await member.press("with a trial")
    assert "Starts with a trial (14 days)" in member.text
    await member.press("Book trial, then €9.90/month")
    assert "Booked!" in member.text and "Your trial starts on" in member.text


async def test_german_member_sees_german_prices_and_dates(bot: Bot) -> None:
    member = bot.member(language="de")
    await member.link()
    await member.press("Module entdecken")
    assert "9,90\u00a0€/Monat" in member.text
    await member.press("Sauna")
    await member.press("Buchen")
    await member.press("ohne Probezeit")
    await member.press("Für 9,90\u00a0€/Monat buchen")
    assert "Gebucht! Sauna beginnt am 27.11.2026" in member.text


async def test_every_payment_frequency_type_is_rendered(bot: Bot, member: Member) -> None:
    await member.link()
    await member.press("Discover modules")
    text = member.text
    assert "Trainingsplan-App Premium – free of charge" in text  # FREE
    assert "Personal-Training Start – €49.00 once" in text  # NON_RECURRING
    assert "Sauna – €9.90/month" in text  # RECURRING
    seasons = "€12.00/month from 1 Oct to 31 Mar, €8.00/month from 1 Apr to 30 Sept"
    assert f"Solarium – {seasons}" in text  # MONTH_DAY: every season with its dates
    steps = "€19.90/month for 3 months, then €24.90/month"
    assert f"Getränke-Flat – {steps}" in text  # TERM_BASED: every step
    assert "Handtuch-Flat – €4.90/month or €49.00 every 12 months" in text
    await member.press("Solarium")
    assert f"Price: {seasons}" in member.text
    await member.press("Other modules")
    await member.press("Getränke-Flat")
    assert f"Price: {steps}" in member.text
    assert member.labels[0] == "Book: €19.90/month, then …"
    await member.press("Other modules")
    await member.press("Handtuch-Flat")
    assert member.labels[:2] == ["Book: €4.90/month", "Book: €49.00 every 12 months"]


async def test_module_with_two_frequencies_books_the_chosen_one(bot: Bot, member: Member) -> None:
    await member.link()
    await member.press("Discover modules")
    await member.press("Handtuch-Flat")
    await member.press("every 12 months")
    await member.press("Book for €49.00 every 12 months")
    assert "Booked!" in member.text
    (contract,) = bot.sandbox.module_contracts_of(5001)
    assert contract.frequency.id == 2022


async def test_nothing_to_book_for_a_former_member(bot: Bot) -> None:
    member = bot.member()
    await member.command(Command.START)
    await member.say("1-1005")
    await member.say("18.06.1990")
    assert "no active membership" in member.text


@pytest.mark.parametrize(
    ("number", "born", "module", "trial", "expected"),
    [
        ("1-1006", "09.09.1982", "Sauna", False, "can't be added while your membership"),
        ("1-1002", "30.07.1988", "Sauna", True, "trial for Sauna isn't available"),
    ],
)
async def test_validation_refusals_are_explained(
    bot: Bot, number: str, born: str, module: str, trial: bool, expected: str
) -> None:
    member = bot.member()
    await member.command(Command.START)
    await member.say(number)
    await member.say(born)
    if "several memberships" in member.text:
        await member.press(member.labels[0])
    await member.press("Discover modules")
    await member.press(module)
    await member.press("Book")
    await member.press("with a trial" if trial else "without trial")
    assert expected in member.text
    assert not any("Book for" in label for label in member.labels)


async def test_already_purchased_when_the_desk_booked_it_meanwhile(
    bot: Bot, member: Member
) -> None:
    await member.link()
    await member.press("Discover modules")
    await member.press("Sauna")
    await member.press("Book")
    await member.press("without trial")
    bot.sandbox.add_module_at_desk(5001, 201)
    await member.press("Book for")
    assert "You already have Sauna" in member.text
    assert modules_on(bot, 5001) == ["Sauna"]


@pytest.mark.parametrize(
    ("status", "sentence"),
    [
        ("ADDITIONAL_MODULE_NOT_FOUND", "doesn't exist any more"),
        ("ADDITIONAL_MODULE_NOT_ONLINE_PURCHASABLE", "only be booked at the front desk"),
        ("ADDITIONAL_MODULE_CONTRACT_ALREADY_PURCHASED", "You already have"),
        ("ADDITIONAL_MODULE_CONTRACT_INVALID_STATUS", "can't be added while"),
        ("ADDITIONAL_MODULE_TRIAL_PERIOD_NOT_BOOKABLE", "trial for"),
        ("SOMETHING_NEW_FROM_THE_VENDOR", "can't be booked online right now"),
    ],
)
async def test_every_validation_status_has_a_sentence(
    bot: Bot, member: Member, status: str, sentence: str
) -> None:
    from conversations.flows.booking import explain_status

    await member.link()

    class _Turn:
        language = "en"

        def t(self, key: str, **values: object) -> str:
            from conversations.texts import text

            return text(key, "en", **values)

    assert sentence in explain_status(_Turn(), status, "Sauna")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("change", "sentence"),
    [
        ({"online_bookable": False}, "can only be booked at the front desk"),  # NOT_ONLINE_...
        ({"active": False}, "doesn't exist any more"),  # NOT_FOUND
    ],
)
async def test_studio_changing_the_module_meanwhile_is_explained(
    bot: Bot, member: Member, change: dict[str, bool], sentence: str
) -> None:
    await member.link()
    await member.press("Discover modules")
    await member.press("Personal-Training Start")  # one frequency, no trial
    modules = bot.sandbox.studios[1].modules
    modules[204] = replace(modules[204], **change)  # the studio reconfigures it meanwhile
    await member.press("Book")
    assert sentence in member.text
    assert bot.sandbox.module_contracts_of(5001) == []
