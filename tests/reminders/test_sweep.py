"""The sweep catches what events missed, a few members at a time, within the API budget."""

from __future__ import annotations

from datetime import timedelta

from bot.store import ChatLink
from tests.webhooks.harness import Stack

MEMBERS = {"anna": (1001, 5001), "clara": (1003, 5004), "david": (1004, 5005)}


def link_directly(stack: Stack) -> None:
    """Links from before the reminders existed: no snapshot yet."""
    now = stack.clock.now()
    for chat, (customer_id, contract_id) in MEMBERS.items():
        stack.store.save_link(
            ChatLink(
                platform="test",
                chat_id=chat,
                studio="Berlin Mitte",
                customer_id=customer_id,
                contract_id=contract_id,
                marketing_consent=True,
                linked_at=now,
                updated_at=now,
            )
        )


def looked_at(stack: Stack) -> set[str]:
    return {s.chat_id for s in stack.store.contract_snapshots()}


async def test_the_sweep_takes_a_first_look_a_few_members_at_a_time(stack: Stack) -> None:
    link_directly(stack)
    assert await stack.hub.sweep(limit=2) == 2
    assert len(looked_at(stack)) == 2
    assert await stack.hub.sweep(limit=2) == 1
    assert looked_at(stack) == set(MEMBERS)
    assert await stack.hub.sweep(limit=2) == 0, "everyone was seen recently"
    david = stack.store.contract_snapshot("test", "david")
    assert david is not None and david.modules[0].cancelation_status == "PENDING_VERIFICATION"

    stack.clock.advance(hours=25)
    assert await stack.hub.sweep(limit=5) == 3
    assert stack.channel.pushes == [], "first looks and unchanged contracts tell nobody"


async def test_a_member_perfectgym_cannot_show_is_not_asked_again_and_again(
    stack: Stack,
) -> None:
    link_directly(stack)
    stack.sandbox.faults.add("getCustomersContracts", status=500, times=None)
    assert await stack.hub.sweep(limit=5) == 0
    stack.sandbox.faults.clear()
    assert await stack.hub.sweep(limit=5) == 0, "tried within refresh_after_hours"
    stack.clock.advance(timedelta(hours=25))
    assert await stack.hub.sweep(limit=5) == 3
