"""Limits on linking attempts, per chat and per customer number, against guessing."""

from __future__ import annotations

from conversations.turn import Turn

CHAT_SCOPE = "link_chat"
NUMBER_SCOPE = "link_number"


def _keys(turn: Turn, number: str | None) -> list[tuple[str, str]]:
    keys = [(CHAT_SCOPE, f"{turn.platform}:{turn.chat_id}")]
    if number:
        keys.append((NUMBER_SCOPE, f"{turn.studio.name}:{number.lower()}"))
    return keys


async def blocked(turn: Turn, number: str | None = None) -> bool:
    """True when this chat or this customer number used up its tries for now."""
    options = turn.services.options
    since = turn.now - options.link_window
    for scope, key in _keys(turn, number):
        if await turn.services.store.count_attempts(scope, key, since) >= options.link_attempts:
            return True
    return False


async def record_failure(turn: Turn, number: str | None = None) -> None:
    for scope, key in _keys(turn, number):
        await turn.services.store.record_attempt(scope, key, turn.now)


def window_minutes(turn: Turn) -> int:
    return max(1, int(turn.services.options.link_window.total_seconds() // 60))
