"""The upsell figures from funnel rows written through the store's public API: trials that
end in their trial, cancelations whose price could not be read, rows from older versions."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from bot.store import CancelationFacts, PurchaseFacts, PurchaseKind
from conversations.staff import StaffDesk, StudioStats
from tests.conversations.conftest import Bot

STUDIO = "Berlin Mitte"


def bought(
    bot: Bot,
    module_contract_id: int,
    kind: PurchaseKind | None,
    monthly: str,
    *,
    paid_from: date | None = None,
    one_off: str | None = None,
    module_id: int = 201,
) -> None:
    facts = None
    if kind is not None:
        facts = PurchaseFacts(
            kind=kind,
            payment_type="RECURRING",
            paid_from=paid_from,
            one_off=Decimal(one_off) if one_off else None,
        )
    bot.store.record_funnel(
        "purchased",
        studio=STUDIO,
        now=bot.clock.now(),
        module_id=module_id,
        module_name=f"Module {module_id}",
        amount=Decimal(monthly),
        currency="EUR",
        detail={"module_contract_id": module_contract_id},
        purchase=facts,
    )


def canceled(bot: Bot, module_contract_id: int, facts: CancelationFacts) -> None:
    bot.store.record_funnel(
        "canceled",
        studio=STUDIO,
        now=bot.clock.now(),
        module_id=201,
        module_name="Module 201",
        detail={"module_contract_id": module_contract_id},
        cancelation=facts,
    )


async def figures(bot: Bot, days: int = 30) -> StudioStats:
    return await StaffDesk(bot.services).stats(None, days, actor="test")


async def test_a_trial_canceled_within_its_trial_adds_and_loses_nothing(bot: Bot) -> None:
    first_paid = bot.clock.now().date() + timedelta(days=15)
    bought(bot, 9500, PurchaseKind.TRIAL, "9.90", paid_from=first_paid)
    assert (await figures(bot)).after_trial == {"EUR": Decimal("9.90")}
    canceled(bot, 9500, CancelationFacts(reason="Zu teuer", in_trial=True, monthly=Decimal(0)))
    bot.clock.advance(timedelta(days=20))
    later = await figures(bot)
    assert later.recurring_from_trials == {} and later.recurring_lost == {}
    assert later.after_trial == {} and later.recurring_net == {}
    assert later.purchases == {PurchaseKind.TRIAL: 1}
    assert later.reasons == [("Zu teuer", 1)]


async def test_a_trial_kept_counts_on_its_first_paid_day_only(bot: Bot) -> None:
    first_paid = bot.clock.now().date() + timedelta(days=15)
    bought(bot, 9500, PurchaseKind.TRIAL, "9.90", paid_from=first_paid)
    bot.clock.advance(timedelta(days=14))
    assert (await figures(bot)).recurring_from_trials == {}
    bot.clock.advance(timedelta(days=1))
    assert (await figures(bot)).recurring_from_trials == {"EUR": Decimal("9.90")}
    assert (await figures(bot, 1)).recurring_from_trials == {"EUR": Decimal("9.90")}
    bot.clock.advance(timedelta(days=2))
    assert (await figures(bot, 1)).recurring_from_trials == {}


async def test_a_cancelation_whose_price_was_not_read_loses_the_booked_price(bot: Bot) -> None:
    bought(bot, 9600, PurchaseKind.PAID, "4.90")
    canceled(bot, 9600, CancelationFacts(reason=None, monthly=None))
    canceled(bot, 9700, CancelationFacts(reason="Umzug", monthly=None))  # booked at the desk
    result = await figures(bot)
    assert result.recurring_paid == {"EUR": Decimal("4.90")}
    assert result.recurring_lost == {"EUR": Decimal("4.90")}
    assert result.recurring_net == {}
    assert sorted(result.reasons, key=str) == [("Umzug", 1), (None, 1)]


async def test_one_off_and_free_bookings_add_no_recurring_revenue(bot: Bot) -> None:
    bought(bot, 9800, PurchaseKind.ONE_OFF, "0", one_off="49.00", module_id=204)
    bought(bot, 9801, PurchaseKind.FREE, "0", module_id=205)
    result = await figures(bot)
    assert result.one_off == {"EUR": Decimal("49.00")}
    assert result.recurring_net == {}
    assert result.purchases == {PurchaseKind.ONE_OFF: 1, PurchaseKind.FREE: 1}


async def test_rows_from_before_the_facts_were_recorded_still_count(bot: Bot) -> None:
    bought(bot, 9900, None, "9.90")
    bought(bot, 9901, None, "0", module_id=205)
    result = await figures(bot)
    assert result.purchases == {PurchaseKind.PAID: 1, PurchaseKind.FREE: 1}
    assert result.recurring_paid == {"EUR": Decimal("9.90")}


async def test_conversion_per_module_counts_views_and_personal_offers(bot: Bot) -> None:
    now = bot.clock.now()
    for event in ("module_viewed", "module_viewed", "offer_sent", "module_viewed"):
        bot.store.record_funnel(event, studio=STUDIO, now=now, module_id=201, module_name="Sauna")
    bought(bot, 9500, PurchaseKind.PAID, "9.90")
    (sauna,) = (await figures(bot)).modules
    assert (sauna.views, sauna.offers, sauna.purchases) == (3, 1, 1)
    assert sauna.conversion == 0.25 and sauna.monthly == {"EUR": Decimal("9.90")}
