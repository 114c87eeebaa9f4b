"""Links, conversations, tokens, dedupe, link codes and attempts: the member-turn tables."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from bot.store import (
    AttemptBudget,
    ChatLink,
    ConversationWrite,
    FunnelRow,
    StaleConversation,
    TokenExpired,
    TokenForeign,
    TokenRow,
    TokenUnknown,
    TokenUsed,
    TurnWrite,
    new_token,
)
from bot.store.protocols import StoreAPI
from tests.store.contract.conftest import OpenBackend


def link(now: datetime, chat: str = "42", customer: int = 1001) -> ChatLink:
    return ChatLink(
        platform="telegram",
        chat_id=chat,
        studio="Berlin Mitte",
        customer_id=customer,
        customer_number=f"1-{customer}",
        contract_id=5001,
        language="de",
        linked_at=now,
        updated_at=now,
    )


async def test_a_link_is_saved_found_and_erased(store: StoreAPI, now: datetime) -> None:
    await store.save_link(link(now))
    assert await store.get_link("telegram", "42") == link(now)
    assert [x.chat_id for x in await store.links_for_customer("Berlin Mitte", 1001)] == ["42"]
    assert await store.set_unreachable("telegram", "42", True, now=now)
    assert (await store.get_link("telegram", "42")).unreachable  # type: ignore[union-attr]
    erased = await store.erase_chat("telegram", "42")
    assert erased.link is not None and await store.get_link("telegram", "42") is None


async def test_consent_is_stored_with_its_proof(store: StoreAPI, now: datetime) -> None:
    await store.save_link(link(now))
    detail = {"given": True, "version": "offers-2", "wording": "…"}
    await store.record_consent(
        "telegram", "42", True, version="offers-2", actor="telegram:42", action="consent",
        studio="Berlin Mitte", subject="1001", detail=detail, now=now,
    )  # fmt: skip
    saved = await store.get_link("telegram", "42")
    assert saved is not None and saved.marketing_consent and saved.consent_version == "offers-2"
    (proof,) = await store.audit_events(action="consent")
    assert proof.detail == detail


async def test_a_conversation_saves_with_optimistic_versions(
    store: StoreAPI, now: datetime
) -> None:
    first = await store.save_conversation(
        "telegram", "42", "book_confirm", {"step": 1}, None, expected_version=0, now=now
    )
    second = await store.save_conversation(
        "telegram", "42", "idle", {}, None, expected_version=first, now=now
    )
    assert second == first + 1
    with pytest.raises(StaleConversation):
        await store.save_conversation(
            "telegram", "42", "idle", {}, None, expected_version=first, now=now
        )
    loaded = await store.load_conversation("telegram", "42")
    assert loaded is not None and loaded.state == "idle" and loaded.version == second


async def test_a_token_is_redeemed_once_by_its_own_chat_before_it_expires(
    store: StoreAPI, now: datetime
) -> None:
    later = now + timedelta(minutes=30)
    token = await store.issue_token("telegram", "42", "offers", {"x": 1}, later, now)
    with pytest.raises(TokenForeign):
        await store.redeem_token(token, "telegram", "43", now)
    redeemed = await store.redeem_token(token, "telegram", "42", now)
    assert redeemed.action == "offers" and redeemed.payload == {"x": 1}
    with pytest.raises(TokenUsed):
        await store.redeem_token(token, "telegram", "42", now)
    stale = await store.issue_token("telegram", "42", "offers", {}, later, now)
    with pytest.raises(TokenExpired):
        await store.redeem_token(stale, "telegram", "42", later + timedelta(seconds=1))
    with pytest.raises(TokenUnknown):
        await store.redeem_token(new_token(), "telegram", "42", now)


async def test_two_handles_redeeming_one_token_at_once_redeem_it_once(
    open_backend: OpenBackend, now: datetime
) -> None:
    one, two = open_backend(), open_backend()
    token = await one.issue_token("telegram", "42", "confirm_booking", {}, now + timedelta(1), now)

    async def tap(store: StoreAPI) -> bool:
        try:
            await store.redeem_token(token, "telegram", "42", now)
        except TokenUsed:
            return False
        return True

    assert sorted(await asyncio.gather(tap(one), tap(two), tap(one), tap(two))) == [
        False, False, False, True,
    ]  # fmt: skip


async def test_a_turn_is_stored_at_once_and_a_lost_race_keeps_the_buttons(
    store: StoreAPI, now: datetime
) -> None:
    token = new_token()
    write = TurnWrite(
        platform="telegram",
        chat_id="42",
        now=now,
        tokens=(TokenRow(token=token, action="menu", payload={}, expires_at=now + timedelta(1)),),
        funnel=(FunnelRow(event="offers_shown", fields={"studio": "Berlin Mitte", "now": now}),),
        delivery="update-1",
        conversation=ConversationWrite(state="idle", data={}, expires_at=None, expected_version=0),
    )
    assert await store.finish_turn(write)
    assert await store.was_processed("telegram", "update-1")
    again = new_token()
    late = replace(
        write,
        delivery="update-2",
        tokens=(replace(write.tokens[0], token=again),),
    )
    assert not await store.finish_turn(late)  # version 0 again: another process was first
    assert await store.peek_token(again) is not None  # its buttons are kept all the same
    counts = await store.funnel_counts("Berlin Mitte", now - timedelta(1))
    assert counts.offers_shown == 2


async def test_a_delivery_is_marked_once(store: StoreAPI, now: datetime) -> None:
    assert not await store.was_processed("telegram", "7")
    assert await store.mark_processed("telegram", "7", now)
    assert not await store.mark_processed("telegram", "7", now)


async def test_a_link_code_works_once_and_not_after_it_expired(
    store: StoreAPI, now: datetime
) -> None:
    code = await store.create_link_code("Berlin Mitte", 1001, "slack:U1", timedelta(hours=1), now)
    found = await store.find_link_code(code, now)
    assert found is not None and found.customer_id == 1001
    assert await store.consume_link_code(code, "telegram", "42", now) is not None
    assert await store.consume_link_code(code, "telegram", "43", now) is None
    other = await store.create_link_code("Berlin Mitte", 1002, "slack:U1", timedelta(hours=1), now)
    assert await store.find_link_code(other, now + timedelta(hours=2)) is None


async def test_attempts_are_counted_in_their_window(store: StoreAPI, now: datetime) -> None:
    for minutes in (0, 5, 20):
        await store.record_attempt("link_chat", "telegram:42", now - timedelta(minutes=minutes))
    assert await store.count_attempts("link_chat", "telegram:42", now - timedelta(minutes=15)) == 2
    assert await store.clear_attempts("link_chat", "telegram:42") == 3
    assert await store.count_attempts("link_chat", "telegram:42", now - timedelta(days=1)) == 0


async def test_rivals_reserving_attempts_never_exceed_the_budget(
    open_backend: OpenBackend, now: datetime
) -> None:
    """Twenty handles race for five tries of one number: five win, in every backend."""
    stores = [open_backend() for _ in range(4)]
    since = now - timedelta(minutes=15)

    def budgets(chat: int) -> list[AttemptBudget]:
        return [
            AttemptBudget(scope="link_chat", key=f"test:{chat}", limit=5, since=since),
            AttemptBudget(scope="link_number", key="Mitte:1-1001", limit=5, since=since),
        ]

    results = await asyncio.gather(
        *(stores[chat % 4].reserve_attempt(budgets(chat), now) for chat in range(20))
    )
    assert sum(result is None for result in results) == 5
    assert {r.scope for r in results if r is not None} == {"link_number"}
    assert await stores[0].count_attempts("link_number", "Mitte:1-1001", since) == 5
    assert await stores[0].count_attempts("link_chat", "test:0", since) in (0, 1)


async def test_a_chat_is_held_by_one_handle_at_a_time(open_backend: OpenBackend) -> None:
    """Two handles (two processes or replicas): the second waits until the first lets go;
    other chats are not held up."""
    one, two = open_backend(), open_backend()
    order: list[str] = []
    first_in = asyncio.Event()

    async def turn(store: StoreAPI, chat: str, name: str, work: float) -> None:
        async with store.hold_chat("telegram", chat):
            order.append(f"{name} in")
            first_in.set()
            await asyncio.sleep(work)
            order.append(f"{name} out")

    first = asyncio.create_task(turn(one, "42", "first", 0.2))
    await first_in.wait()  # a loaded machine may take a while to get the lock
    await asyncio.gather(turn(two, "42", "second", 0), turn(two, "7", "other", 0))
    await first
    assert order.index("first out") < order.index("second in")
    assert order.index("other out") < order.index("first out")


async def test_one_handle_leads_and_another_takes_over_when_it_resigns(
    open_backend: OpenBackend,
) -> None:
    one, two = open_backend(), open_backend()
    assert await one.claim_leadership()
    assert await one.claim_leadership()  # still leading
    assert not await two.claim_leadership()
    await one.resign_leadership()
    assert await two.claim_leadership()
    assert not await one.claim_leadership()
