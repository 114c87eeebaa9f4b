"""Shared fixtures. Tests never reach the network: only loopback connections are allowed."""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from bot.clock import FakeClock
from testing.postgres import PostgresServer, PostgresUnavailable, running_postgres

if TYPE_CHECKING:
    from bot.sandbox import Sandbox

pytest_plugins = ("tests.faults.matrix",)

REPO_ROOT = Path(__file__).resolve().parent.parent
_LOOPBACK = {"127.0.0.1", "::1", "localhost"}


MEMORY_DISK = Path("/dev/shm")


@pytest.hookimpl(tryfirst=True)  # before pytest's own, which reads --basetemp
def pytest_configure(config: pytest.Config) -> None:
    _no_certificates(config)
    _temporary_files_in_memory(config)


# Folders whose tests run real processes and wait on real time: started first, so that with
# several workers (``-n``) the long ones overlap the many short ones instead of trailing them.
SLOW_FIRST = ("tests/replicas/", "tests/faults/")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        path = item.nodeid
        return next((i for i, folder in enumerate(SLOW_FIRST) if path.startswith(folder)), 9)

    items.sort(key=rank)


def _no_certificates(config: pytest.Config) -> None:
    """No test speaks TLS (only loopback HTTP), so certificates need not be parsed: httpx reads
    the whole CA bundle named by ``SSL_CERT_FILE`` (or certifi's) for every client it builds,
    about 50 ms each, but looks certificates up lazily in ``SSL_CERT_DIR``. An empty directory
    also makes any TLS attempt fail verification."""
    empty = tempfile.mkdtemp(prefix="no-ca-")
    config.add_cleanup(lambda: os.rmdir(empty))
    os.environ.pop("SSL_CERT_FILE", None)
    os.environ["SSL_CERT_DIR"] = empty


def _temporary_files_in_memory(config: pytest.Config) -> None:
    """Every SQLite commit of a test waits for the disk (fsync); in memory it does not. Unless
    ``--basetemp`` says otherwise, ``tmp_path`` lives in a fresh directory on the machine's
    RAM-backed file system, when it has one, removed when the run ends."""
    if config.option.basetemp or not (MEMORY_DISK.is_dir() and os.access(MEMORY_DISK, os.W_OK)):
        return
    base = tempfile.mkdtemp(prefix="pytest-", dir=MEMORY_DISK)
    config.option.basetemp = base
    config.add_cleanup(lambda: shutil.rmtree(base, ignore_errors=True))


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fail any test that tries to connect anywhere but loopback."""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def _check(address: object) -> None:
        if isinstance(address, tuple) and address and address[0] not in _LOOPBACK:
            raise RuntimeError(f"test tried to reach the network: {address!r}")

    def connect(self: socket.socket, address: object) -> None:
        _check(address)
        return real_connect(self, address)  # type: ignore[arg-type]

    def connect_ex(self: socket.socket, address: object) -> int:
        _check(address)
        return real_connect_ex(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    yield


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def vendor_openapi() -> Path:
    """The vendor's OpenAPI excerpt (a copy lives in tests/vendor; never skipped silently)."""
    path = Path(
        os.environ.get("PERFECTGYM_OPENAPI")
        or REPO_ROOT / "tests" / "vendor" / "openapi-excerpt.json"
    )
    if not path.is_file():
        pytest.fail(f"vendor OpenAPI excerpt not found at {path} (PERFECTGYM_OPENAPI)")
    return path


@pytest.fixture
def vendor_openapi_path() -> Path:
    return vendor_openapi()


@pytest.fixture
async def sandbox(clock: FakeClock) -> AsyncIterator[Sandbox]:
    """A fresh seeded PerfectGym sandbox on the test's FakeClock."""
    from bot.sandbox import Sandbox

    fresh = Sandbox.demo(clock=clock)
    yield fresh
    await fresh.aclose()


@pytest.fixture
async def sandbox_url(sandbox: Sandbox) -> AsyncIterator[str]:
    """That sandbox over real HTTP on 127.0.0.1 (free port); yields its base URL."""
    from bot.sandbox import serve_sandbox

    async with serve_sandbox(sandbox) as url:
        yield url


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One throwaway PostgreSQL server for the whole run; never skipped: fails with one line."""
    try:
        with running_postgres() as server:
            yield server
    except PostgresUnavailable as exc:
        pytest.fail(str(exc), pytrace=False)


PostgresDatabase = Callable[..., str]


@pytest.fixture
def postgres_database(postgres_server: PostgresServer) -> Iterator[PostgresDatabase]:
    """New databases on the session's server (``migrated=False``: empty); dropped after the
    test. Returns the URL."""
    names: list[str] = []

    def create(*, migrated: bool = True) -> str:
        names.append(f"test_{uuid.uuid4().hex[:12]}")
        if migrated:
            return postgres_server.migrated_database(names[-1])
        return postgres_server.create_database(names[-1])

    yield create
    for name in names:
        postgres_server.drop_database(name)
