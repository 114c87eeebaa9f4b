"""Staff desk functions (platform-neutral) and the funnel the figures come from."""

from __future__ import annotations

from decimal import Decimal

import pytest

from conversations.staff import CustomerNotFound, StaffDesk
from tests.conversations.conftest import Bot
from tests.conversations.member import Member


async def test_customer_overview_shows_links_contracts_and_pending_cancelations(
    bot: Bot,
) -> None:
    member = bot.member("david")
    await member.link("1-1004", "20.01.1985")
    overview = await StaffDesk(bot.services).customer_overview(None, "1-1004", actor="slack:U1")
    assert overview.name == "David Krüger"
    assert [(link.platform, link.chat_id) for link in overview.links] == [("test", "david")]
    (contract,) = overview.contracts
    assert contract.id == 5005 and contract.modules[0].name == "Handtuch-Flat"
    (pending,) = overview.pending_cancelations
    assert pending.cancelation_status == "PENDING_VERIFICATION" and pending.can_withdraw
    assert bot.store.audit_events(action="customer_viewed")[0].actor == "slack:U1"


async def test_unknown_customer_is_a_clear_error(bot: Bot) -> None:
    with pytest.raises(CustomerNotFound, match="no customer"):
        await StaffDesk(bot.services).customer_overview(None, "9-9999", actor="slack:U1")


async def test_link_code_is_stored_hashed_and_audited(bot: Bot) -> None:
    issued = await StaffDesk(bot.services).issue_link_code(None, "1-1001", actor="slack:U2")
    assert issued.customer_id == 1001 and issued.customer_name == "Anna Neumann"
    raw = bot.store.path.read_bytes()
    assert issued.code.encode() not in raw
    assert bot.store.audit_events(action="link_code_issued")[0].actor == "slack:U2"


async def test_every_step_records_a_funnel_event(bot: Bot, member: Member) -> None:
    await member.link("1-1003", "05.11.1979")
    await member.press("Discover modules")
    await member.press("Handtuch-Flat")
    await member.press("€4.90/month")
    await member.press("Book and pay")
    await member.press("My modules")
    await member.press("Handtuch-Flat")
    await member.press("Cancel this module")
    await member.press(member.labels[0])
    await member.press("Cancel now")
    await member.press("Keep Handtuch-Flat after all")
    await member.press("Yes, keep")
    counts = bot.store.funnel_counts("Berlin Mitte", bot.clock.now().replace(hour=0))
    for event in (
        "offers_shown",
        "module_viewed",
        "validated",
        "confirmed",
        "purchased",
        "canceled",
        "withdrawn",
    ):
        assert counts.by_event.get(event), event
    assert counts.validation_statuses.get("ADDITIONAL_MODULE_PURCHASABLE")
    assert counts.revenue.get("EUR") == Decimal("4.90")
