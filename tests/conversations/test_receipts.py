"""Receipts: their own message, what the member agreed to, logged on the customer in PerfectGym.

The FakeClock stands on 26 Nov 2026, 11:00 Berlin time; a booking starts on 27 Nov 2026.
"""

from __future__ import annotations

import pytest

from conversations import StaffEventKind
from conversations.receipts import Receipt, ReceiptKind, word
from tests.conversations.conftest import Bot
from tests.conversations.member import Member

NBSP = "\u00a0"


async def book(member: Member, module: str, *, trial: bool = False) -> None:
    await member.link()
    await member.press("Module entdecken" if member.language == "de" else "Discover modules")
    await member.press(module)
    await member.press(member.labels[0])  # the first way to pay
    if len(member.labels) == 3:  # the trial question
        await member.press(member.labels[0 if trial else 1])
    await member.press(member.labels[0])  # the order button


RECEIPT_EN = """Receipt: booking of Sauna

Booked! Sauna starts on 27 Nov 2026. You'll find it under “My modules”.

Price: free trial until 10 Dec 2026, then €9.90/month
Payment: monthly
Start: 27 Nov 2026
Free trial: 14 days, until 10 Dec 2026
First paid day: 11 Dec 2026
Minimum term: 1 month, from 11 Dec 2026 to 10 Jan 2027
Notice period: 14 days before the end of a term
Renewal: automatically by 1 month unless you cancel
Module contract no.: 9500
Your declaration was received on 26 Nov 2026, 11:00."""

RECEIPT_DE = f"""Bestätigung: Buchung von Sauna

Gebucht! Sauna beginnt am 27.11.2026. Du findest es unter „Meine Module“.

Preis: kostenlose Testphase bis 10.12.2026, dann 9,90{NBSP}€/Monat
Zahlweise: monatlich
Beginn: 27.11.2026
Kostenlose Testphase: 14 Tage, bis zum 10.12.2026
Erster kostenpflichtiger Tag: 11.12.2026
Mindestlaufzeit: 1 Monat, vom 11.12.2026 bis zum 10.01.2027
Kündigungsfrist: 14 Tage zum Ende einer Laufzeit
Verlängerung: automatisch um 1 Monat, wenn du nicht kündigst
Modulvertrag Nr.: 9500
Deine Erklärung ist am 26.11.2026, 11:00 Uhr eingegangen."""


@pytest.mark.parametrize(("language", "expected"), [("en", RECEIPT_EN), ("de", RECEIPT_DE)])
async def test_the_receipt_holds_what_was_booked_and_when_it_was_received(
    bot: Bot, language: str, expected: str
) -> None:
    member = bot.member(language=language)
    await book(member, "Sauna", trial=True)
    receipt, follow_up = member.last
    assert receipt.text == expected
    assert receipt.buttons == () and receipt.replace is False, "nothing can edit it away"
    assert follow_up.replace is False and follow_up.buttons


async def test_the_receipt_is_logged_on_the_customer_in_perfectgym(
    bot: Bot, member: Member
) -> None:
    await book(member, "Getränke-Flat")
    receipt = member.last[0].text
    assert "Price: €19.90/month until 26 Feb 2027, then €24.90/month" in receipt
    (thread,) = bot.sandbox.communications
    assert thread.customer_id == 1001
    assert thread.fields["communicationChannel"] == "CHAT"
    assert thread.fields["communicationDirection"] == "OUTGOING"
    assert thread.fields["subject"] == "Receipt: booking of Getränke-Flat"
    assert thread.fields["content"] == receipt


async def test_a_refused_log_does_not_block_the_receipt_and_tells_staff(
    bot: Bot, member: Member
) -> None:
    bot.sandbox.faults.add("createCommunicationInNewCommunicationThread", status=403)
    await book(member, "Sauna")
    assert member.last[0].text.startswith("Receipt: booking of Sauna\n\nBooked!")
    assert bot.sandbox.communications == []
    assert len(bot.sandbox.module_contracts_of(5001)) == 1
    (problem,) = [e for e in bot.events if e.kind is StaffEventKind.NEEDS_HUMAN]
    assert problem.detail["problem"] == "receipt_not_logged"
    assert problem.customer_id == 1001 and problem.module_name == "Sauna"


async def test_a_withdrawal_gets_a_receipt_too(bot: Bot, member: Member) -> None:
    await member.link("1-1004", "20.01.1985")
    await member.press("My modules")
    await member.press("Handtuch-Flat")
    await member.press("Keep Handtuch-Flat after all")
    await member.press("Yes, keep Handtuch-Flat")
    receipt, follow_up = member.last
    assert receipt.text.startswith(
        "Receipt: cancellation of Handtuch-Flat taken back\n\n"
        "Great, Handtuch-Flat continues as before."
    )
    assert "Module contract no.: 9002" in receipt.text
    assert "Your declaration was received on 26 Nov 2026, 11:00." in receipt.text
    assert receipt.buttons == () and follow_up.buttons
    (thread,) = bot.sandbox.communications
    assert thread.customer_id == 1004 and thread.fields["content"] == receipt.text


async def test_a_receipt_without_details_still_says_when_it_was_received(bot: Bot) -> None:
    member = bot.member()
    await member.link()

    class _Turn:  # the wording alone, as a cancelation flow would use it
        language = "en"
        studio = bot.services.studios["Berlin Mitte"]

        def t(self, key: str, **values: object) -> str:
            from conversations.texts import text

            return text(key, "en", **values)

    receipt = Receipt(
        ReceiptKind.CANCELATION, "Sauna", bot.clock.now(), "Sauna ends on 31 Dec 2026."
    )
    assert word(_Turn(), receipt) == (  # type: ignore[arg-type]
        "Receipt: cancellation of Sauna\n\nSauna ends on 31 Dec 2026.\n\n"
        "Your declaration was received on 26 Nov 2026, 11:00."
    )
