"""The platform-neutral heart of the bot: a dialog state machine every chat adapter feeds."""

from conversations.engine import Engine
from conversations.events import EventBus, StaffEvent, StaffEventKind
from conversations.services import EngineOptions, Services, StudioRuntime
from conversations.states import Action, State
from conversations.types import Button, Command, Incoming, Outgoing

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
