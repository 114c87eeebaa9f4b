"""Telegram's limits, which PTB does not check: text and button sizes, message rates, floods.

Breaking one records a line in ``violations`` and gets Telegram's own answer (400, or 429
with ``retry_after``).
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable
from typing import Any

import httpx

from ._shapes import error

TOLERANCE = 1e-3  # a limit is only broken by more than a millisecond
Rows = list[list[tuple[str, str]]]


class Limits:
    """At most ``overall_per_second`` messages in any one-second window, one per
    ``chat_interval`` per chat, nothing during a ``retry_after`` wait; sizes as Telegram's."""

    def __init__(
        self, now: Callable[[], float], overall_per_second: int, chat_interval: float
    ) -> None:
        self.now = now
        self.overall_per_second = overall_per_second
        self.chat_interval = chat_interval
        self.violations: list[str] = []
        self._window: deque[float] = deque()
        self._chat_last: dict[int, float] = {}
        self._flood_until = 0.0

    def hold(self, retry_after: int) -> None:
        """Telegram said ``retry_after``: nothing may be sent before it has passed."""
        self._flood_until = max(self._flood_until, self.now() + retry_after)

    def check_rate(self, method: str, chat_id: int) -> httpx.Response | None:
        """None if a message to ``chat_id`` may go now (and count it), else the 429."""
        now = self.now()
        if now < self._flood_until - TOLERANCE:
            wait = self._flood_until - now
            self.violations.append(
                f"{method} to {chat_id} during a retry_after wait ({wait:.3f} s early)"
            )
            return error(429, "Too Many Requests", math.ceil(wait))
        while self._window and self._window[0] <= now - 1.0 + TOLERANCE:
            self._window.popleft()
        if len(self._window) >= self.overall_per_second:
            self.violations.append(
                f"{method}: more than {self.overall_per_second} messages in a second"
            )
            return self._flood(self._window[0] + 1.0 - now)
        last = self._chat_last.get(chat_id)
        if last is not None and now - last < self.chat_interval - TOLERANCE:
            self.violations.append(
                f"{method} to {chat_id}: {now - last:.3f} s after the previous message"
            )
            return self._flood(last + self.chat_interval - now)
        self._window.append(now)
        self._chat_last[chat_id] = now
        return None

    def check_text(self, method: str, text: Any) -> httpx.Response | None:
        """Text of 1..4096 characters, counted in UTF-16 code units as Telegram counts."""
        if not isinstance(text, str) or not text.strip():
            self.violations.append(f"{method}: empty text")
            return error(400, "Bad Request: message text is empty")
        length = len(text.encode("utf-16-le")) // 2
        if length > 4096:
            self.violations.append(f"{method}: text of {length} characters (4096 allowed)")
            return error(400, "Bad Request: message is too long")
        return None

    def check_keyboard(self, method: str, markup: Any) -> tuple[Rows, httpx.Response | None]:
        """The inline keyboard's rows of (label, callback_data), each data 1..64 bytes."""
        if markup is None:
            return [], None
        rows: Rows = []
        for row in markup.get("inline_keyboard", []):
            buttons = []
            for button in row:
                data = button.get("callback_data")
                size = len(data.encode("utf-8")) if isinstance(data, str) else 0
                if not 1 <= size <= 64:
                    self.violations.append(f"{method}: callback_data of {size} bytes (1..64)")
                    return [], error(400, "Bad Request: BUTTON_DATA_INVALID")
                buttons.append((str(button.get("text", "")), data))
            rows.append(buttons)
        return rows, None

    def _flood(self, wait: float) -> httpx.Response:
        retry_after = max(1, math.ceil(wait))
        self.hold(retry_after)
        return error(429, f"Too Many Requests: retry after {retry_after}", retry_after)
