"""Staff campaigns: "offer module X to linked members who can book it, at this time".

Platform-neutral: the Slack command ``/upsell campaign <module> <when> [text]`` and the CLI
``upsell-bot campaign`` both end in ``schedule_campaign``. Scheduling checks the studio, the
module (in the studio's online catalogue) and the time, stores the campaign and counts the
members who could get it now (linked, opted in to offers, reachable). At its time the planner
fans it out; whether each member's contract can book the module (and does not have it) is
checked right before each message, since that costs one PerfectGym call per member. Staff list
campaigns and cancel them until their last message is out (``list_campaigns``,
``cancel_campaign``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.reminders._hub import running_reminders
from bot.reminders._planner import Planner
from bot.reminders._quiet import in_quiet_hours, local_moment
from bot.runtime import Runtime
from bot.store import Campaign, CampaignCancelation
from conversations.staff import CampaignNotFound, StaffError
from conversations.texts import LANGUAGES

MAX_TEXT = 1000
PAST_TOLERANCE = timedelta(minutes=5)
RECENT = 5
"""How many campaigns that went out (or were canceled) the list shows besides upcoming ones."""

_NOW = ("now", "jetzt")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_GERMAN_DAY = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_CLOCK = re.compile(r"\d{1,2}:\d{2}")


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
        """One line for the operator (the CLI)."""
        when = self.local_at.strftime("%Y-%m-%d %H:%M %Z")
        quiet = " (in quiet hours: it goes out when they end)" if self.starts_in_quiet_hours else ""
        return (
            f"Campaign #{self.campaign_id}: {self.module_name} ({self.module_id}) in "
            f"{self.studio} at {when}{quiet}; {self.members} linked member(s) opted in to "
            "offers now, each checked right before sending (can book it, does not have it, "
            "consent)."
        )


@dataclass(frozen=True)
class CampaignList:
    """A studio's campaigns: those still to go out, and the latest that went out or stopped."""

    studio: str
    upcoming: list[Campaign]
    recent: list[Campaign]


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

    ``at`` is an aware datetime, a naive one (the studio's local time), or text (see
    ``parse_campaign_time``). ``text`` is staff's own first paragraph, written in
    ``language`` (default: the studio's language); members chatting in the other language
    get the standard text.
    """
    chosen = runtime.desk.studio(studio)
    module = await runtime.desk.find_module(chosen, str(module_ref))
    return await _schedule(runtime, chosen.name, module.id, module.name, at, actor, language, text)


async def campaign_from_words(
    runtime: Runtime, studio: str | None, words: Sequence[str], *, actor: str
) -> CampaignResult:
    """``Trainingsplan-App Premium 2026-12-20 18:00 Winter special: …`` as staff typed it.

    The module is the longest catalogue name the words start with (or one quoted word),
    then comes the time (``now``, a date, a date and a time), then the campaign's own text.
    """
    chosen = runtime.desk.studio(studio)
    module, rest = await runtime.desk.module_and_rest(chosen, words)
    taken = _time_words(rest)
    if not taken:
        raise CampaignRefused("staff_campaign_no_time", module=module.name)
    own_text = " ".join(rest[taken:]).strip() or None
    at = " ".join(rest[:taken])
    return await _schedule(runtime, chosen.name, module.id, module.name, at, actor, None, own_text)


def list_campaigns(runtime: Runtime, studio: str | None) -> CampaignList:
    """The studio's upcoming campaigns (by time) and the latest others (newest first)."""
    chosen = runtime.desk.studio(studio)
    every = runtime.store.campaigns(studio=chosen.name)
    upcoming = [c for c in every if c.pending]
    done = sorted((c for c in every if not c.pending), key=lambda c: (c.at, c.id), reverse=True)
    return CampaignList(chosen.name, upcoming, done[:RECENT])


def cancel_campaign(
    runtime: Runtime, studio: str | None, campaign_id: int, *, actor: str
) -> CampaignCancelation:
    """Cancel a campaign of the studio: not sent, or its queued messages stopped.

    ``canceled`` is False when it was canceled before or has gone out completely.
    """
    chosen = runtime.desk.studio(studio)
    campaign = runtime.store.get_campaign(campaign_id)
    if campaign is None or campaign.studio != chosen.name:
        raise CampaignNotFound("staff_campaign_not_found", id=campaign_id, studio=chosen.name)
    now = runtime.services.clock.now()
    result = runtime.store.cancel_campaign(campaign_id, actor=actor, now=now)
    assert result is not None
    if result.canceled:
        runtime.store.audit(
            actor,
            "campaign_canceled",
            studio=chosen.name,
            subject=str(campaign.module_id),
            detail={"campaign_id": campaign_id, "stopped": result.stopped, "sent": result.sent},
            now=now,
        )
    return result


def parse_campaign_time(text: str, runtime: Runtime, studio: str) -> datetime:
    """Staff's "when": ``now``/``jetzt``, a date (``2026-12-01`` or ``01.12.2026``, at the
    reminders' send time), or a date and time (``2026-12-01 18:00``, ``01.12.2026 18:00``,
    ``2026-12-01T18:00+01:00``; without an offset: the studio's local time)."""
    settings = runtime.settings.studio(studio)
    value = text.strip()
    if value.lower() in _NOW:
        return runtime.services.clock.now()
    german = _GERMAN_DAY.match(value)
    if german:
        day_, month, year = german.groups()
        value = f"{year}-{int(month):02d}-{int(day_):02d}" + value[german.end() :]
    try:
        if _ISO_DAY.fullmatch(value):
            day = date.fromisoformat(value)
            return local_moment(day, runtime.settings.reminders.send_time, settings)
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise CampaignRefused("staff_campaign_bad_time", value=text.strip()) from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=settings.zone)


