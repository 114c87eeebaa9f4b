"""Reminders: rules, an outbox with unique keys, and rate-limited delivery with consent.

- ``ContractWatch`` keeps a snapshot of each linked member's module contracts and says what
  changed (fed by PerfectGym webhooks, the engine's own staff events and a budgeted sweep).
- ``Planner`` turns stored facts into outbox rows: a cancelation that can still be withdrawn,
  a trial about to end, a module looked at but not booked, a staff campaign.
- ``Sender`` delivers due rows at most once: consent (chat switch, PerfectGym communication
  preferences), quiet hours in the studio's zone, facts re-checked with PerfectGym, wording
  by ``conversations.flows.notices`` through ``Engine.push``, delivery by ``Runtime.push``.
- ``Campaigns``: the staff desk's campaign planner (Slack and the CLI go through the desk);
  ``preview`` for ``--dry-run``.

The composition root (``bot.app.runtime``) builds the one ``Reminders`` of a running bot;
``build_component`` plugs its loops into ``upsell-bot run``.
"""

from __future__ import annotations

from bot.app.reminders._budget import ApiBudget
from bot.app.reminders._campaigns import Campaigns
from bot.app.reminders._changes import Change, ChangeKind, diff
from bot.app.reminders._component import RemindersComponent, build_component
from bot.app.reminders._dry_run import PreviewRow, format_preview, preview
from bot.app.reminders._hub import RefreshSummary, Reminders
from bot.app.reminders._planner import PlannedReminder, Planner
from bot.app.reminders._quiet import in_quiet_hours, local_moment, quiet_hours_end
from bot.app.reminders._rules import Rule
from bot.app.reminders._sender import Outcome, Sender, SendReport
from bot.app.reminders._watch import ContractWatch, LinkRefresh, fingerprint, trial_last_day

__all__ = [
    "ApiBudget",
    "Campaigns",
    "Change",
    "ChangeKind",
    "ContractWatch",
    "LinkRefresh",
    "Outcome",
    "PlannedReminder",
    "Planner",
    "PreviewRow",
    "RefreshSummary",
    "Reminders",
    "RemindersComponent",
    "Rule",
    "SendReport",
    "Sender",
    "build_component",
    "diff",
    "fingerprint",
    "format_preview",
    "in_quiet_hours",
    "local_moment",
    "preview",
    "quiet_hours_end",
    "trial_last_day",
]
