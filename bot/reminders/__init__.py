"""Reminders: rules, an outbox with unique keys, and rate-limited delivery with consent.

- ``ContractWatch`` keeps a snapshot of each linked member's module contracts and says what
  changed (fed by PerfectGym webhooks, the engine's own staff events and a budgeted sweep).
- ``Planner`` turns stored facts into outbox rows: a cancelation that can still be withdrawn,
  a trial about to end, a module looked at but not booked, a staff campaign.
- ``Sender`` delivers due rows at most once: consent (chat switch, PerfectGym communication
  preferences), quiet hours in the studio's zone, facts re-checked with PerfectGym, wording
  by ``conversations.flows.notices`` through ``Engine.push``, delivery by ``Runtime.push``.
- ``schedule_campaign`` (and ``campaign_from_words``, ``list_campaigns``,
  ``cancel_campaign``) for the Slack desk and the CLI; ``preview`` for ``--dry-run``.

``reminders_for(runtime)`` is the one ``Reminders`` of a running bot; ``build_component``
plugs its loops into ``upsell-bot run``.
"""

from __future__ import annotations

from bot.reminders._budget import ApiBudget
from bot.reminders._campaigns import (
    CampaignList,
    CampaignRefused,
    CampaignResult,
    campaign_from_words,
    cancel_campaign,
    list_campaigns,
    parse_campaign_time,
    schedule_campaign,
)
from bot.reminders._changes import Change, ChangeKind, diff
from bot.reminders._commands import campaign_command, dry_run_command
from bot.reminders._component import RemindersComponent, build_component
from bot.reminders._dry_run import PreviewRow, format_preview, preview
from bot.reminders._hub import RefreshSummary, Reminders, reminders_for
from bot.reminders._planner import PlannedReminder, Planner
from bot.reminders._quiet import in_quiet_hours, local_moment, quiet_hours_end
from bot.reminders._rules import Rule
from bot.reminders._sender import Outcome, Sender, SendReport
from bot.reminders._watch import ContractWatch, LinkRefresh, fingerprint, trial_last_day

__all__ = [
    "ApiBudget",
    "CampaignList",
    "CampaignRefused",
    "CampaignResult",
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
    "campaign_command",
    "campaign_from_words",
    "cancel_campaign",
    "diff",
    "dry_run_command",
    "fingerprint",
    "format_preview",
    "in_quiet_hours",
    "list_campaigns",
    "local_moment",
    "parse_campaign_time",
    "preview",
    "quiet_hours_end",
    "reminders_for",
    "schedule_campaign",
    "trial_last_day",
]
