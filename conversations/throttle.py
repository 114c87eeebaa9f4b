"""Limits on linking attempts against guessing: per chat, per customer number, per studio.

An attempt is reserved before PerfectGym is asked (one statement-group in one transaction,
``reserve_attempt``), so fifty chats racing with guesses for one number get five answers
between them, not fifty. The studio ceiling caps all self-service checks of a studio per
minute; when it trips, staff hear of it once per minute.
"""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum

from bot.store import AttemptBudget
from conversations.events import StaffEvent, StaffEventKind
from conversations.turn import Turn

CHAT_SCOPE = "link_chat"
NUMBER_SCOPE = "link_number"
STUDIO_SCOPE = "link_studio"
ALERT_SCOPE = "link_studio_alert"
CEILING_WINDOW = timedelta(minutes=1)


class Refusal(StrEnum):
    """Why a link attempt was not made."""

    CHAT_OR_NUMBER = "chat_or_number"
    """This chat or this customer number used up its tries for the window."""
    STUDIO = "studio"
    """The studio's ceiling for this minute is reached."""


def chat_key(turn: Turn) -> str:
    return f"{turn.platform}:{turn.chat_id}"


def _budgets(turn: Turn, number: str | None) -> list[AttemptBudget]:
    options = turn.services.options
    since = turn.now - options.link_window
    budgets = [
        AttemptBudget(
            scope=CHAT_SCOPE, key=chat_key(turn), limit=options.link_attempts, since=since
        )
    ]
    if number:
        budgets.append(
            AttemptBudget(
                scope=NUMBER_SCOPE,
                key=f"{turn.studio.name}:{number.lower()}",
                limit=options.link_attempts,
                since=since,
            )
        )
        budgets.append(
            AttemptBudget(
                scope=STUDIO_SCOPE,
                key=turn.studio.name,
                limit=options.link_ceiling,
                since=turn.now - CEILING_WINDOW,
            )
        )
    return budgets


async def reserve(turn: Turn, number: str | None = None) -> Refusal | None:
    """Take one attempt from the chat's, the number's and the studio's budgets, or refuse.

    ``number`` is given for a date-of-birth check (PerfectGym is asked next); without it the
    attempt is a link code (looked up locally) and counts against the chat only.
    """
    exhausted = await turn.services.store.reserve_attempt(_budgets(turn, number), turn.now)
    if exhausted is None:
        return None
    if exhausted.scope != STUDIO_SCOPE:
        return Refusal.CHAT_OR_NUMBER
    await _tell_staff_once(turn)
    return Refusal.STUDIO


async def used_up(turn: Turn, number: str) -> bool:
    """True when the chat's or the number's budget has no try left (for the wording only)."""
    store = turn.services.store
    for budget in _budgets(turn, number):
        if budget.scope == STUDIO_SCOPE:
            continue
        if await store.count_attempts(budget.scope, budget.key, budget.since) >= budget.limit:
            return True
    return False


async def _tell_staff_once(turn: Turn) -> None:
    """The first refusal of a minute tells staff; the rest of that minute stays quiet."""
    alert = AttemptBudget(
        scope=ALERT_SCOPE, key=turn.studio.name, limit=1, since=turn.now - CEILING_WINDOW
    )
    if await turn.services.store.reserve_attempt([alert], turn.now) is not None:
        return
    turn.records.tell_staff(
        StaffEvent(
            kind=StaffEventKind.NEEDS_HUMAN,
            studio=turn.studio.name,
            at=turn.now,
            detail={
                "problem": "link_ceiling",
                "error": f"{turn.services.options.link_ceiling}/min",
            },
        )
    )


def window_minutes(turn: Turn) -> int:
    return max(1, int(turn.services.options.link_window.total_seconds() // 60))
