"""Who is asking, from where, and which delivery this is: read from any Slack payload.

Slash commands, block actions and Events API callbacks spell these differently; the rest of
the adapter sees one ``StaffRequest``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class StaffRequest:
    """A staff member's request: workspace, user and channel, as Slack sent them."""

    team_id: str | None
    user_id: str | None
    channel_id: str | None = None
    channel_name: str | None = None

    @property
    def actor(self) -> str:
        """The audit log's name for this staff member."""
        return f"slack:{self.team_id or '-'}:{self.user_id or '-'}"

    @classmethod
    def from_body(cls, body: dict[str, Any]) -> StaffRequest:
        if body.get("type") == "event_callback":
            event = _dict(body.get("event"))
            return cls(
                team_id=_str(body.get("team_id")),
                user_id=_str(event.get("user")),
                channel_id=_str(event.get("channel")),
            )
        if body.get("type") in ("block_actions", "interactive_message"):
            user = _dict(body.get("user"))
            channel = _dict(body.get("channel"))
            team = _dict(body.get("team"))
            return cls(
                team_id=_str(team.get("id")) or _str(user.get("team_id")),
                user_id=_str(user.get("id")),
                channel_id=_str(channel.get("id")),
                channel_name=_str(channel.get("name")),
            )
        return cls(  # slash command (form fields)
            team_id=_str(body.get("team_id")),
            user_id=_str(body.get("user_id")),
            channel_id=_str(body.get("channel_id")),
            channel_name=_str(body.get("channel_name")),
        )


def delivery_key(body: dict[str, Any]) -> str | None:
    """What makes a delivery unique: the Events API ``event_id``, else the ``trigger_id``."""
    if body.get("type") == "event_callback":
        event_id = _str(body.get("event_id"))
        return f"event:{event_id}" if event_id else None
    trigger_id = _str(body.get("trigger_id"))
    return f"trigger:{trigger_id}" if trigger_id else None


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None
