"""An engine wired to the sandbox over real HTTP, on a shared fake clock."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bot.clock import FakeClock
from bot.config import StudioSettings
from bot.perfectgym import PerfectGymClient
from bot.sandbox import Sandbox
from bot.store import SqliteStore, Store
from conversations import Engine, EngineOptions, EventBus, Services, StaffEvent, StudioRuntime
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


def make_client(base_url: str, api_key: str, **kwargs: object) -> PerfectGymClient:
    options: dict[str, object] = {"backoff": 0.001, "max_retries": 2, "timeout": 2.0}
    options.update(kwargs)
    return PerfectGymClient(base_url, api_key, **options)  # type: ignore[arg-type]


@pytest.fixture
def studio_names() -> list[str]:
    return ["Berlin Mitte"]


@pytest.fixture
def engine_options() -> EngineOptions:
    return EngineOptions()


@pytest.fixture
def client_options() -> dict[str, object]:
    return {}


@pytest.fixture
async def bot(
    sandbox: Sandbox,
    sandbox_url: str,
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
            base_url=sandbox_url,
            api_key=studio.api_key,
            time_zone=studio.time_zone,
        )
        studios[studio.name] = StudioRuntime(
            settings, make_client(sandbox_url, studio.api_key, **client_options)
        )
    store = Store.open(tmp_path / "bot.sqlite3")
    events = EventBus()
    backend = SqliteStore.wrap(store)
    services = Services(
        store=backend,
        studios=studios,
        clock=clock,
        options=engine_options,
        events=events,
    )
    result = Bot(sandbox, sandbox_url, store, services, Engine(services), clock)

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