def _time_words(words: Sequence[str]) -> int:
    """How many of the words make the time: ``now`` (1), a date (1), a date and a clock (2)."""
    if not words:
        return 0
    first = words[0]
    if first.lower() in _NOW:
        return 1
    is_day = _ISO_DAY.fullmatch(first) or _GERMAN_DAY.fullmatch(first)
    if is_day and len(words) > 1 and _CLOCK.fullmatch(words[1]):
        return 2
    return 1


async def _schedule(
    runtime: Runtime,
    studio: str,
    module_id: int,
    module_name: str,
    at: datetime | str,
    actor: str,
    language: str | None,
    text: str | None,
) -> CampaignResult:
    settings = runtime.settings.studio(studio)
    now = runtime.services.clock.now()
    moment = parse_campaign_time(at, runtime, studio) if isinstance(at, str) else at
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=settings.zone)
    if moment < now - PAST_TOLERANCE:
        raise CampaignRefused("staff_campaign_past")
    if text is not None:
        text = text.strip() or None
    if text is not None and len(text) > MAX_TEXT:
        raise CampaignRefused("staff_campaign_too_long", length=len(text), most=MAX_TEXT)
    if language is not None and language not in LANGUAGES:
        raise CampaignRefused(
            "staff_campaign_language", language=language, known=" / ".join(LANGUAGES)
        )
    if text is not None and language is None:
        language = settings.language
    store = runtime.store
    campaign = store.create_campaign(
        studio=studio,
        module_id=module_id,
        module_name=module_name,
        at=moment,
        actor=actor,
        language=language,
        text=text,
        now=now,
    )
    store.audit(
        actor,
        "campaign_scheduled",
        studio=studio,
        subject=str(module_id),
        detail={"campaign_id": campaign.id, "at": campaign.at.isoformat(), "text": bool(text)},
        now=now,
    )
    hub = running_reminders(runtime)
    if hub is not None:
        hub.plan_soon()  # a campaign for "now" goes out without waiting for the next sweep
    return _result(campaign, Planner(store, runtime.settings), runtime, moment)


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
