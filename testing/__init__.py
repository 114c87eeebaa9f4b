"""Support for tests and benchmarks: fakes of the outside world the bot talks to.

Importing ``testing`` loads nothing else; each name below comes from its module on first use
(``from testing.telegram import FakeBotApi`` imports only what that needs):

- ``testing.telegram``: ``FakeBotApi``, the Telegram Bot API behind PTB's real HTTP calls
  (respx), with Telegram's limits enforced; ``ChatMessage``, ``ApiCall``
- ``testing.slack``: ``FakeSlackApi`` and ``serve_fake_slack``, the Slack Web API on 127.0.0.1
- ``testing.burst``: ``post_all``, many webhook deliveries at once over keep-alive sockets
- ``testing.sandbox``: ``sandbox_client``, a PerfectGym client on the sandbox in-process
  (``SandboxTransport``: ASGI, timeouts kept)
- ``testing.store``: ``open_store``, ``Store.open`` that copies the schema into a new file
  instead of migrating it
- ``testing.loop``: ``VirtualTimeLoop``, an event loop whose clock skips idle waits
- ``testing.counting``: ``SqlCounter`` (SQL statements and transactions of a store) and
  ``CountingTransport`` (PerfectGym requests at the transport)
- ``testing.postgres``: ``running_postgres``, a throwaway PostgreSQL server;
  ``PostgresServer.migrated_database`` copies a migrated template into a new database

Only tests and benchmarks import this package (an import-linter contract says so).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from testing.burst import post_all
    from testing.counting import CountingTransport, SqlCounter
    from testing.disks import read_only, small_disk
    from testing.loop import VirtualTimeLoop, virtual_time_loop
    from testing.outside import Outside, Servers
    from testing.postgres import PostgresServer, running_postgres
    from testing.processes import BotProcess, WriteLock
    from testing.sandbox import SANDBOX_URL, SandboxTransport, sandbox_client
    from testing.slack import FakeSlackApi, serve_fake_slack
    from testing.store import open_store
    from testing.telegram import ApiCall, ChatMessage, FakeBotApi

_HOMES = {
    "post_all": "testing.burst",
    "CountingTransport": "testing.counting",
    "SqlCounter": "testing.counting",
    "VirtualTimeLoop": "testing.loop",
    "virtual_time_loop": "testing.loop",
    "PostgresServer": "testing.postgres",
    "running_postgres": "testing.postgres",
    "BotProcess": "testing.processes",
    "WriteLock": "testing.processes",
    "Outside": "testing.outside",
    "Servers": "testing.outside",
    "read_only": "testing.disks",
    "small_disk": "testing.disks",
    "SANDBOX_URL": "testing.sandbox",
    "SandboxTransport": "testing.sandbox",
    "sandbox_client": "testing.sandbox",
    "FakeSlackApi": "testing.slack",
    "serve_fake_slack": "testing.slack",
    "open_store": "testing.store",
    "ApiCall": "testing.telegram",
    "ChatMessage": "testing.telegram",
    "FakeBotApi": "testing.telegram",
}

__all__ = [
    "SANDBOX_URL",
    "ApiCall",
    "BotProcess",
    "ChatMessage",
    "CountingTransport",
    "FakeBotApi",
    "FakeSlackApi",
    "Outside",
    "PostgresServer",
    "SandboxTransport",
    "Servers",
    "SqlCounter",
    "VirtualTimeLoop",
    "WriteLock",
    "open_store",
    "post_all",
    "read_only",
    "running_postgres",
    "sandbox_client",
    "serve_fake_slack",
    "small_disk",
    "virtual_time_loop",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'testing' has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)
