"""An engine wired to the sandbox, on a shared fake clock.

The sandbox is reached in-process (``testing.sandbox``: its ASGI app, timeouts kept), on an
event loop whose clock skips idle waits (``testing.loop``), so a client timeout costs no wall
time. Tests marked ``over_http`` serve it on 127.0.0.1 instead and talk to it over real HTTP
on the ordinary loop, like production (``test_over_http.py``).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from bot.clock import FakeClock
from bot.config import StudioSettings
from bot.perfectgym import PerfectGymClient
from bot.sandbox import Sandbox, serve_sandbox
from bot.store import SqliteStore, Store
from conversations import Engine, EngineOptions, EventBus, Services, StaffEvent, StudioRuntime
from testing.loop import virtual_time_loop
from testing.sandbox import SANDBOX_URL, sandbox_client
from testing.store import open_store
from tests.conversations.member import Member


@dataclass
class Bot:
    """Everything a test needs to talk to the engine and look behind it."""

    sandbox: Sandbox
    base_url: str
    store: Store
    services: Services
    engine: Engine
    clock: FakeClock
    events: list[StaffEvent] = field(default_factory=list)

    def member(self, chat_id: str = "m1", **kwargs: object) -> Member:
        return Member(self.engine, chat_id, **kwargs)  # type: ignore[arg-type]

    def restart(self) -> Bot:
        """A new engine on the same database and sandbox, as after a process restart."""
        store = Store.open(self.store.path)
        services = Services(
            store=SqliteStore.wrap(store),
            studios=self.services.studios,
            clock=self.clock,
            options=self.services.options,
            events=self.services.events,
        )
        return Bot(
            self.sandbox, self.base_url, store, services, Engine(services), self.clock, self.events
        )


def make_client(
    sandbox: Sandbox, base_url: str | None, api_key: str, **kwargs: object
) -> PerfectGymClient:
    """A studio's client: over HTTP to ``base_url``, or in-process when it is None."""
    options: dict[str, Any] = {"backoff": 0.001, "max_retries": 2, "timeout": 2.0}
    options.update(kwargs)
    if base_url is None:
        return sandbox_client(sandbox, api_key, **options)
    return PerfectGymClient(base_url, api_key, **options)


@pytest.fixture
def studio_names() -> list[str]:
    return ["Berlin Mitte"]


@pytest.fixture
def engine_options() -> EngineOptions:
    return EngineOptions()


@pytest.fixture
def client_options() -> dict[str, object]:
    return {}


def pytest_asyncio_loop_factories(
    config: pytest.Config, item: pytest.Item
) -> dict[str, Callable[[], asyncio.AbstractEventLoop]]:
    """In-process, every wait is on the loop: its clock skips idle time (a hanging request
    times out at once). Over real HTTP the ordinary loop waits for the sockets."""
    if item.get_closest_marker("over_http"):
        return {"asyncio": asyncio.new_event_loop}
    return {"virtual-time": virtual_time_loop}


@pytest.fixture
def over_http(request: pytest.FixtureRequest) -> bool:
    """Whether the sandbox is served on 127.0.0.1 (``pytest.mark.over_http``) or in-process."""
    return request.node.get_closest_marker("over_http") is not None


@pytest.fixture
async def perfectgym_url(sandbox: Sandbox, over_http: bool) -> AsyncIterator[str | None]:
    """The sandbox's URL when it is served over HTTP, else None (in-process)."""
    if not over_http:
        yield None
        return
    async with serve_sandbox(sandbox) as url:
        yield url


@pytest.fixture
async def bot(
    sandbox: Sandbox,
    perfectgym_url: str | None,
    clock: FakeClock,
    tmp_path: Path,
    studio_names: list[str],
    engine_options: EngineOptions,
    client_options: dict[str, object],
) -> AsyncIterator[Bot]:
    studios = {}
    for studio in sandbox.studios.values():
        if studio.name not in studio_names:
            continue
        settings = StudioSettings(
            name=studio.name,
            base_url=perfectgym_url or SANDBOX_URL,
            api_key=studio.api_key,
            time_zone=studio.time_zone,
        )
        client = make_client(sandbox, perfectgym_url, studio.api_key, **client_options)
        studios[studio.name] = StudioRuntime(settings, client)
    store = open_store(tmp_path / "bot.sqlite3")
    events = EventBus()
    backend = SqliteStore.wrap(store)
    services = Services(
        store=backend,
        studios=studios,
        clock=clock,
        options=engine_options,
        events=events,
    )
    result = Bot(sandbox, perfectgym_url or SANDBOX_URL, store, services, Engine(services), clock)

    async def collect(event: StaffEvent) -> None:
        result.events.append(event)

    events.subscribe(collect)
    yield result
    await services.aclose()
    backend.close()


@pytest.fixture
def member(bot: Bot) -> Member:
    return bot.member()


MemberFactory = Callable[..., Member]
