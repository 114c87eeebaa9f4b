"""Discover and book, end to end against the sandbox (test_over_http.py: over real HTTP).

The sandbox's FakeClock stands on 26 Nov 2026 (Berlin): a booking is expected to start on
27 Nov 2026; a 14-day trial from then is free until 10 Dec, the first paid day is 11 Dec.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from conversations import Command
from tests.conversations.conftest import Bot
from tests.conversations.member import Member

NBSP = "\u00a0"


def modules_on(bot: Bot, contract_id: int) -> list[str]:
    return [s.module.name for s in bot.sandbox.module_contracts_of(contract_id)]


async def to_module(member: Member, module: str, *, number: str = "1-1001") -> None:
    born = {"1-1001": "12.03.1994", "1-1002": "30.07.1988", "1-1006": "09.09.1982"}[number]
    await member.link(number, born)
    offers = "Module entdecken" if member.language == "de" else "Discover modules"
    await member.press(offers)
    await member.press(module)


async def test_newcomer_books_the_sauna(bot: Bot, member: Member) -> None:
    await member.link()
    await member.press("Discover modules")
    assert "Sauna" in member.text and "€9.90/month" in member.text
    await member.press("Sauna")
    assert "Notice period: 14 days" in member.text and "Free trial possible: 14 days" in member.text
    await member.press("Book")
    await member.press("without trial")
    assert "Please check your booking" in member.text
    assert "Nothing is booked until you tap the button below" in member.text
    await member.press("Book and pay · €9.90/month")
    assert "Booked! Sauna starts on 27 Nov 2026" in member.text
    assert "Price: €9.90/month" in member.text
    assert modules_on(bot, 5001) == ["Sauna"]
    assert bot.events[-1].kind == "purchase" and bot.events[-1].module_name == "Sauna"
    counts = bot.store.funnel_counts("Berlin Mitte", bot.clock.now().replace(hour=0))
    assert (counts.offers_shown, counts.purchases) == (1, 1)


# --- § 312j BGB: the summary above the order button, and the button itself ----------------


SUMMARIES = [
    # module, its booking button, the order button, lines the summary must hold
    (
        "Sauna",
        "€9.90/month",
        "Book and pay · €9.90/month",
        ["Price: €9.90/month", "Payment: monthly", "Minimum term: 1 month",
         "Notice period: 14 days", "Renewal: automatically by 1 month unless you cancel"],
    ),
    (
        "Getränke-Flat",  # TERM_BASED: every step, with the dates it applies
        "€19.90/month",
        "Book and pay · €19.90/month, then …",
        ["Price: €19.90/month until 26 Feb 2027, then €24.90/month", "Payment: monthly",
         "Minimum term: 3 months", "Notice period: 1 month"],
    ),
    (
        "Solarium",  # MONTH_DAY: every season; the button names the price in force at the start
        "€12.00/month",
        "Book and pay · €12.00/month, then …",
        ["Price: €12.00/month from 1 Oct to 31 Mar, €8.00/month from 1 Apr to 30 Sept"],
    ),
    (
        "Personal-Training Start",  # NON_RECURRING, no renewal
        "€49.00 once",
        "Book and pay · €49.00 once",
        ["Price: €49.00 once", "Payment: once", "Minimum term: 1 month",
         "Renewal: none, it ends by itself after 1 month"],
    ),
    (
        "Trainingsplan-App Premium",  # FREE
        "free of charge",
        "Book for free",
        ["Price: free of charge", "Payment: none (free of charge)"],
    ),
    (
        "Handtuch-Flat",  # the yearly option: its own term and renewal, not the module's month
        "€49.00 every 12 months",
        "Book and pay · €49.00 every 12 months",
        ["Price: €49.00 every 12 months", "Payment: every 12 months", "Minimum term: 12 months",
         "Notice period: 1 week", "Renewal: automatically by 12 months unless you cancel"],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("module", "option", "order", "lines"), SUMMARIES)
async def test_the_summary_holds_what_the_member_commits_to(
    bot: Bot, member: Member, module: str, option: str, order: str, lines: list[str]
) -> None:
    await to_module(member, module)
    await member.press(option)
    if "free trial" in member.text:
        await member.press("without trial")
    summary = member.text
    assert summary.startswith("Please check your booking:\n\n" + module)
    assert "Start: expected on 27 Nov 2026" in summary
    for line in lines:
        assert line in summary
    assert "Minimum term: 1 month, renews" not in summary
    assert member.labels == [order, "Never mind"]
    await member.press(order)
    assert f"Booked! {module} starts on 27 Nov 2026" in member.text


GERMAN_ORDER_BUTTONS = [
    ("Sauna", "9,90", f"Zahlungspflichtig buchen · 9,90{NBSP}€/Monat"),
    ("Getränke-Flat", "19,90", f"Zahlungspflichtig buchen · 19,90{NBSP}€/Monat, dann …"),
    ("Solarium", "12,00", f"Zahlungspflichtig buchen · 12,00{NBSP}€/Monat, dann …"),
    ("Personal-Training Start", "49,00", f"Zahlungspflichtig buchen · 49,00{NBSP}€ einmalig"),
    ("Trainingsplan-App Premium", "kostenlos", "Kostenlos buchen"),
]


@pytest.mark.parametrize(("module", "option", "order"), GERMAN_ORDER_BUTTONS)
async def test_the_german_order_button_says_it_costs_money(
    bot: Bot, module: str, option: str, order: str
) -> None:
    member = bot.member(language="de")
    await to_module(member, module)
    await member.press(option)
    if "Testphase" in member.text:
        await member.press("ohne Testphase")
    assert "Bitte prüf deine Buchung" in member.text
    assert "Beginn: voraussichtlich am 27.11.2026" in member.text
    assert "Zahlweise:" in member.text and "Mindestlaufzeit:" in member.text
    assert "Gebucht wird erst, wenn du unten auf den Button tippst." in member.text
    assert member.labels[0] == order
    await member.press(order)
    assert f"Gebucht! {module} beginnt am 27.11.2026" in member.text


async def test_german_member_sees_german_prices_and_dates(bot: Bot) -> None:
    member = bot.member(language="de")
    await member.link()
    await member.press("Module entdecken")
    assert f"9,90{NBSP}€/Monat" in member.text
    await member.press("Sauna")
    await member.press("Buchen")
    await member.press("ohne Testphase")
    await member.press(f"Zahlungspflichtig buchen · 9,90{NBSP}€/Monat")
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


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            "If you pay monthly:\n  Price: €4.90/month\n  Minimum term: 1 month\n"
            "  Notice period: 1 week before the end of a term\n"
            "  Renewal: automatically by 1 month unless you cancel\n"
            "If you pay every 12 months:\n  Price: €49.00 every 12 months\n"
            "  Minimum term: 12 months\n  Notice period: 1 week before the end of a term\n"
            "  Renewal: automatically by 12 months unless you cancel",
        ),
        (
            "de",
            f"Wenn du monatlich zahlst:\n  Preis: 4,90{NBSP}€/Monat\n  Mindestlaufzeit: 1 Monat\n"
            "  Kündigungsfrist: 1 Woche zum Ende einer Laufzeit\n"
            "  Verlängerung: automatisch um 1 Monat, wenn du nicht kündigst\n"
            f"Wenn du alle 12 Monate zahlst:\n  Preis: 49,00{NBSP}€ alle 12 Monate\n"
            "  Mindestlaufzeit: 12 Monate\n  Kündigungsfrist: 1 Woche zum Ende einer Laufzeit\n"
            "  Verlängerung: automatisch um 12 Monate, wenn du nicht kündigst",
        ),
    ],
)
async def test_each_payment_option_shows_its_own_terms(
    bot: Bot, language: str, expected: str
) -> None:
    member = bot.member(language=language)
    await to_module(member, "Handtuch-Flat")
    assert expected in member.text


async def test_module_with_two_frequencies_books_the_chosen_one(bot: Bot, member: Member) -> None:
    await member.link()
    await member.press("Discover modules")
    await member.press("Handtuch-Flat")
    await member.press("every 12 months")
    await member.press("Book and pay · €49.00 every 12 months")
    assert "Booked!" in member.text
    assert "Minimum term: 12 months, from 27 Nov 2026 to 26 Nov 2027" in member.text
    (contract,) = bot.sandbox.module_contracts_of(5001)
    assert contract.frequency.id == 2022
    assert contract.cancelation_options(bot.clock.now().date())[0].end.isoformat() == "2027-11-26"


# --- trials ----------------------------------------------------------------------------------


async def test_the_trial_question_says_when_it_ends_and_what_it_costs_then(
    bot: Bot, member: Member
) -> None:
    await to_module(member, "Sauna")
    await member.press("Book")
    assert member.text == (
        "You can start Sauna with a free trial of 14 days: it is free until 10 Dec 2026, and "
        "from 11 Dec 2026 it costs €9.90/month. Would you like to start with the trial?\n\n"
        "What the studio says about it: “14 Tage kostenlos testen”"
    )
    assert member.labels == [
        "Yes, start with the free trial",
        "No, book without trial",
        "Never mind",
    ]


async def test_the_trial_question_is_german_for_a_german_member(bot: Bot) -> None:
    member = bot.member(language="de")
    await to_module(member, "Sauna")
    await member.press("Buchen")
    assert member.text == (
        "Du kannst Sauna mit einer kostenlosen Testphase von 14 Tagen beginnen: bis zum "
        f"10.12.2026 ist es kostenlos, ab dem 11.12.2026 kostet es 9,90{NBSP}€/Monat. Möchtest "
        "du mit der Testphase starten?\n\nDas Studio schreibt dazu: „14 Tage kostenlos testen“"
    )
    assert member.labels == ["Ja, mit kostenloser Testphase", "Nein, ohne Testphase buchen",
                             "Nichts ändern"]  # fmt: skip


@pytest.mark.parametrize(
    ("language", "lines", "order"),
    [
        (
            "en",
            ["Price: free trial until 10 Dec 2026, then €9.90/month",
             "Free trial: 14 days, until 10 Dec 2026", "First paid day: 11 Dec 2026",
             "Minimum term: 1 month from the first paid day"],
            "Book and pay · 14 days free, then €9.90/month",
        ),
        (
            "de",
            [f"Preis: kostenlose Testphase bis 10.12.2026, dann 9,90{NBSP}€/Monat",
             "Kostenlose Testphase: 14 Tage, bis zum 10.12.2026",
             "Erster kostenpflichtiger Tag: 11.12.2026",
             "Mindestlaufzeit: 1 Monat ab dem ersten kostenpflichtigen Tag"],
            f"Zahlungspflichtig buchen · 14 Tage kostenlos, dann 9,90{NBSP}€/Monat",
        ),
    ],
)  # fmt: skip
async def test_booking_with_trial_names_its_end_and_the_first_paid_day(
    bot: Bot, language: str, lines: list[str], order: str
) -> None:
    member = bot.member(language=language)
    await to_module(member, "Sauna")
    await member.press(member.labels[0])  # the only way to pay
    await member.press(member.labels[0])  # yes, with the trial
    for line in lines:
        assert line in member.text
    assert member.labels[0] == order
    await member.press(order)
    receipt = member.last[0].text
    for line in lines[:3]:
        assert line in receipt
    minimum = (
        "Minimum term: 1 month, from 11 Dec 2026 to 10 Jan 2027"
        if language == "en"
        else "Mindestlaufzeit: 1 Monat, vom 11.12.2026 bis zum 10.01.2027"
    )
    assert minimum in receipt


async def test_a_used_trial_offers_booking_without_it(bot: Bot) -> None:
    member = bot.member()
    await member.command(Command.START)
    await member.say("1-1002")
    await member.say("30.07.1988")
    await member.press(member.labels[0])  # the first of two memberships
    await member.press("Discover modules")
    await member.press("Sauna")
    await member.press("Book")
    await member.press("with the free trial")
    assert "The free trial of Sauna isn't available to you" in member.text
    assert member.labels == ["Book without trial", "Never mind"]
    await member.press("Book without trial")
    assert "Please check your booking" in member.text and "trial" not in member.text.lower()
    await member.press("Book and pay · €9.90/month")
    assert "Booked! Sauna starts on 27 Nov 2026" in member.text
    assert modules_on(bot, 5002) == ["Sauna", "Sauna"]  # the old one ended after its trial


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            "Your membership “Premium 12” has been cancelled and ends on {end}, so no modules "
            "can be added to it any more.\n\nIf you have questions, the front desk of Berlin "
            "Mitte is happy to help: +49 30 1234567 · mitte@sandbox.invalid",
        ),
        (
            "de",
            "Deine Mitgliedschaft „Premium 12“ ist gekündigt und endet am {end}. Deshalb kannst "
            "du keine Module mehr dazubuchen.\n\nBei Fragen hilft dir der Empfang von Berlin "
            "Mitte gern weiter: +49 30 1234567 · mitte@sandbox.invalid",
        ),
    ],
)
async def test_a_canceled_membership_is_told_before_the_module_list(
    bot: Bot, language: str, expected: str
) -> None:
    member = bot.member(language=language)
    await member.link("1-1006", "09.09.1982")
    await member.command(Command.MODULES)
    contract = bot.sandbox.contracts[5007]
    assert contract.cancelation is not None
    from conversations.formatting import day

    assert member.text == expected.format(end=day(contract.cancelation.date, language))
    assert "Sauna" not in member.labels


async def test_nothing_to_book_for_a_former_member(bot: Bot) -> None:
    member = bot.member()
    await member.command(Command.START)
    await member.say("1-1005")
    await member.say("18.06.1990")
    assert "no active membership" in member.text


async def test_already_purchased_when_the_desk_booked_it_meanwhile(
    bot: Bot, member: Member
) -> None:
    await member.link()
    await member.press("Discover modules")
    await member.press("Sauna")
    await member.press("Book")
    await member.press("without trial")
    bot.sandbox.add_module_at_desk(5001, 201)
    await member.press("Book and pay")
    assert "You already have Sauna" in member.text
    assert modules_on(bot, 5001) == ["Sauna"]


@pytest.mark.parametrize(
    ("status", "sentence"),
    [
        ("ADDITIONAL_MODULE_NOT_FOUND", "is no longer offered by your studio"),
        ("ADDITIONAL_MODULE_NOT_ONLINE_PURCHASABLE", "only be booked at the front desk"),
        ("ADDITIONAL_MODULE_CONTRACT_ALREADY_PURCHASED", "You already have"),
        ("ADDITIONAL_MODULE_CONTRACT_INVALID_STATUS", "can't be added while"),
        ("ADDITIONAL_MODULE_TRIAL_PERIOD_NOT_BOOKABLE", "free trial of"),
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
        ({"active": False}, "is no longer offered by your studio"),  # NOT_FOUND
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
    await member.press("Book")  # the summary trusts the list PerfectGym sent moments ago
    await member.press("Book and pay")  # validated right before buying: caught there
    assert sentence in member.text
    assert bot.sandbox.module_contracts_of(5001) == []
