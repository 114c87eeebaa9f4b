"""Issue 12 #1: an accepted update is never lost. It is stored before Telegram hears it
arrived, its turn runs, and it is marked done in the turn's own final write; an update whose
turn the database failed, or whose process died, runs again and is answered exactly once;
a chat that floods the bot is asked once to slow down.

In-process through the webhook endpoint (the bot's real Starlette route, PTB's Application,
the engine, the store on its writer thread: the ordinary event loop), and as a real process
for the kill.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bot.store import Store, StoreBusy, TurnWrite
from testing.outside import Outside
from testing.processes import BotProcess, eventually, read_store
from tests.conversations.member import Member
from tests.faults.conftest import Telegram
from tests.faults.drive import post_update, until
from tests.faults.facts import count, said_texts, shown_since
from tests.faults.matrix import Observation
from tests.faults.prepare import at_confirmation

pytestmark = pytest.mark.wall_clock  # the store's writer thread and the inbox's timeouts

AREA = "Updates accepted, then the database failed (issue 12 #1)"
CHAT = 4242
MODULES = "You can add these modules"


def fail_final_write_once(monkeypatch: pytest.MonkeyPatch, store: Store) -> list[StoreBusy]:
    """The next turn's final write finds the database locked (another process writing)."""
    real = Store.finish_turn
    failures = [StoreBusy(store.path, "database is locked")]

    def flaky(self: Store, write: TurnWrite) -> bool:
        if failures and write.delivery is not None:
            if self is store:  # the writer thread's try (the inline writer's comes first)
                raise failures.pop()
            raise StoreBusy(store.path, "database is locked")
        return real(self, write)

    monkeypatch.setattr(Store, "finish_turn", flaky)
    return failures


async def _run_once_after_store_busy(
    telegram: Telegram,
    monkeypatch: pytest.MonkeyPatch,
    observe: Observation,
    update: Callable[[], dict[str, Any]],
    answer: str,
) -> None:
    async with telegram.serving() as (channel, http):
        channel.retry_delays = (0.05,)
        failures = fail_final_write_once(monkeypatch, telegram.store)
        before = len(telegram.fake.calls)
        sent = update()
        response = await post_update(http, sent)
        key = str(sent["update_id"])
        await until(lambda: telegram.store.update_done("telegram", key))
        await asyncio.sleep(0.2)  # the replies go out right after the final write
    texts = shown_since(telegram.fake, CHAT, before)
    observe.operator(f"Telegram got {response.status_code}")
    observe.member(said_texts(texts))
    observe.store(
        f"final write failed once: {not failures}; update done: "
        f"{telegram.store.update_done('telegram', key)}"
    )
    assert response.status_code == 200 and not failures
    assert count(texts, answer) == 1, texts
    assert not any("went wrong" in text for text in texts)


@pytest.mark.fault(
    AREA,
    "a typed message is accepted (200); its turn's final write finds the database locked "
    "(StoreBusy)",
    "member: no 'something went wrong'; the real answer exactly once, when the turn runs "
    "again; store: the update done once",
)
async def test_a_message_whose_turn_the_database_failed_is_answered_once(
    telegram: Telegram, monkeypatch: pytest.MonkeyPatch, observe: Observation
) -> None:
    await _run_once_after_store_busy(
        telegram,
        monkeypatch,
        observe,
        lambda: telegram.fake.message(CHAT, "/start"),
        "Hi! I'm your studio's assistant",
    )


@pytest.mark.fault(
    AREA,
    "a button press is accepted (200); its turn's final write finds the database locked "
    "(StoreBusy)",
    "member: the real answer (the module list) exactly once, when the turn runs again; "
    "store: the update done once",
)
async def test_a_press_whose_turn_the_database_failed_is_answered_once(
    telegram: Telegram, monkeypatch: pytest.MonkeyPatch, observe: Observation
) -> None:
    """The press's token is used up in the final write, so the re-run may use it; the
    answer edits the pressed message (counted among the edits)."""
    await telegram.member(CHAT).link()
    await _run_once_after_store_busy(
        telegram,
        monkeypatch,
        observe,
        lambda: telegram.fake.press(CHAT, "Discover modules"),
        MODULES,
    )


@pytest.mark.fault(
    AREA,
    "a chat sends 30 messages at once (a flood)",
    "member: one polite 'slow down', the messages taken answered, no error; operator: 200 "
    "for every delivery; store: every update ended (done, or dropped as flood)",
)
async def test_a_flooding_chat_is_asked_once_to_slow_down(
    telegram: Telegram, observe: Observation
) -> None:
    await telegram.member(CHAT).link()
    before = len(telegram.texts(CHAT))
    async with telegram.serving() as (_, http):
        flood = [telegram.fake.message(CHAT, "/help") for _ in range(30)]
        responses = await asyncio.gather(*(post_update(http, update) for update in flood))
        keys = [str(update["update_id"]) for update in flood]
        await until(lambda: all(telegram.store.update_done("telegram", key) for key in keys), 10)
    texts = telegram.texts(CHAT)[before:]
    slow = count(texts, "A little slower, please")
    answered = count(texts, "/cancel")  # the help lists the commands
    observe.operator(f"HTTP: {sorted({r.status_code for r in responses})} for 30 deliveries")
    observe.member(f"'slow down' ×{slow}; helps answered: {answered}")
    assert {r.status_code for r in responses} == {200}
    assert slow == 1, texts
    assert answered >= 20 and answered + slow == len(texts), texts
    assert telegram.fake.violations == []


@pytest.mark.fault(
    AREA,
    "SIGKILL while a member's press waits for PerfectGym (a read), then restart",
    "member: the answer (the module list) exactly once, after the restart; store: the "
    "update done; operator: no traceback",
)
def test_killed_mid_turn_the_press_is_answered_after_the_restart(
    outside: Outside, tmp_path: Path, observe: Observation
) -> None:
    db = tmp_path / "bot.sqlite3"

    async def stay(member: Member) -> None:
        return None

    tokens = outside.run(
        at_confirmation(outside, db, {CHAT: ("1-1001", "12.03.1994", stay, "Discover modules")})
    )
    sandbox, telegram = outside.sandbox, outside.telegram
    held = outside.call(lambda: sandbox.faults.add("getPurchasableAdditionalModules", latency=1.0))
    bot = BotProcess(outside.bot_env(db), cwd=tmp_path)
    press = telegram.callback(CHAT, 1, tokens[CHAT])
    try:
        bot.start()
        assert bot.post_telegram(press).status_code == 200
        eventually(lambda: held.fired, what="the turn waits for PerfectGym")
        bot.kill()
        bot.restart()
        with_done = eventually(
            lambda: _done(db, str(press["update_id"])), what="the update run again"
        )
        time.sleep(0.5)  # its replies go out right after its final write
        assert bot.stop() == 0
    finally:
        bot.close()
    texts = telegram.texts(CHAT)
    observe.member(said_texts(texts))
    observe.store(f"update done: {with_done}")
    assert count(texts, MODULES) == 1, texts
    bot.assert_clean(outside.secrets)


def _done(db: Path, key: str) -> bool:
    with read_store(db) as store:
        return store.update_done("telegram", key)
