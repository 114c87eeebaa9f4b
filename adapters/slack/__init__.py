"""The Slack staff desk: slash command, @-mentions, "look up customer" buttons, channel feed.

Thin on purpose: requests become ``StaffCommand``s run by the platform-neutral
``conversations.staff.StaffDesk``; engine events and ``StaffDesk.post_notice`` notices become
Block Kit messages in each studio's channel.
"""

from adapters.slack._blocks import LOOKUP_ACTION, Answer
from adapters.slack._commands import StaffCommand, Subcommand, parse
from adapters.slack._component import EVENTS_PATH, SlackDesk, build_component
from adapters.slack._options import SlackOptions
from adapters.slack._probe import SlackProbe, probe

__all__ = [
    "EVENTS_PATH",
    "LOOKUP_ACTION",
    "Answer",
    "SlackDesk",
    "SlackOptions",
    "SlackProbe",
    "StaffCommand",
    "Subcommand",
    "build_component",
    "parse",
    "probe",
]
