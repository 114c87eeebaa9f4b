"""The in-process sandbox runs on the virtual-time loop, as the engine tests use it."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from testing.loop import virtual_time_loop


def pytest_asyncio_loop_factories(
    config: pytest.Config, item: pytest.Item
) -> dict[str, Callable[[], asyncio.AbstractEventLoop]]:
    return {"virtual-time": virtual_time_loop}
