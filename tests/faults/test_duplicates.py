"""The same delivery twice, deliveries out of order, old ones replayed: on every platform.

Telegram (webhook and polling) through the bot's real HTTP app and PTB's Application, Slack
through Bolt's real request handling (signed, with Slack's retry headers), PerfectGym
webhooks through the real receiver and inbox worker. Expected, by DESIGN §8: each delivery
handled once, an accepted one never lost, no second write, no second message.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest

from bot.clock import FakeClock
from bot.sandbox import BERLIN_MITTE_WEBHOOK_KEY, Sandbox
from tests.adapters.slack.conftest import Desk, block_actions
from tests.faults.conftest import Telegram
from tests.faults.drive import post_update, until
from tests.faults.facts import chat_ledger, count, said_texts
from tests.faults.matrix import Observation
from tests.webhooks.harness import running_stack

pytestmark = pytest.mark.wall_clock  # webhooks wait on the store's writer thread; HTTP fakes

AREA = "Duplicate, reordered and replayed deliveries"
CHAT = 4242
HELP = "I help you add modules"  # the help of a chat not linked yet


@pytest.mark.fault(
    AREA,
    "Telegram webhook: one update delivered three times at once",
    "operator: 200 each time; member: answered once; store: the update done once",
)
async def test_telegram_delivers_one_update_three_times_at_once(
    telegram: Telegram, observe: Observation
) -> None:
    update = telegram.fake.message(CHAT, "/help")
    async with telegram.serving() as (_, http):
        responses = await asyncio.gather(*(post_update(http, update) for _ in range(3)))
        await until(lambda: telegram.store.update_done("telegram", str(update["update_id"])))
        await asyncio.sleep(0.2)  # a second answer would come now
    texts = telegram.texts(CHAT)
    observe.operator(f"HTTP {[r.status_code for r in responses]}")
    observe.member(said_texts(texts))
    assert [r.status_code for r in responses] == [200, 200, 200]
    assert len(texts) == 1 and count(texts, HELP) == 1, texts


@pytest.mark.fault(
    AREA,
    "Telegram webhook: two updates of one chat arrive in reverse order",
    "member: both answered once, in the order they arrived; nothing lost",
)
async def test_telegram_delivers_two_updates_in_reverse_order(
    telegram: Telegram, observe: Observation
) -> None:
    first = telegram.fake.message(CHAT, "/start")
    second = telegram.fake.message(CHAT, "/help")
    async with telegram.serving() as (_, http):
        for update in (second, first):
            assert (await post_update(http, update)).status_code == 200
        await until(
            lambda: all(
                telegram.store.update_done("telegram", str(u["update_id"])) for u in (first, second)
            )
        )
        await until(lambda: len(telegram.texts(CHAT)) >= 2)
    texts = telegram.texts(CHAT)
    observe.member(said_texts(texts))
    assert len(texts) == 2 and HELP in texts[0], texts
    assert texts[1].startswith("Hi! I'm your studio's assistant"), texts


@pytest.mark.fault(
    AREA,
    "Telegram webhook: the 'Book and pay' update delivered again after it was answered",
    "member: 'Booked!' once, nothing more; PerfectGym: one purchase",
)
async def test_telegram_redelivers_the_purchase_after_it_was_answered(
    telegram: Telegram, observe: Observation
) -> None:
    member = telegram.member(CHAT)
    await member.link()
    for label in ("Discover modules", "Sauna", "Book", "No, book without trial"):
        await member.press(label)
    press = telegram.fake.press(CHAT, "Book and pay")
    before = len(telegram.texts(CHAT))
    async with telegram.serving() as (_, http):
        assert (await post_update(http, press)).status_code == 200
        await until(lambda: count(telegram.texts(CHAT), "Booked!"))
        again = await post_update(http, press)
        await asyncio.sleep(0.2)
    texts = telegram.texts(CHAT)[before:]
    observe.member(said_texts(texts))
    observe.store(chat_ledger(telegram.store, "telegram", str(CHAT)))
    observe.perfectgym(f"{telegram.module_contracts(5001)} purchase(s)")
    assert again.status_code == 200
    assert count(texts, "Booked!") == 1 and telegram.module_contracts(5001) == 1


@pytest.mark.fault(
    AREA,
    "Telegram: 'Book and pay' pressed again a minute after the booking (a new update with the "
    "used button)",
    "member: told the button was already used; PerfectGym: one purchase; store: one purchase "
    "in the ledger",
)
async def test_a_used_order_button_replayed_later_buys_nothing(
    telegram: Telegram, observe: Observation
) -> None:
    member = telegram.member(CHAT)
    await member.link()
    for label in ("Discover modules", "Sauna", "Book", "No, book without trial"):
        await member.press(label)
    press = telegram.fake.press(CHAT, "Book and pay")
    data = press["callback_query"]["data"]
    message_id = press["callback_query"]["message"]["message_id"]
    await member.deliver(press)
    telegram.clock.advance(minutes=1)
    replayed = await member.deliver(telegram.fake.callback(CHAT, message_id, data))
    observe.member(said_texts(m.text for m in replayed))
    observe.store(chat_ledger(telegram.store, "telegram", str(CHAT)))
    observe.perfectgym(f"{telegram.module_contracts(5001)} purchase(s)")
    assert telegram.module_contracts(5001) == 1
    assert len(replayed) == 1 and "already" in replayed[0].text, [m.text for m in replayed]


@pytest.mark.fault(
    AREA,
    "Telegram polling: getUpdates offers the same update again (its confirmation was lost), "
    "and a batch out of order",
    "member: each update answered once; nothing lost",
)
async def test_polling_sees_an_update_again_and_a_batch_out_of_order(
    telegram: Telegram, observe: Observation
) -> None:
    first = telegram.fake.message(CHAT, "/start")
    second = telegram.fake.message(CHAT, "/help")
    async with telegram.polling():
        telegram.fake.queue_update(second)
        telegram.fake.queue_update(first)  # a later update id first
        await until(lambda: len(telegram.texts(CHAT)) >= 2)
        telegram.fake.queue_update(first)  # offered again, as after a lost confirmation
        telegram.fake.queue_update(second)
        await until(
            lambda: any(
                int(call.params.get("offset") or 0) > int(second["update_id"])
                for call in telegram.fake.calls_to("getUpdates")[-2:]
            )
        )
        await asyncio.sleep(0.2)
    texts = telegram.texts(CHAT)
    observe.member(said_texts(texts))
    assert len(texts) == 2, texts
    assert count(texts, HELP) == 1 and count(texts, "Hi! I'm your studio's assistant") == 1


@pytest.mark.fault(
    AREA,
    "Slack: a 'Look up customer' click replayed (the same signed request again)",
    "staff: one answer; the replay acknowledged and not run",
)
async def test_a_replayed_slack_click_is_answered_once(desk: Desk, observe: Observation) -> None:
    payload = block_actions("1-1001", response_url=desk.slack.response_url("click"))
    body = urlencode({"payload": json.dumps(payload)})
    first = await desk.post(body, "application/x-www-form-urlencoded")
    await desk.slack.wait_for_response("click")
    replay = await desk.post(body, "application/x-www-form-urlencoded")
    await desk.command("help")  # a later request: the replay had its chance to answer
    answers = desk.slack.responded("click")
    observe.operator(f"HTTP {first.status_code}, then {replay.status_code}")
    observe.staff(f"answers: {len(answers)}")
    assert (first.status_code, replay.status_code) == (200, 200)
    assert len(answers) == 1


@pytest.mark.fault(
    AREA,
    "Slack Events API: an @-mention and its retry (X-Slack-Retry-Num) arrive at once",
    "staff: one answer; store: the event taken once",
)
async def test_a_slack_event_and_its_retry_at_once_are_handled_once(
    desk: Desk, observe: Observation
) -> None:
    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    both = await asyncio.gather(
        desk.mention("stats", event_id="Ev0FAULT"),
        desk.mention("stats", event_id="Ev0FAULT", headers=retry),
    )
    await desk.slack.wait_for("chat.postEphemeral")
    await desk.mention("help", event_id="Ev0LATER")
    calls = await desk.slack.wait_for("chat.postEphemeral", 2)
    figures = [call for call in calls if "Upsell figures" in call.text()]
    observe.operator(f"HTTP {sorted(r.status_code for r in both)}")
    observe.staff(f"figures answered: {len(figures)}")
    assert sorted(r.status_code for r in both) == [200, 200]
    assert len(figures) == 1


@pytest.mark.fault(
    AREA,
    "PerfectGym: a module added at the desk; its webhooks delivered again after processing, "
    "and again in reverse order",
    "operator: 200 'duplicate' for each repeat; member: told once; staff: one change",
)
async def test_perfectgym_webhooks_replayed_and_reordered(
    sandbox: Sandbox, clock: FakeClock, tmp_path: Path, observe: Observation
) -> None:
    async with running_stack(sandbox, clock, tmp_path / "bot.sqlite3") as stack:
        await stack.member("anna").link()
        await stack.settle()
        sandbox.add_module_at_desk(5001, 202)
        await stack.settle()
        await stack.hub.send_due()
        sent = [delivery.body for delivery in sandbox.webhooks.deliveries]
        headers = {"x-api-key": BERLIN_MITTE_WEBHOOK_KEY}
        async with httpx.AsyncClient() as http:
            repeats = [
                await http.post(stack.webhook_url, json=body, headers=headers)
                for body in [*sent, *reversed(sent)]
            ]
        await stack.settle()
        await stack.hub.send_due()
        told = [push.text for push in stack.channel.to("anna")]
        changes = stack.changed()
        stored = stack.store.deliveries()
    answers = sorted({r.json()["status"] for r in repeats})
    observe.operator(f"{len(repeats)} repeats answered {answers}")
    observe.member(said_texts(told))
    observe.staff(f"changes: {len(changes)}")
    observe.store(f"deliveries stored: {len(stored)}")
    assert len(sent) == 2 and answers == ["duplicate"]
    assert told == ["Handtuch-Flat was added to your membership at Berlin Mitte."]
    assert len(changes) == 1 and len(stored) == 2
