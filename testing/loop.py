"""An asyncio event loop whose clock jumps over idle waits: timeouts and sleeps without waiting.

When nothing is ready to run and no I/O has arrived, a loop would sleep until its next timer;
this one moves its clock (``loop.time()``, which ``asyncio.timeout``, ``sleep`` and
``wait_for`` all read) to that timer at once. The order of events is the same as in real time,
only the idle gaps vanish: a request the sandbox holds times out after the client's read
timeout of loop time, in microseconds of wall time.

Only for code whose every wait is on the loop itself (the sandbox in-process, fakes that
answer in-process). Real I/O (a socket, a subprocess, a thread) would look idle too, and the
clock would run ahead of it: a wait with no timer (``select(None)``) still blocks for I/O,
but any timer would fire before the I/O arrives. Tests that talk over 127.0.0.1 keep the
ordinary loop.
"""

from __future__ import annotations

import asyncio
import selectors
import time
from typing import Any


class _JumpingSelector(selectors.DefaultSelector):
    """Polls instead of waiting for a timer, and tells the loop how long it would have waited."""

    def __init__(self, clock: VirtualClock) -> None:
        super().__init__()
        self._clock = clock

    def select(self, timeout: float | None = None) -> list[tuple[selectors.SelectorKey, int]]:
        if timeout is None:  # no timer at all: only I/O (a thread's wake-up) can come
            return super().select(None)
        ready = super().select(0)
        if not ready and timeout > 0:
            self._clock.skipped += timeout
        return ready


class VirtualClock:
    """Monotonic time plus every idle wait skipped so far."""

    def __init__(self) -> None:
        self.skipped = 0.0

    def time(self) -> float:
        return time.monotonic() + self.skipped


class VirtualTimeLoop(asyncio.SelectorEventLoop):
    """A selector event loop on a ``VirtualClock``."""

    def __init__(self) -> None:
        self.clock = VirtualClock()
        super().__init__(_JumpingSelector(self.clock))

    def time(self) -> float:
        return self.clock.time()


def virtual_time_loop(*_: Any) -> VirtualTimeLoop:
    """A loop factory (``asyncio.Runner(loop_factory=...)``, pytest-asyncio's hook)."""
    return VirtualTimeLoop()
