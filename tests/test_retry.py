"""The one retry loop: the caller's rule decides, the backoff says how long, the clock waits."""

from __future__ import annotations

import pytest

from bot.clock import FakeClock
from bot.perfectgym import (
    ApiError,
    BadRequest,
    ConnectError,
    InvalidResponse,
    NotFound,
    PerfectGymError,
    RateLimited,
    RequestTimeout,
    RetryPolicy,
    ServerError,
    Unavailable,
)
from bot.retry import Again, Backoff, retry


class Flaky:
    """A call that raises ``errors`` in turn, then returns "ok"."""

    def __init__(self, *errors: Exception) -> None:
        self.errors = list(errors)
        self.calls = 0

    async def __call__(self) -> str:
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return "ok"


def always(exc: Exception) -> Again | None:
    return Again()


async def test_retries_until_the_call_works_waiting_the_backoff_on_the_clock() -> None:
    clock, call = FakeClock(), Flaky(OSError(), OSError(), OSError())
    result = await retry(call, backoff=Backoff(3), clock=clock, should_retry=always)
    assert (result, call.calls, clock.sleeps) == ("ok", 4, [0.5, 1.0, 2.0])


async def test_gives_up_with_the_last_error_when_the_retries_are_spent() -> None:
    clock, call = FakeClock(), Flaky(OSError("1"), OSError("2"), OSError("3"))
    with pytest.raises(OSError, match="3"):
        await retry(call, backoff=Backoff(2), clock=clock, should_retry=always)
    assert (call.calls, len(clock.sleeps)) == (3, 2)


async def test_the_rule_saying_no_raises_at_once() -> None:
    clock, call = FakeClock(), Flaky(ValueError("no"))
    with pytest.raises(ValueError):
        await retry(call, backoff=Backoff(5), clock=clock, should_retry=lambda exc: None)
    assert (call.calls, clock.sleeps) == (1, [])


async def test_no_limit_retries_until_it_works() -> None:
    clock, call = FakeClock(), Flaky(*[OSError()] * 12)
    backoff = Backoff(None, first=1.0, most=60.0)
    assert await retry(call, backoff=backoff, clock=clock, should_retry=always) == "ok"
    assert clock.sleeps[:7] == [1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 60.0] and len(clock.sleeps) == 12


async def test_on_retry_is_told_the_error_the_retry_and_the_wait() -> None:
    told: list[tuple[str, int, float]] = []
    errors = (OSError("a"), OSError("b"))
    await retry(
        Flaky(*errors),
        backoff=Backoff(3, first=1.0),
        clock=FakeClock(),
        should_retry=always,
        on_retry=lambda exc, n, wait: told.append((str(exc), n, wait)),
    )
    assert told == [("a", 1, 1.0), ("b", 2, 2.0)]


@pytest.mark.parametrize(
    ("again", "wait"),
    [
        (Again(), 2.0),  # the backoff: 0.5 * 2**2
        (Again(after=42.0), 42.0),  # exactly what the other side asked, even above ``most``
        (Again(after=0.0), 0.0),
        (Again(at_least=3.0), 3.0),
        (Again(at_least=30.0), 10.0),  # never sooner than asked, but capped by ``most``
    ],
)
def test_the_wait(again: Again, wait: float) -> None:
    assert Backoff(5, first=0.5, most=10.0).wait(2, again) == wait


def test_jitter_scales_the_wait_by_half_to_full() -> None:
    low = Backoff(3, first=1.0, jitter=True, random=lambda: 0.0)
    high = Backoff(3, first=1.0, jitter=True, random=lambda: 1.0)
    assert [low.wait(n) for n in range(3)] == [0.5, 1.0, 2.0]
    assert [high.wait(n) for n in range(3)] == [1.0, 2.0, 4.0]


# --- the PerfectGym rule: method + request_sent + retry_after --------------------------

NOT_SENT = ConnectError("refused")
UNCLEAR = RequestTimeout("read timeout", request_sent=True)
TIMEOUT_UNSENT = RequestTimeout("connect timeout", request_sent=False)
BUSY = Unavailable(503, "busy")
BUSY_FOR_5 = Unavailable(503, "busy", retry_after=5.0)
SHORT_429 = RateLimited(429, "quota", retry_after=4.0)
LONG_429 = RateLimited(429, "quota", retry_after=55.0)


@pytest.mark.parametrize(
    ("method", "error", "again"),
    [
        ("GET", NOT_SENT, Again()),
        ("GET", UNCLEAR, Again()),
        ("HEAD", UNCLEAR, Again()),
        ("get", BUSY, Again()),
        ("GET", BUSY_FOR_5, Again(at_least=5.0)),
        ("GET", SHORT_429, Again(at_least=4.0)),
        ("GET", LONG_429, None),  # blocked for the rest of the minute: the member tries later
        ("GET", ServerError(500, "oops"), None),
        ("GET", NotFound(404, "no such customer"), None),
        ("GET", ApiError(418, "teapot"), None),
        ("GET", InvalidResponse("not JSON"), None),
        ("POST", NOT_SENT, Again()),
        ("POST", TIMEOUT_UNSENT, Again()),
        ("POST", UNCLEAR, None),  # a purchase may have happened: never sent twice
        ("POST", BUSY, None),
        ("POST", SHORT_429, None),
        ("POST", BadRequest(400, "invalid"), None),
        ("GET", ValueError("not ours"), None),
    ],
)
def test_perfectgym_rule(method: str, error: Exception, again: Again | None) -> None:
    assert RetryPolicy(max_retry_wait=10.0).should_retry(method, error) == again


def test_perfectgym_policy_gives_up_after_max_retries() -> None:
    policy = RetryPolicy(max_retries=2, backoff=1.0, random=lambda: 1.0)
    error: PerfectGymError = BUSY
    assert [policy.delay("GET", error, n) for n in range(3)] == [1.0, 2.0, None]
    assert policy.delay("GET", SHORT_429, 0) == 4.0
