"""Issue 12 #2: another process holds the database's write lock for 10 seconds while
``upsell-bot run`` (a real process) serves a member, Telegram and PerfectGym.

One run (the module's fixture), several rows: a member's message accepted just before the
lock, whose turn then waits on it; Telegram and PerfectGym delivering during the lock and
again after it; ``/healthz`` asked during the lock. Expected: the process never freezes
(answers within 1-2 s), says 503 to what it cannot store (both vendors deliver again),
reports the store degraded, and once the lock is gone every accepted update is answered
exactly once.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from testing.outside import Outside, Servers
from testing.processes import BotProcess, WriteLock, eventually, read_store
from tests.conversations.member import Member
from tests.faults.facts import count, said_texts
from tests.faults.matrix import Observation
from tests.faults.prepare import at_confirmation

pytestmark = pytest.mark.wall_clock

AREA = "The database locked, read-only, full or corrupt (issue 12 #2)"
LOCK_SECONDS = 10.0
EARLY, LATE = 4242, 4343
"""A member whose message was accepted before the lock; one who writes during it."""
MODULES = "You can add these modules"
GREETING = "Hi! I'm your studio's assistant"


@dataclass
class Timed:
    response: httpx.Response
    seconds: float


@dataclass
class LockedRun:
    """What the run saw, for the rows to judge."""

    early: Timed | None = None
    health: Timed | None = None
    telegram: Timed | None = None
    vendor: Timed | None = None
    telegram_again: httpx.Response | None = None
    vendor_again: httpx.Response | None = None
    health_after: httpx.Response | None = None
    texts: dict[int, list[str]] = field(default_factory=dict)
    updates_done: list[bool] = field(default_factory=list)
    deliveries: int = 0
    exit_code: int | None = None
    output_clean: str = ""


def timed(call: Any) -> Timed:
    began = time.monotonic()
    response = call()
    return Timed(response, time.monotonic() - began)


async def _linked(member: Member) -> None:
    return None


@pytest.fixture(scope="module")
def locked(servers: Servers, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LockedRun]:
    outside = Outside.start(servers)
    tmp = tmp_path_factory.mktemp("locked")
    db = tmp / "bot.sqlite3"
    outside.run(
        at_confirmation(outside, db, {EARLY: ("1-1001", "12.03.1994", _linked, "Discover modules")})
    )
    sandbox, telegram = outside.sandbox, outside.telegram
    held = outside.call(lambda: sandbox.faults.add("getPurchasableAdditionalModules", latency=0.5))
    bot = BotProcess(outside.bot_env(db), cwd=tmp)
    lock = WriteLock(db, LOCK_SECONDS)
    run = LockedRun()
    key = outside.studio.webhook_key
    delivery = {
        "entityId": 1001,
        "uuid": str(uuid.uuid4()),
        "payload": [{"timestamp": 1_764_151_200_000, "type": "CUSTOMER_CHECKIN", "content": {}}],
    }
    early = telegram.message(EARLY, "/modules")
    late = telegram.message(LATE, "/start")
    try:
        bot.start()
        run.early = timed(lambda: bot.post_telegram(early))
        eventually(lambda: held.fired, what="the early turn waits for PerfectGym")
        lock.take()
        run.telegram = timed(lambda: bot.post_telegram(late))
        run.vendor = timed(lambda: bot.post_perfectgym(delivery, key=key))
        run.health = timed(lambda: bot.health())  # writes have waited on the lock for seconds
        lock.wait_released()
        run.telegram_again = bot.post_telegram(late)  # Telegram delivers it again
        run.vendor_again = bot.post_perfectgym(delivery, key=key)  # and so does PerfectGym
        eventually(
            lambda: count(telegram.texts(EARLY), MODULES) and count(telegram.texts(LATE), GREETING),
            timeout=15,
            what="both members answered",
        )
        time.sleep(0.5)  # anything sent twice would arrive now
        run.health_after = bot.health()
        run.exit_code = bot.stop()
    finally:
        lock.close()
        bot.close()
        outside.close()
    run.texts = {chat: telegram.texts(chat) for chat in (EARLY, LATE)}
    with read_store(db) as store:
        run.updates_done = [
            store.update_done("telegram", str(update["update_id"])) for update in (early, late)
        ]
        run.deliveries = len(store.deliveries())
    try:
        bot.assert_clean(outside.secrets)
        run.output_clean = "no traceback, no secret"
    except AssertionError as exc:
        run.output_clean = str(exc).splitlines()[0]
    yield run


@pytest.mark.fault(
    AREA,
    "/healthz while another process has held the write lock for seconds",
    "operator: an answer within 1 s: 503, status 'degraded'; 'ok' again after the lock",
)
def test_health_says_degraded_at_once(locked: LockedRun, observe: Observation) -> None:
    assert locked.health is not None and locked.health_after is not None
    body = locked.health.response.json()
    observe.operator(
        f"within 1 s: {locked.health.seconds < 1.0}; {locked.health.response.status_code} "
        f"'{body['status']}'; after the lock: '{locked.health_after.json()['status']}'"
    )
    assert locked.health.seconds < 1.0
    assert (locked.health.response.status_code, body["status"]) == (503, "degraded")
    assert locked.health_after.json()["status"] == "ok"


@pytest.mark.fault(
    AREA,
    "a Telegram update arrives while another process holds the write lock",
    "operator: 503 within 2 s (Telegram delivers again); member: the redelivery after the "
    "lock is answered exactly once",
)
def test_telegram_gets_503_then_the_redelivery_is_answered_once(
    locked: LockedRun, observe: Observation
) -> None:
    assert locked.telegram is not None and locked.telegram_again is not None
    texts = locked.texts[LATE]
    observe.operator(
        f"during the lock: {locked.telegram.response.status_code} within 2 s: "
        f"{locked.telegram.seconds < 2.5}; after it: {locked.telegram_again.status_code}"
    )
    observe.member(said_texts(texts))
    assert locked.telegram.response.status_code == 503 and locked.telegram.seconds < 2.5
    assert locked.telegram_again.status_code == 200
    assert count(texts, GREETING) == 1 and len(texts) == 1, texts


@pytest.mark.fault(
    AREA,
    "a PerfectGym webhook arrives while another process holds the write lock",
    "operator: 503 within 2 s, well before PerfectGym's 5 s (it delivers again); the "
    "redelivery after the lock 200; store: the delivery kept once",
)
def test_perfectgym_gets_503_then_the_redelivery_is_stored_once(
    locked: LockedRun, observe: Observation
) -> None:
    assert locked.vendor is not None and locked.vendor_again is not None
    observe.operator(
        f"during the lock: {locked.vendor.response.status_code} within 2 s: "
        f"{locked.vendor.seconds < 2.5}; after it: {locked.vendor_again.status_code}"
    )
    observe.store(f"deliveries stored: {locked.deliveries}")
    assert locked.vendor.response.status_code == 503 and locked.vendor.seconds < 2.5
    assert locked.vendor_again.status_code == 200
    assert locked.deliveries == 1


@pytest.mark.fault(
    AREA,
    "a member's message was accepted just before the lock; its turn's writes wait on it "
    "(StoreBusy after 5 s) until it is gone",
    "member: no 'something went wrong'; the real answer exactly once, after the lock; "
    "store: the update done",
)
def test_the_turn_the_lock_held_up_is_answered_once(
    locked: LockedRun, observe: Observation
) -> None:
    assert locked.early is not None
    texts = locked.texts[EARLY]
    observe.operator(f"accepted: {locked.early.response.status_code}")
    observe.member(said_texts(texts))
    observe.store(f"updates done: {locked.updates_done}")
    assert locked.early.response.status_code == 200
    assert count(texts, MODULES) == 1 and len(texts) == 1, texts
    assert locked.updates_done == [True, True]


@pytest.mark.fault(
    AREA,
    "the process's output through the 10 s lock",
    "operator: log lines only: no traceback, no secret; exit 0 on SIGTERM",
)
def test_the_output_stays_clean(locked: LockedRun, observe: Observation) -> None:
    observe.operator(f"{locked.output_clean}; exit {locked.exit_code}")
    assert locked.output_clean == "no traceback, no secret"
    assert locked.exit_code == 0
