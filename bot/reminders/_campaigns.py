"""Staff campaigns: "offer module X to linked members who can book it, at this time".

Platform-neutral: the Slack command ``/upsell campaign <module> <when>`` and the CLI
``upsell-bot campaign`` both call ``schedule_campaign``. Scheduling checks the studio, the
module (in the studio's online catalogue) and the time, stores the campaign and counts the
members who could get it now (linked, opted in to offers, reachable). At its time the planner
fans it out; whether each member's contract can book the module (and does not have it) is
checked right before each message, since that costs one PerfectGym call per member.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.reminders._hub import running_reminders
from bot.reminders._planner import Planner
from bot.reminders._quiet import in_quiet_hours, local_moment
from bot.runtime import Runtime
from bot.store import Campaign
from conversations.staff import StaffError
from conversations.texts import LANGUAGES

MAX_TEXT = 1000
PAST_TOLERANCE = timedelta(minutes=5)


class CampaignRefused(StaffError):
    """The campaign cannot be scheduled as asked (time in the past, text too long...)."""


@dataclass(frozen=True)
class CampaignResult:
    """A scheduled campaign, as staff should see it confirmed."""

    campaign_id: int
    studio: str
    module_id: int
    module_name: str
    at: datetime
    """When it starts going out (UTC); rows falling into quiet hours wait for their end."""
    local_at: datetime
    """The same moment in the studio's time zone."""
    members: int
    """Linked members who could get it if it went out now (opted in to offers, reachable)."""
    language: str | None
    text: str | None
    starts_in_quiet_hours: bool

    def describe(self) -> str:
        """One line for staff."""
        when = self.local_at.strftime("%Y-%m-%d %H:%M %Z")
        quiet = " (in quiet hours: it goes out when they end)" if self.starts_in_quiet_hours else ""
        return (
            f"Campaign #{self.campaign_id}: {self.module_name} ({self.module_id}) in "
            f"{self.studio} at {when}{quiet}; {self.members} linked member(s) opted in to "
            "offers now, each checked right before sending (can book it, does not have it, "
            "consent)."
        )


async def schedule_campaign(
    runtime: Runtime,
    studio: str | None,
    module_ref: str | int,
    at: datetime | str,
    *,
    actor: str,
    language: str | None = None,
    text: str | None = None,
) -> CampaignResult:
    """Schedule a campaign; raises ``StaffError`` subclasses (``UnknownStudio``,
    ``ModuleNotFound``, ``CampaignRefused``) with a message for staff.

    ``at`` is an aware datetime, a naive one (the studio's local time), or text:
    ``now``, ``2026-12-01``, ``2026-12-01 18:00``, ``2026-12-01T18:00+01:00``. ``text`` is
    staff's own first paragraph, written in ``language`` (default: the studio's language);
    members chatting in the other language get the standard text.
    """
    chosen = runtime.desk.studio(studio)
    settings = chosen.settings
    now = runtime.services.clock.now()
    moment = parse_campaign_time(at, runtime, settings.name) if isinstance(at, str) else at
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=settings.zone)
    if moment < now - PAST_TOLERANCE:
        raise CampaignRefused("that time is in the past; give a time from now on")
    if text is not None:
        text = text.strip() or None
    if text is not None and len(text) > MAX_TEXT:
        raise CampaignRefused(f"the text is too long ({len(text)} characters, at most {MAX_TEXT})")
    if language is not None and language not in LANGUAGES:
        raise CampaignRefused(f"unknown language {language!r} (use {' or '.join(LANGUAGES)})")
    if text is not None and language is None:
        language = settings.language
    module = await runtime.desk.find_module(chosen, str(module_ref))
    store = runtime.store
    campaign = store.create_campaign(
        studio=settings.name,
        module_id=module.id,
        module_name=module.name,
        at=moment,
        actor=actor,
        language=language,
        text=text,
        now=now,
    )
    store.audit(
        actor,
        "campaign_scheduled",
        studio=settings.name,
        subject=str(module.id),
        detail={"campaign_id": campaign.id, "at": campaign.at.isoformat(), "text": bool(text)},
        now=now,
    )
    hub = running_reminders(runtime)
    if hub is not None:
        hub.plan_soon()  # a campaign for "now" goes out without waiting for the next sweep
    return _result(campaign, Planner(store, runtime.settings), runtime, moment)


def parse_campaign_time(text: str, runtime: Runtime, studio: str) -> datetime:
    """Staff's "when": ``now``, an ISO date (at the reminders' send time) or date-time
    (without offset: the studio's local time)."""
    settings = runtime.settings.studio(studio)
    value = text.strip()
    if value.lower() in ("now", "jetzt"):
        return runtime.services.clock.now()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            day = datetime.fromisoformat(value).date()
            return local_moment(day, runtime.settings.reminders.send_time, settings)
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise CampaignRefused(
            f"cannot read the time {value!r}; write e.g. 2026-12-01 18:00, 2026-12-01 or now"
        ) from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=settings.zone)


def _result(
    campaign: Campaign, planner: Planner, runtime: Runtime, moment: datetime
) -> CampaignResult:
    settings = runtime.settings.studio(campaign.studio)
    return CampaignResult(
        campaign_id=campaign.id,
        studio=campaign.studio,
        module_id=campaign.module_id,
        module_name=campaign.module_name,
        at=campaign.at,
        local_at=moment.astimezone(settings.zone),
        members=len(planner.campaign_rows(campaign)),
        language=campaign.language,
        text=campaign.text,
        starts_in_quiet_hours=in_quiet_hours(campaign.at, settings),
    )
