"""``/upsell stats``: purchases split by kind, honest recurring revenue, conversion, reasons.

Bookings and the cancelation go through the engine against the sandbox; the figures are
asked for through Bolt's real request handling.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from bot.store import FunnelEvent, PurchaseKind
from testing.slack import answer_text
from tests.adapters.slack.conftest import Desk
from tests.adapters.slack.test_feed import cancel_sauna


async def book_one_of_each(desk: Desk) -> None:
    """A trial, a paid, a free and a one-off booking, and a cancelation with a reason."""
    anna = desk.chat("anna")
    await anna.link("1-1001", "12.03.1994")
    await anna.book("Sauna", trial=True)  # 14-day trial, then €9.90/month
    await anna.book("Trainingsplan-App Premium")  # free of charge
    clara = desk.chat("clara")
    await clara.link("1-1003", "05.11.1979")
    await clara.book("Handtuch-Flat")  # €4.90/month, paid from the start
    david = desk.chat("david")
    await david.link("1-1004", "20.01.1985")
    await david.book("Personal-Training Start")  # €49.00 once
    await cancel_sauna(desk, "1-1003", "05.11.1979")  # €9.90/month lost, reason "Umzug"


async def stats(desk: Desk, days: int = 30) -> str:
    response = await desk.command(f"stats {days}")
    return answer_text(response.json())


async def test_the_flows_record_what_each_booking_is_worth(desk: Desk) -> None:
    await book_one_of_each(desk)
    since = desk.clock.now() - timedelta(days=1)
    bought = desk.store.funnel_records(FunnelEvent.PURCHASED, since, studio="Berlin Mitte")
    kinds = {r.module_name: r.purchase.kind for r in bought if r.purchase}
    assert kinds == {
        "Sauna": PurchaseKind.TRIAL,
        "Trainingsplan-App Premium": PurchaseKind.FREE,
        "Handtuch-Flat": PurchaseKind.PAID,
        "Personal-Training Start": PurchaseKind.ONE_OFF,
    }
    sauna = next(r for r in bought if r.module_name == "Sauna")
    assert sauna.purchase is not None and sauna.purchase.paid_from is not None
    assert sauna.purchase.paid_from == desk.clock.now().date() + timedelta(days=15)
    (canceled,) = desk.store.funnel_records(FunnelEvent.CANCELED, since, studio="Berlin Mitte")
    assert canceled.cancelation is not None and canceled.cancelation.reason == "Umzug"
    assert (canceled.amount, canceled.currency) == (Decimal("9.90"), "EUR")


async def test_figures_split_purchases_and_count_only_paid_recurring_revenue(desk: Desk) -> None:
    await book_one_of_each(desk)
    text = await stats(desk)
    assert "*Purchases*\n4\npaid 1 · trial 1 · free 1 · one-off 1" in text
    # +€4.90 towels; the sauna trial adds nothing yet; −€9.90 for the canceled sauna
    assert "*Monthly recurring revenue added*\n-€5.00\n" in text
    assert "+€4.90 paid bookings, +€0.00 trials turned paid, −€9.90 cancellations" in text
    assert "*One-off revenue*\n€49.00" in text
    assert "*After trials*\n€9.90 per month, once the running trials turn paid" in text
    assert "*Cancellations*\n1" in text
    assert "*Cancellation reasons*\n• Umzug: 1" in text


async def test_a_trial_counts_once_it_turns_paid(desk: Desk) -> None:
    await book_one_of_each(desk)
    desk.clock.advance(timedelta(days=15))  # the sauna's first paid day
    text = await stats(desk)
    assert "+€4.90 paid bookings, +€9.90 trials turned paid, −€9.90 cancellations" in text
    assert "*Monthly recurring revenue added*\n€4.90\n" in text
    assert "*After trials*\n€0.00 per month" in text
    week = await stats(desk, 7)  # the bookings are older than a week; the trial's turn is not
    assert "*Purchases*\n0\n" in week and "+€9.90 trials turned paid" in week


async def test_conversion_per_module_counts_views_and_personal_offers(desk: Desk) -> None:
    await book_one_of_each(desk)
    text = await stats(desk)
    table = text.split("*Per module*")[1].split("```")[1]
    rows = {line.split()[0]: line.split() for line in table.splitlines()[1:]}
    assert rows["Sauna"][1:4] == ["1", "1", "100%"]  # looked at once, booked once
    assert rows["Handtuch-Flat"][1:5] == ["1", "1", "100%", "€4.90"]


@pytest.mark.parametrize("studio_locale", ["de_DE"])
async def test_figures_in_german(desk: Desk) -> None:
    await book_one_of_each(desk)
    text = await stats(desk)
    assert "Upsell-Zahlen · Berlin Mitte · letzte 30 Tage" in text
    assert "*Buchungen*\n4\nkostenpflichtig 1 · Testphase 1 · kostenlos 1 · einmalig 1" in text
    assert "*Monatlicher Mehrumsatz*\n-5,00\u00a0€\n" in text
    assert "*Einmalumsatz*\n49,00\u00a0€" in text
    assert "*Kündigungsgründe*\n• Umzug: 1" in text
    assert "100\u00a0%" in text
    assert "Upsell figures" not in text and "Purchases" not in text
