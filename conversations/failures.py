"""What a member reads when the studio's system fails, and how they try again."""

from __future__ import annotations

import logging
import math

from bot.perfectgym import (
    ApiError,
    AuthenticationFailed,
    Forbidden,
    InvalidResponse,
    NotFound,
    PerfectGymError,
    RateLimited,
    ServerError,
    TransportError,
)
from conversations.events import StaffEvent, StaffEventKind
from conversations.turn import Turn

log = logging.getLogger("conversations.failures")


def explain(turn: Turn, exc: PerfectGymError) -> str:
    """One sentence for the member; never internals, never a stack trace."""
    if isinstance(exc, RateLimited):
        seconds = max(5, math.ceil(exc.retry_after or 60))
        return turn.t("api_busy", seconds=seconds)
    if isinstance(exc, (ServerError, TransportError)):
        return turn.t("api_unreachable")
    if isinstance(exc, (AuthenticationFailed, Forbidden)):
        return turn.t("api_misconfigured")
    if isinstance(exc, NotFound):
        return turn.t("api_not_found")
    if isinstance(exc, InvalidResponse):
        return turn.t("api_invalid")
    if isinstance(exc, ApiError) and exc.error_message:
        return turn.t("api_refused", reason=exc.error_message)
    return turn.t("api_unreachable")


def reply_for_api_error(turn: Turn, exc: PerfectGymError) -> None:
    """Tell the member, keep the conversation where it was, and offer the same step again."""
    log.warning("PerfectGym call failed in a %s turn: %s", turn.platform, type(exc).__name__)
    rows = []
    if turn.action is not None and exc.retryable:
        rows.append([turn.out.reissue(turn.t("btn_retry"))])
    rows.extend(turn.out.menu_rows())
    turn.out.say(explain(turn, exc), rows, replace=False)
    if isinstance(exc, (AuthenticationFailed, Forbidden)):
        turn.records.tell_staff(
            StaffEvent(
                kind=StaffEventKind.NEEDS_HUMAN,
                studio=turn.studio.name,
                at=turn.now,
                detail={"problem": "api_access", "error": type(exc).__name__},
            )
        )
