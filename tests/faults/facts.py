"""Deterministic words for what a scenario saw: no dates, times, ids or timings, so the
matrix written from a run is the same on every run that behaves the same."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from bot.store import Operation, Store
from conversations import StaffEvent
from testing.telegram import ChatMessage, FakeBotApi

_DATE = re.compile(
    r"\b\d{1,2}\.? (?:[A-ZÄÖÜ][a-zäöü]{2,8}\.?|\d{1,2}\.) ?\d{4}\b"  # 7 Dec 2026, 7. Dez. 2026
    r"|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}\.\d{1,2}\.\d{4}\b"
)
_TIME = re.compile(r"\b\d{1,2}:\d{2}\b")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s")


def gist(text: str, width: int = 100) -> str:
    """The first line of a message (two sentences at most), dates and times as <date> and
    <time>."""
    first = text.strip().splitlines()[0] if text.strip() else "(empty)"
    first = " ".join(_SENTENCE_END.split(first, maxsplit=2)[:2])
    first = _TIME.sub("<time>", _DATE.sub("<date>", first))
    return first if len(first) <= width else first[: width - 1].rstrip() + "…"


def said(messages: Iterable[ChatMessage], *, buttons: Sequence[str] = ("Try again",)) -> str:
    """What the member read, message by message, with the buttons in ``buttons`` they got."""
    parts = []
    for message in messages:
        shown = [label for label in message.labels if label in buttons]
        parts.append(f"“{gist(message.text)}”" + (f" [{', '.join(shown)}]" if shown else ""))
    return " → ".join(parts) if parts else "nothing"


def said_texts(texts: Iterable[str]) -> str:
    parts = [f"“{gist(text)}”" for text in texts]
    return " → ".join(parts) if parts else "nothing"


def shown_since(fake: FakeBotApi, chat_id: int, calls_before: int) -> list[str]:
    """Every text the bot showed the chat after ``calls_before`` Bot API calls: new messages
    and edits alike (a press is answered by editing the message it was pressed on)."""
    return [
        str(call.params.get("text", ""))
        for call in fake.calls[calls_before:]
        if call.method in {"sendMessage", "editMessageText"}
        and str(call.params.get("chat_id")) == str(chat_id)
        and call.status == 200
    ]


def count(texts: Iterable[str], phrase: str) -> int:
    return sum(phrase in text for text in texts)


def ledger(operations: Iterable[Operation]) -> str:
    """The operations ledger of a chat: kind and status of each entry, oldest first."""
    entries = [f"{operation.kind} {operation.status}" for operation in operations]
    return "ledger: " + (", ".join(entries) if entries else "empty")


def chat_ledger(store: Store, platform: str, chat_id: str) -> str:
    return ledger(sorted(store.operations_for_chat(platform, chat_id), key=lambda o: o.id))


def staff_saw(events: Iterable[StaffEvent]) -> str:
    """The engine's staff events: kind (and problem or status), counted."""
    names = []
    for event in events:
        detail = event.detail.get("problem") or event.status
        names.append(f"{event.kind}" + (f" ({detail})" if detail else ""))
    if not names:
        return "nothing"
    counted = Counter(names)
    return ", ".join(
        f"{name} ×{number}" if number > 1 else name for name, number in counted.items()
    )


def feed_saw(feed: Iterable[str]) -> str:
    """The Slack feed's messages, by their first line."""
    lines = [gist(text) for text in feed]
    if not lines:
        return "feed: nothing"
    counted = Counter(lines)
    return "feed: " + ", ".join(
        f"“{line}” ×{number}" if number > 1 else f"“{line}”" for line, number in counted.items()
    )
