"""The real PerfectGym client talking to the sandbox over real HTTP on 127.0.0.1."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
import pytest_asyncio

from bot.clock import FakeClock, SimulatedClock
from bot.perfectgym import PerfectGymClient
from bot.sandbox import BERLIN_MITTE_API_KEY, Sandbox, serve_sandbox


class Sleeps(SimulatedClock):
    """The client's clock: records each wait and moves the shared FakeClock instead of
    waiting, so a sandbox rate limit window really rolls over."""

    @property
    def waits(self) -> list[float]:
        return self.sleeps


@pytest.fixture
def sleeps(clock: FakeClock) -> Sleeps:
    return Sleeps(clock)


MakeClient = Callable[..., PerfectGymClient]


@pytest.fixture
async def make_client(
    sandbox_url: str, clock: FakeClock, sleeps: Sleeps
) -> AsyncIterator[MakeClient]:
    """Build clients on the sandbox (Berlin's key unless told); backoff tiny, sleeps recorded."""
    created: list[PerfectGymClient] = []

    def build(api_key: str = BERLIN_MITTE_API_KEY, **options: Any) -> PerfectGymClient:
        options.setdefault("base_url", sandbox_url)
        options.setdefault("backoff", 0.001)
        options.setdefault("timeout", 5.0)
        options.setdefault("clock", sleeps)
        client = PerfectGymClient(api_key=api_key, **options)
        created.append(client)
        return client

    yield build
    for client in created:
        await client.aclose()


@pytest.fixture
def berlin(make_client: MakeClient) -> PerfectGymClient:
    """The Berlin Mitte studio's client."""
    return make_client()


class Shared:
    """One untouched demo sandbox served for a whole module of read-only tests."""

    def __init__(self, sandbox: Sandbox, url: str, clock: FakeClock) -> None:
        self.sandbox = sandbox
        self.url = url
        self.clock = clock
        self.clients: list[PerfectGymClient] = []

    def client(self, api_key: str = BERLIN_MITTE_API_KEY, **options: Any) -> PerfectGymClient:
        options.setdefault("backoff", 0.001)
        options.setdefault("clock", self.clock)
        client = PerfectGymClient(self.url, api_key, **options)
        self.clients.append(client)
        return client

    def fingerprint(self) -> tuple[object, ...]:
        """Everything a client call could change; read-only tests must leave it as it was."""
        return (  # repr: a snapshot, not references to objects that change in place
            repr(list(self.sandbox.module_contracts.values())),
            repr([c.cancelation for c in self.sandbox.contracts.values()]),
            len(self.sandbox.communications),
            [s.activation_confirmed for s in self.sandbox.studios.values()],
        )


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def shared() -> AsyncIterator[Shared]:
    """A module-wide sandbox server: one start-up instead of one per test, for reads only."""
    clock = FakeClock()
    sandbox = Sandbox.demo(clock=clock)
    async with serve_sandbox(sandbox) as url:
        running = Shared(sandbox, url, clock)
        yield running
        for client in running.clients:
            await client.aclose()
    await sandbox.aclose()
