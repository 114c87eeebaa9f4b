"""The platform-neutral heart of the bot: a dialog state machine every chat adapter feeds.

The names below load on first use, so importing a small module of the package (say
``conversations.types``) does not pull in the engine, the HTTP client, the database or Babel.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from conversations.engine import Engine
    from conversations.events import EventBus, StaffEvent, StaffEventKind
    from conversations.services import EngineOptions, Services, StudioRuntime
    from conversations.states import Action, State
    from conversations.types import Button, Command, Incoming, Outgoing

_EXPORTS = {
    "Action": "conversations.states",
    "Button": "conversations.types",
    "Command": "conversations.types",
    "Engine": "conversations.engine",
    "EngineOptions": "conversations.services",
    "EventBus": "conversations.events",
    "Incoming": "conversations.types",
    "Outgoing": "conversations.types",
    "Services": "conversations.services",
    "StaffEvent": "conversations.events",
    "StaffEventKind": "conversations.events",
    "State": "conversations.states",
    "StudioRuntime": "conversations.services",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'conversations' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "Action",
    "Button",
    "Command",
    "Engine",
    "EngineOptions",
    "EventBus",
    "Incoming",
    "Outgoing",
    "Services",
    "StaffEvent",
    "StaffEventKind",
    "State",
    "StudioRuntime",
]
