"""The ports the heart owns: how a running bot reaches members, and what its parts look like.

Adapters implement ``PushChannel`` (a chat platform that can message a member unprompted)
and ``Component`` (routes on the bot's one HTTP server, work started and stopped with it);
the application builds one ``Runtime`` and hands it to every component. Nothing here knows
Telegram, Slack or the process that runs them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from conversations.types import Outgoing, PushResult

if TYPE_CHECKING:
    from starlette.routing import BaseRoute

    from bot.config import Settings
    from conversations.engine import Engine, SystemFlow
    from conversations.services import Services
    from conversations.staff import StaffDesk


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
class Channels:
    """The push channels of a running bot, by platform (a channel registers itself)."""

    by_platform: dict[str, PushChannel] = field(default_factory=dict)
    handles: dict[str, str] = field(default_factory=dict)
    """The bot's own user name per platform, learnt when its channel starts (Telegram:
    ``getMe``), for links such as ``t.me/<name>?start=<code>``."""

    def register(self, channel: PushChannel) -> None:
        self.by_platform[channel.platform] = channel

    def __bool__(self) -> bool:
        return bool(self.by_platform)

    async def push(self, platform: str, chat_id: str, messages: Sequence[Outgoing]) -> PushResult:
        """Deliver replies outside a turn; FAILED when no channel serves the platform."""
        channel = self.by_platform.get(platform)
        if channel is None:
            return PushResult.FAILED
        if not messages:
            return PushResult.SENT
        return await channel.push(chat_id, messages)

    async def push_turn(
        self, engine: Engine, platform: str, chat_id: str, flow: SystemFlow
    ) -> PushResult | None:
        """Run a turn the bot starts itself and deliver its replies while the chat is held,
        so they never cross a member's own turn; None when the flow had nothing to say."""
        delivered: list[PushResult] = []

        async def deliver(replies: list[Outgoing]) -> None:
            delivered.append(await self.push(platform, chat_id, replies))

        await engine.push(platform, chat_id, flow, deliver=deliver)
        return delivered[0] if delivered else None


class LeaderOnly(Protocol):
    """Work only one process of several may do at a time (Telegram polling, Socket Mode)."""

    async def lead(self) -> None:
        """This process became the leader: start the work."""
        ...

    async def follow(self) -> None:
        """This process lost the lead (or stops): stop the work."""
        ...


@dataclass
class Leadership:
    """Whether this process leads, and the parts that run only while it does."""

    leading: bool = False
    parts: list[LeaderOnly] = field(default_factory=list)

    def register(self, part: LeaderOnly) -> None:
        self.parts.append(part)


@dataclass(frozen=True)
class Runtime:
    """Everything the parts of a running bot share; built once by the composition root."""

    settings: Settings
    services: Services
    engine: Engine
    desk: StaffDesk
    channels: Channels
    leadership: Leadership = field(default_factory=Leadership)

    async def push(self, platform: str, chat_id: str, messages: Sequence[Outgoing]) -> PushResult:
        return await self.channels.push(platform, chat_id, messages)


__all__ = [
    "Channels",
    "Component",
    "LeaderOnly",
    "Leadership",
    "PushChannel",
    "PushResult",
    "Runtime",
]
