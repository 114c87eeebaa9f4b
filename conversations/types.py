"""The platform-neutral shapes a chat adapter exchanges with the engine.

Adapters translate a platform update into an ``Incoming`` and render each ``Outgoing``;
nothing Telegram- or Slack-specific crosses this line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Command(StrEnum):
    """Commands a member can send, whatever the platform calls them."""

    START = "start"
    HELP = "help"
    MODULES = "modules"
    MINE = "mine"
    CANCEL = "cancel"
    SETTINGS = "settings"
    STOP = "stop"
    FORGET = "forget"


class PushResult(StrEnum):
    """How a message to a member outside a turn went."""

    SENT = "sent"
    UNREACHABLE = "unreachable"  # the member blocked the bot or the chat is gone
    FAILED = "failed"  # surely not sent; safe to try again later
    UNKNOWN = "unknown"  # may have arrived (read timeout, 5xx): never send it again blindly


class TurnDeferred(Exception):
    """The database failed during a turn that came with a platform delivery: nothing was
    answered or saved, and the stored update runs again once the database is back."""


@dataclass(frozen=True, slots=True)
class Incoming:
    """One thing a member did: typed text, sent a command, or pressed a button."""

    platform: str
    chat_id: str
    user_id: str
    language_hint: str | None = None
    text: str | None = None
    command: Command | None = None
    argument: str | None = None
    button: str | None = None
    delivery: str | None = None
    """The platform's id of this delivery (Telegram ``update_id``): handled once."""
    rerun: bool = False
    """Run again after its first run died or failed: a button that run used is no news."""

    def __post_init__(self) -> None:
        given = sum(x is not None for x in (self.text, self.command, self.button))
        if given != 1:
            raise ValueError("Incoming needs exactly one of text, command or button")


@dataclass(frozen=True, slots=True)
class Button:
    """A button: what the member sees, and an opaque single-use token (<= 64 bytes)."""

    label: str
    token: str


@dataclass(frozen=True, slots=True)
class Outgoing:
    """One message for the member; ``replace`` edits the message whose button was pressed."""

    text: str
    buttons: tuple[tuple[Button, ...], ...] = field(default=())
    replace: bool = False

    @property
    def flat_buttons(self) -> list[Button]:
        return [button for row in self.buttons for button in row]
