"""What ``upsell-bot run`` is made of: shared services plus components with a life cycle.

A component serves HTTP routes on the bot's one Starlette server and/or runs background
work; it starts after the server is up and stops before it goes down. Chat channels that can
reach members outside a turn (Telegram) register as push channels, so reminders, studio news
and staff offers can be delivered through the channel's own rate limiting.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from starlette.routing import BaseRoute

from bot.config import Settings
from bot.store import Store
from conversations import Engine, Outgoing, Services
from conversations.staff import StaffDesk


class PushResult(StrEnum):
    """How a message to a member outside a turn went."""

    SENT = "sent"
    UNREACHABLE = "unreachable"  # the member blocked the bot or the chat is gone
    FAILED = "failed"  # surely not sent; safe to try again later
    UNKNOWN = "unknown"  # may have arrived (read timeout, 5xx): never send it again blindly


class PushChannel(Protocol):
    """A chat platform that can message a member unprompted, within its own limits."""

    platform: str

    async def push(self, chat_id: str, messages: Sequence[Outgoing]) -> PushResult: ...


class Component(Protocol):
    """A part of the running bot: the routes it serves and the work it starts and stops."""

    name: str

    def routes(self) -> Sequence[BaseRoute]: ...

    async def start(self) -> None: ...

    async def stop(self) -> None: ...


@dataclass
class Runtime:
    """Everything components share; built once by the runner (or by a test)."""

    settings: Settings
    store: Store
    services: Services
    engine: Engine
    desk: StaffDesk
    channels: dict[str, PushChannel] = field(default_factory=dict)

    async def push(self, platform: str, chat_id: str, messages: Sequence[Outgoing]) -> PushResult:
        channel = self.channels.get(platform)
        if channel is None or not messages:
            return PushResult.FAILED if channel is None else PushResult.SENT
        return await channel.push(chat_id, messages)
