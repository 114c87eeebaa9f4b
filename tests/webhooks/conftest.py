"""The bot's HTTP server with the webhook receiver, the sandbox posting to it, real HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.clock import FakeClock
from bot.sandbox import Sandbox
from tests.webhooks.harness import Stack, running_stack


@pytest.fixture
def reminder_settings() -> dict[str, Any]:
    return {}


@pytest.fixture
async def stack(
    sandbox: Sandbox, clock: FakeClock, tmp_path: Path, reminder_settings: dict[str, Any]
) -> AsyncIterator[Stack]:
    async with running_stack(
        sandbox, clock, tmp_path / "bot.sqlite3", **reminder_settings
    ) as built:
        yield built
