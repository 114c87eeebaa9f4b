"""The flood limiter on a simulated clock: pacing, retry_after, and retrying only the unsent."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
import pytest
from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut

from adapters.telegram import FloodLimiter
from bot.clock import SimulatedClock, SystemClock
from bot.store import SharedBudget, SqliteStore, budget_scope


class Calls:
    """A stand-in for PTB's request callback: records when it ran, fails as told."""

    def __init__(self, timer: SimulatedClock, failures: list[Exception] | None = None) -> None:
        self.timer = timer
        self.failures = list(failures or [])
        self.at: list[tuple[Any, float]] = []

    async def __call__(self, chat: Any) -> bool:
        self.at.append((chat, self.timer.monotonic()))
        if self.failures:
            raise self.failures.pop(0)
        return True


def caused_by(error: NetworkError, cause: Exception) -> NetworkError:
    error.__cause__ = cause
    return error


async def send(
    limiter: FloodLimiter, calls: Calls, chat: Any, endpoint: str = "sendMessage"
) -> Any:
    data = {} if chat is None else {"chat_id": chat}
    return await limiter.process_request(calls, (chat,), {}, endpoint, data, None)


async def test_one_message_per_second_per_chat_in_order(timer: SimulatedClock) -> None:
    limiter, calls = FloodLimiter(clock=timer), Calls(timer)
    await asyncio.gather(*(send(limiter, calls, 7) for _ in range(3)), send(limiter, calls, 8))
    assert [at for chat, at in calls.at if chat == 7] == pytest.approx([0, 1, 2])
    assert [at for chat, at in calls.at if chat == 8] == pytest.approx([0])


async def test_at_most_28_messages_in_any_second(timer: SimulatedClock) -> None:
    """Two under Telegram's 30: the network's jitter must not put a 31st in some second."""
    limiter, calls = FloodLimiter(clock=timer), Calls(timer)
    await asyncio.gather(*(send(limiter, calls, chat) for chat in range(100)))
    times = sorted(at for _, at in calls.at)
    assert max(sum(1 for t in times if s <= t < s + 1 - 1e-6) for s in times) == 28
    assert times[-1] == pytest.approx(3.0)


async def test_calls_without_a_chat_are_not_paced(timer: SimulatedClock) -> None:
    limiter, calls = FloodLimiter(clock=timer), Calls(timer)
    await asyncio.gather(*(send(limiter, calls, None, "answerCallbackQuery") for _ in range(50)))
    assert {at for _, at in calls.at} == {0}


async def test_retry_after_pauses_every_chat_then_retries(timer: SimulatedClock) -> None:
    limiter = FloodLimiter(clock=timer)
    calls = Calls(timer, [RetryAfter(5)])
    assert await send(limiter, calls, 7) is True
    await send(limiter, calls, 8)
    assert calls.at == [(7, 0), (7, pytest.approx(5)), (8, pytest.approx(5))]


async def test_retry_after_gives_up_after_max_retries(timer: SimulatedClock) -> None:
    limiter = FloodLimiter(clock=timer, max_retries=2)
    calls = Calls(timer, [RetryAfter(1)] * 3)
    with pytest.raises(RetryAfter):
        await send(limiter, calls, 7)
    assert len(calls.at) == 3


async def test_a_request_that_never_left_is_retried(timer: SimulatedClock) -> None:
    limiter = FloodLimiter(clock=timer)
    never_left = [
        caused_by(NetworkError("httpx.ConnectError"), httpx.ConnectError("refused")),
        caused_by(TimedOut(), httpx.ConnectTimeout("slow")),
        caused_by(TimedOut(), httpx.PoolTimeout("busy")),
    ]
    calls = Calls(timer, never_left)
    assert await send(limiter, calls, 7) is True
    assert len(calls.at) == 4


@pytest.mark.parametrize(
    "error",
    [
        caused_by(TimedOut(), httpx.ReadTimeout("no answer")),
        caused_by(NetworkError("httpx.ReadError"), httpx.ReadError("reset")),
        NetworkError("Bad Gateway"),
        BadRequest("Chat not found"),
    ],
)
async def test_a_request_that_may_have_arrived_is_never_sent_again(
    timer: SimulatedClock, error: NetworkError
) -> None:
    limiter = FloodLimiter(clock=timer)
    calls = Calls(timer, [error])
    with pytest.raises(type(error)):
        await send(limiter, calls, 7)
    assert len(calls.at) == 1


def test_the_limits_must_make_sense() -> None:
    with pytest.raises(ValueError):
        FloodLimiter(overall_per_second=0)


async def test_a_retry_after_one_replica_gets_holds_every_replica(tmp_path: Path) -> None:
    """Telegram counts the token, not the process: after a 429 to one replica, the others
    (sharing the pace through the database) wait it out too instead of sending into it."""
    store = SqliteStore.open(tmp_path / "bot.sqlite3")
    try:
        scope = budget_scope("telegram", "token")
        one, two = (
            FloodLimiter(shared=SharedBudget(store, scope, per_second=20, burst=2))
            for _ in range(2)
        )
        clock = SystemClock()
        told = Calls(clock, [RetryAfter(1)])  # type: ignore[arg-type]
        other = Calls(clock)  # type: ignore[arg-type]
        began = clock.monotonic()
        first = asyncio.create_task(send(one, told, 7))  # the 429, waited out, then sent
        await asyncio.sleep(0.1)  # the other replica sends while the first one waits
        assert len(told.at) == 1  # the 429 came
        await send(two, other, 8)
        await first
        assert told.at[-1][1] - began >= 0.95
        assert other.at[0][1] - began >= 0.95  # not sent while Telegram said wait
    finally:
        store.close()
