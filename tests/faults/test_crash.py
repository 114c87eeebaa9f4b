"""SIGKILL between PerfectGym's write and the bot saving it, then a restart: real processes.

Two members confirm at once through ``upsell-bot run`` (Telegram webhook): one books the
sauna while PerfectGym holds the purchase request (it carries it out a moment later, after
the bot is dead), the other cancels while PerfectGym has carried the cancelation out but not
answered. The process is killed with both writes in the air and started again on the same
database. Expected: each member hears the real outcome exactly once, soon after the restart;
no second write; the ledger closed; staff see each in the feed once; Telegram's updates run
to their end; nothing in the output but log lines.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from testing.outside import Outside
from testing.processes import BotProcess, eventually, read_store
from tests.faults.facts import chat_ledger, count, feed_saw, said_texts
from tests.faults.matrix import Observation
from tests.faults.prepare import at_confirmation, buy_sauna, cancel_sauna

pytestmark = pytest.mark.wall_clock

BUYER, CANCELER = 4242, 4343
HOLD = 1.5
"""Seconds PerfectGym holds the purchase before carrying it out (the bot dies meanwhile)."""


@pytest.mark.fault(
    "Crashes and restarts",
    "SIGKILL while PerfectGym holds a purchase (carried out after the kill) and after it "
    "carried out a cancelation it had not answered yet; restart on the same database",
    "member: 'Booked!' and the cancelation receipt, each exactly once, right after the "
    "restart; PerfectGym: one purchase, one cancelation; store: both ledger entries "
    "succeeded, the Telegram updates done; staff: the purchase and the cancelation in the "
    "feed once each; operator: no traceback, no secret in the output",
)
def test_killed_with_two_writes_in_the_air(
    outside: Outside, tmp_path: Path, observe: Observation
) -> None:
    db = tmp_path / "bot.sqlite3"
    tokens = outside.run(
        at_confirmation(
            outside,
            db,
            {
                BUYER: ("1-1001", "12.03.1994", buy_sauna, "Book and pay"),
                CANCELER: ("1-1003", "05.11.1979", cancel_sauna, "Cancel now"),
            },
        )
    )
    sandbox, telegram = outside.sandbox, outside.telegram
    held = outside.call(
        lambda: sandbox.faults.add("purchaseAdditionalModuleContract", latency=HOLD)
    )
    unanswered = outside.call(
        lambda: sandbox.faults.add(
            "createModuleContractCancelationAmendment", hang=True, after_commit=True
        )
    )
    bot = BotProcess(outside.bot_env(db), cwd=tmp_path, name="bot")
    try:
        bot.start()
        presses = [telegram.callback(chat, 1, tokens[chat]) for chat in (BUYER, CANCELER)]
        for press in presses:
            assert bot.post_telegram(press).status_code == 200
        eventually(lambda: held.fired and unanswered.fired, what="both writes at PerfectGym")
        assert sandbox.module_contracts_of(5001) == [], "the purchase is still held"
        bot.kill()
        before_restart = {chat: len(telegram.texts(chat)) for chat in (BUYER, CANCELER)}

        outside.call(sandbox.faults.release_hangs)
        eventually(lambda: sandbox.module_contracts_of(5001), what="PerfectGym carries it out")
        bot.restart()
        eventually(
            lambda: (
                count(telegram.texts(BUYER), "Booked!")
                and count(telegram.texts(CANCELER), "Receipt: cancellation")
            ),
            what="both members told",
        )
        eventually(lambda: len(outside.feed()) >= 2, what="staff told")
        assert bot.stop() == 0
    finally:
        bot.close()

    bought = telegram.texts(BUYER)[before_restart[BUYER] :]
    canceled = telegram.texts(CANCELER)[before_restart[CANCELER] :]
    observe.member(f"buyer: {said_texts(bought)}", f"canceler: {said_texts(canceled)}")
    observe.staff(feed_saw(outside.feed()))
    with read_store(db) as store:
        observe.store(
            "buyer " + chat_ledger(store, "telegram", str(BUYER)),
            "canceler " + chat_ledger(store, "telegram", str(CANCELER)),
            "updates done: "
            + ", ".join(
                str(store.update_done("telegram", str(press["update_id"]))) for press in presses
            ),
        )
        statuses = [o.status for o in store.operations_for_chat("telegram", str(BUYER))]
        statuses += [o.status for o in store.operations_for_chat("telegram", str(CANCELER))]
        done = [store.update_done("telegram", str(press["update_id"])) for press in presses]
    cancelation = sandbox.module_contracts[9001].cancelation
    observe.perfectgym(
        f"{len(sandbox.module_contracts_of(5001))} purchase(s)",
        f"cancelation {cancelation.status if cancelation else 'none'}",
    )

    assert count(telegram.texts(BUYER), "Booked!") == 1, telegram.texts(BUYER)
    assert count(telegram.texts(CANCELER), "Receipt: cancellation") == 1
    assert not any("went wrong" in text for text in bought + canceled)
    assert len(sandbox.module_contracts_of(5001)) == 1
    assert cancelation is not None
    assert statuses == ["succeeded", "succeeded"]
    assert done == [True, True]
    feed = outside.feed()
    assert sum("Sauna" in text and "1-1001" in text for text in feed) == 1, feed
    assert sum("1-1003" in text for text in feed) == 1, feed
    assert telegram.violations == [] and telegram.unanswered_callbacks() == []
    bot.assert_clean(outside.secrets)
    observe.operator("SIGTERM after the restart: exit 0; no traceback, no secret in the output")
