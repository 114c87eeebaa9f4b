"""Things staff should hear about, published by the engine and consumed by the staff desk.

The engine never knows who listens (Slack, a log, a test); a failing listener is logged and
never breaks a member's turn.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

log = logging.getLogger("conversations.events")


class StaffEventKind(StrEnum):
    PURCHASE = "purchase"
    CANCELATION = "cancelation"
    WITHDRAWAL = "withdrawal"
    NEEDS_HUMAN = "needs_human"
    LINKED = "linked"
    CONTRACT_CHANGED = "contract_changed"


@dataclass(frozen=True)
class StaffEvent:
    """One notification for the studio's staff channel."""

    kind: StaffEventKind
    studio: str
    at: datetime
    customer_id: int | None = None
    customer_number: str | None = None
    contract_id: int | None = None
    module_name: str | None = None
    module_contract_id: int | None = None
    status: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)


Listener = Callable[[StaffEvent], Awaitable[None]]


class EventBus:
    """Fan-out of staff events to whoever subscribed."""

    def __init__(self) -> None:
        self._listeners: list[Listener] = []

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    async def publish(self, event: StaffEvent) -> None:
        if not self._listeners:
            log.info("staff event %s for studio %s (no listener)", event.kind, event.studio)
            return
        results = await asyncio.gather(
            *(listener(event) for listener in self._listeners), return_exceptions=True
        )
        for result in results:
            if isinstance(result, BaseException):
                log.error("staff event listener failed: %r", result)
