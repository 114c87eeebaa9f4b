"""The whole bot around the sandbox, over real HTTP both ways, on one FakeClock.

The sandbox serves the PerfectGym API on 127.0.0.1 and posts its webhooks to the bot's own
Starlette server (``build_app`` with the webhook component), also on 127.0.0.1. The engine,
store, services and the reminders are the real ones; member messages pushed outside a turn
land in ``RecordingChannel`` (platform ``test``), whose outcome tests can steer.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.app.reminders import Reminders
from bot.app.runtime import App, assemble
from bot.app.server import build_app as build_http_app
from bot.app.webhooks import WEBHOOK_PATH, WebhooksComponent, build_component
from bot.clock import FakeClock
from bot.config import ReminderSettings, Settings, StudioSettings
from bot.perfectgym import PerfectGymClient
from bot.sandbox import Sandbox, serve_sandbox
from bot.serving import serve_asgi
from bot.store import Reminder, ReminderStatus, SqliteStore, Store
from conversations import Engine, EventBus, Outgoing, Services, StaffEvent, StudioRuntime
from conversations.ports import PushResult, Runtime
from conversations.staff import StaffNotice
from testing.store import open_store
from tests.conversations.member import Member

PLATFORM = "test"
BERLIN = "Berlin Mitte"


@dataclass
class Push:
    chat_id: str
    messages: list[Outgoing]

    @property
    def text(self) -> str:
        return "\n".join(m.text for m in self.messages)

    @property
    def labels(self) -> list[str]:
        return [b.label for m in self.messages for b in m.flat_buttons]


@dataclass
class RecordingChannel:
    """A push channel that records what members would see; ``blocked``, ``failing`` and
    ``uncertain`` (it may have arrived) steer its answer per chat."""

    platform: str = PLATFORM
    pushes: list[Push] = field(default_factory=list)
    blocked: set[str] = field(default_factory=set)
    failing: set[str] = field(default_factory=set)
    uncertain: set[str] = field(default_factory=set)

    async def push(self, chat_id: str, messages: Sequence[Outgoing]) -> PushResult:
        if chat_id in self.blocked:
            return PushResult.UNREACHABLE
        if chat_id in self.failing:
            return PushResult.FAILED
        self.pushes.append(Push(chat_id, list(messages)))
        return PushResult.UNKNOWN if chat_id in self.uncertain else PushResult.SENT

    def to(self, chat_id: str) -> list[Push]:
        return [push for push in self.pushes if push.chat_id == chat_id]


@dataclass
class Stack:
    sandbox: Sandbox
    clock: FakeClock
    store: Store
    runtime: Runtime
    hub: Reminders
    webhooks: WebhooksComponent
    bot_url: str
    channel: RecordingChannel
    staff: list[StaffEvent]
    notices: list[StaffNotice]

    @property
    def engine(self) -> Engine:
        return self.runtime.engine

    @property
    def webhook_url(self) -> str:
        return self.bot_url + WEBHOOK_PATH

    def member(self, chat_id: str = "c1", language: str = "en") -> Member:
        return Member(self.engine, chat_id, language=language, platform=PLATFORM)

    async def settle(self) -> None:
        """Let the sandbox's webhooks arrive, the inbox be processed, engine events refreshed."""
        await self.sandbox.webhooks.drain()
        await self.webhooks.worker.drain()
        await self.hub.refresh_requested()

    def show(self, member: Member, push: Push) -> None:
        """Put a pushed message in front of the member, so they can press its buttons."""
        member.last = push.messages

    def rows(self, status: ReminderStatus | None = None, rule: str | None = None) -> list[Reminder]:
        return [r for r in self.store.reminders(status) if rule is None or r.rule == rule]

    def changed(self) -> list[StaffEvent]:
        return [e for e in self.staff if e.kind == "contract_changed"]


def settings_for(sandbox: Sandbox, sandbox_url: str, **reminders: Any) -> Settings:
    studios = [
        StudioSettings(
            name=studio.name,
            base_url=sandbox_url,
            api_key=studio.api_key,
            webhook_key=studio.webhook_key,
            time_zone=studio.time_zone,
            locale="en_GB",
        )
        for studio in sandbox.studios.values()
        if studio.name == BERLIN
    ]
    return Settings(studios=studios, reminders=ReminderSettings(**reminders))


def build_app(settings: Settings, store: Store, clock: FakeClock, channels: dict[str, Any]) -> App:
    """The bot assembled by the composition root, on the sandbox and a fake clock."""
    services = Services(
        store=SqliteStore.wrap(store),
        studios={
            studio.name: StudioRuntime(
                studio,
                PerfectGymClient(
                    str(studio.base_url), studio.api_key, backoff=0.001, max_retries=1, timeout=5
                ),
            )
            for studio in settings.studios
        },
        clock=clock,
        events=EventBus(),
    )
    app = assemble(settings, services)
    for channel in channels.values():
        app.runtime.channels.register(channel)
    return app


class Servers:
    """HTTP servers held open in tasks, so that they can all stop at once at the end."""

    def __init__(self) -> None:
        self._stop = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []

    async def serve(self, server: contextlib.AbstractAsyncContextManager[str]) -> str:
        ready: asyncio.Future[str] = asyncio.get_running_loop().create_future()

        async def hold() -> None:
            async with server as url:
                ready.set_result(url)
                await self._stop.wait()

        task = asyncio.create_task(hold())
        self._tasks.append(task)
        await asyncio.wait([ready, task], return_when=asyncio.FIRST_COMPLETED)
        if not ready.done():
            await task  # raises why the server did not start
        return ready.result()

    async def stop(self) -> None:
        self._stop.set()
        await asyncio.gather(*self._tasks)


@contextlib.asynccontextmanager
async def running_stack(
    sandbox: Sandbox,
    clock: FakeClock,
    db: Path,
    *,
    channel: Any = None,
    **reminders: Any,
) -> AsyncIterator[Stack]:
    """The sandbox and the bot's HTTP server up, the sandbox posting webhooks to the bot."""
    servers = Servers()
    sandbox_url = await servers.serve(serve_sandbox(sandbox))
    settings = settings_for(sandbox, sandbox_url, **reminders)
    store = open_store(db)
    recorder = RecordingChannel()
    pushing = channel if channel is not None else recorder
    app = build_app(settings, store, clock, {pushing.platform: pushing})
    runtime, hub = app.runtime, app.reminders
    staff: list[StaffEvent] = []
    notices: list[StaffNotice] = []

    async def on_event(event: StaffEvent) -> None:
        staff.append(event)

    async def on_notice(notice: StaffNotice) -> None:
        notices.append(notice)

    runtime.services.events.subscribe(on_event)
    runtime.desk.add_notice_sink(on_notice)
    webhooks = build_component(runtime, hub)
    try:
        bot_url = await servers.serve(serve_asgi(build_http_app(runtime, [webhooks]), name="bot"))
        stack = Stack(
            sandbox, clock, store, runtime, hub, webhooks, bot_url, recorder, staff, notices
        )
        sandbox.webhook_url = stack.webhook_url
        yield stack
    finally:
        sandbox.webhook_url = None
        await sandbox.webhooks.aclose()  # idle connections closed first: quick shutdown
        await runtime.services.aclose()
        await servers.stop()
        backend = runtime.services.store
        assert isinstance(backend, SqliteStore)
        backend.close()
        store.close()


def at_berlin(clock: FakeClock, moment: datetime) -> None:
    """Set the shared clock to a wall-clock time in Berlin."""
    from zoneinfo import ZoneInfo

    clock.set(moment.replace(tzinfo=ZoneInfo("Europe/Berlin")))
