"""Contract webhooks from the sandbox, end to end: the member and staff hear what changed."""

from __future__ import annotations

import uuid

import httpx

from bot.sandbox import BERLIN_MITTE_WEBHOOK_KEY
from bot.store import DeliveryStatus
from tests.conversations.member import Member
from tests.webhooks.harness import Stack


async def linked(
    stack: Stack, chat: str, number: str = "1-1001", born: str = "12.03.1994"
) -> Member:
    member = stack.member(chat)
    await member.link(number, born)
    await stack.settle()  # the first look at the contract (baseline) tells nothing
    return member


async def cancel_sauna_in_chat(member: Member) -> None:
    await member.press("My modules")
    await member.press("Sauna")
    await member.press("Cancel this module")
    await member.press(member.labels[0])
    await member.press("Cancel now")
    assert "The studio still has to confirm it" in member.text


async def test_a_module_added_at_the_desk_is_told_to_the_member_and_to_staff(
    stack: Stack,
) -> None:
    await linked(stack, "anna")
    stack.sandbox.add_module_at_desk(5001, 202)
    await stack.settle()
    await stack.hub.send_due()

    (push,) = stack.channel.to("anna")
    assert "Handtuch-Flat was added to your membership at Berlin Mitte." in push.text
    assert "/stop" not in push.text and "reminders" not in push.text, "news is no advertising"
    assert push.labels == ["My modules"]
    link = stack.store.get_link("test", "anna")
    assert link is not None and not link.marketing_consent, "service news needs no yes to offers"
    (event,) = stack.changed()
    assert (event.module_name, event.customer_id) == ("Handtuch-Flat", 1001)
    assert event.status == "added to the membership in PerfectGym"
    types = sorted(d.event_type or "" for d in stack.store.deliveries())
    assert types == ["CONTRACT_ADDITIONAL_MODULE_CREATED", "CONTRACT_UPDATED"]
    assert {d.status for d in stack.store.deliveries()} == {DeliveryStatus.PROCESSED}


async def test_the_studio_confirming_a_cancelation_is_told_but_the_bots_own_is_not(
    stack: Stack,
) -> None:
    clara = await linked(stack, "clara", "1-1003", "05.11.1979")
    await cancel_sauna_in_chat(clara)
    await stack.settle()
    await stack.hub.send_due()
    assert stack.channel.to("clara") == [], "the chat already said it; no second message"
    assert stack.changed() == [], "the engine already posted it to staff"

    stack.sandbox.confirm_cancelation(9001)
    await stack.settle()
    await stack.hub.send_due()
    (push,) = stack.channel.to("clara")
    confirmed = "The studio has confirmed your cancellation of Sauna. It ends on 31 Dec 2026."
    assert confirmed in push.text
    assert push.labels == ["Keep Sauna", "My modules"]
    (event,) = stack.changed()
    assert event.status == "cancelation confirmed by the studio"
    assert event.detail == {"change": "cancel_confirmed", "date": "2026-12-31"}

    stack.show(clara, push)
    await clara.press("Keep Sauna")
    assert "Keep Sauna and take back your cancellation" in clara.text


async def test_repeated_processing_tells_nothing_twice(stack: Stack) -> None:
    await linked(stack, "anna")
    stack.sandbox.add_module_at_desk(5001, 202)
    await stack.settle()
    await stack.hub.contract_event("Berlin Mitte", 1001)  # e.g. a redelivered webhook
    await stack.hub.send_due()
    assert len(stack.channel.to("anna")) == 1
    assert len(stack.changed()) == 1


async def test_events_for_another_main_contract_or_nobody_linked_are_dropped(
    stack: Stack,
) -> None:
    await linked(stack, "anna")
    bodies = [
        (1001, {"contractId": 9999}),  # Anna's link is to contract 5001
        (1003, {"contractId": 5004}),  # Clara linked no chat
    ]
    async with httpx.AsyncClient() as http:
        for entity, content in bodies:
            body = {
                "entityId": entity,
                "uuid": str(uuid.uuid4()),
                "payload": [{"timestamp": 1, "type": "CONTRACT_UPDATED", "content": content}],
            }
            headers = {"x-api-key": BERLIN_MITTE_WEBHOOK_KEY}
            response = await http.post(stack.webhook_url, json=body, headers=headers)
            assert response.status_code == 200
    await stack.webhooks.worker.drain()
    details = [(d.status, d.detail) for d in stack.store.deliveries()]
    assert details == [
        (DeliveryStatus.DROPPED, "another main contract"),
        (DeliveryStatus.DROPPED, "no chat linked"),
    ]


async def test_a_perfectgym_failure_keeps_the_delivery_for_a_later_try(stack: Stack) -> None:
    await linked(stack, "anna")
    stack.sandbox.faults.add("getCustomersContracts", status=503, times=None)
    stack.sandbox.add_module_at_desk(5001, 202)
    await stack.sandbox.webhooks.drain()
    assert await stack.webhooks.worker.drain() is False
    assert {d.status for d in stack.store.deliveries()} == {DeliveryStatus.RECEIVED}
    assert stack.channel.pushes == []

    stack.sandbox.faults.clear()
    assert await stack.webhooks.worker.drain() is True
    await stack.hub.send_due()
    assert {d.status for d in stack.store.deliveries()} == {DeliveryStatus.PROCESSED}
    assert len(stack.channel.to("anna")) == 1
