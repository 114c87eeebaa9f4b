"""Staff campaigns: "offer module X to linked members who can book it, at this time".

``Campaigns`` is the staff desk's ``CampaignPlanner``: the Slack command ``/upsell campaign
<module> <when> [text]`` and the CLI ``upsell-bot campaign`` go through the desk, which
resolves the studio and the module and hands over here. Scheduling checks the time and the
text, stores the campaign and counts the members who could get it now (linked, opted in to
offers, reachable). At its time the planner fans it out; whether each member's contract can
book the module (and does not have it) is checked right before each message, since that
costs one PerfectGym call per member. Staff list campaigns and cancel them until their last
message is out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta

from bot.app.reminders._planner import Planner
from bot.app.reminders._quiet import in_quiet_hours, local_moment
from bot.config import Settings
from bot.store import Campaign, CampaignCancelation
from conversations import Services
from conversations.staff import (
    CampaignList,
    CampaignNotFound,
    CampaignRefused,
    CampaignResult,
)
from conversations.texts import LANGUAGES

MAX_TEXT = 1000
PAST_TOLERANCE = timedelta(minutes=5)
RECENT = 5
"""How many campaigns that went out (or were canceled) the list shows besides upcoming ones."""

_NOW = ("now", "jetzt")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_GERMAN_DAY = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_CLOCK = re.compile(r"\d{1,2}:\d{2}")


class Campaigns:
    """Schedules, lists and cancels the campaigns of a running bot (the desk's planner)."""

    def __init__(
        self,
        settings: Settings,
        services: Services,
        *,
        on_scheduled: Callable[[], None] = lambda: None,
    ) -> None:
        self.settings = settings
        self.services = services
        self.on_scheduled = on_scheduled
        """Called after a campaign is stored, so one for "now" goes out without waiting."""

    async def schedule(
        self,
        studio: str,
        module_id: int,
        module_name: str,
        at: datetime | str,
        *,
        actor: str,
        language: str | None = None,
        text: str | None = None,
    ) -> CampaignResult:
        settings = self.settings.studio(studio)
        now = self.services.clock.now()
        moment = self.parse_time(at, studio) if isinstance(at, str) else at
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
        store = self.services.store
        campaign = await store.create_campaign(
            studio=studio,
            module_id=module_id,
            module_name=module_name,
            at=moment,
            actor=actor,
            language=language,
            text=text,
            now=now,
        )
        await store.audit(
            actor,
            "campaign_scheduled",
            studio=studio,
            subject=str(module_id),
            detail={"campaign_id": campaign.id, "at": campaign.at.isoformat(), "text": bool(text)},
            now=now,
        )
        self.on_scheduled()
        return await self._result(campaign, moment)

    def split_time(self, words: Sequence[str]) -> tuple[str, str | None] | None:
        """How many words make the time: ``now`` (1), a date (1), a date and a clock (2)."""
        if not words:
            return None
        first = words[0]
        taken = 1
        is_day = _ISO_DAY.fullmatch(first) or _GERMAN_DAY.fullmatch(first)
        if first.lower() not in _NOW and is_day and len(words) > 1 and _CLOCK.fullmatch(words[1]):
            taken = 2
        own_text = " ".join(words[taken:]).strip() or None
        return " ".join(words[:taken]), own_text

    async def listing(self, studio: str) -> CampaignList:
        """The studio's upcoming campaigns (by time) and the latest others (newest first)."""
        every = await self.services.store.campaigns(studio=studio)
        upcoming = [c for c in every if c.pending]
        done = sorted((c for c in every if not c.pending), key=lambda c: (c.at, c.id), reverse=True)
        return CampaignList(studio, upcoming, done[:RECENT])

    async def cancel(self, studio: str, campaign_id: int, *, actor: str) -> CampaignCancelation:
        """Cancel a campaign of the studio: not sent, or its queued messages stopped.

        ``canceled`` is False when it was canceled before or has gone out completely.
        """
        store = self.services.store
        campaign = await store.get_campaign(campaign_id)
        if campaign is None or campaign.studio != studio:
            raise CampaignNotFound("staff_campaign_not_found", id=campaign_id, studio=studio)
        now = self.services.clock.now()
        result = await store.cancel_campaign(campaign_id, actor=actor, now=now)
        assert result is not None
        if result.canceled:
            await store.audit(
                actor,
                "campaign_canceled",
                studio=studio,
                subject=str(campaign.module_id),
                detail={"campaign_id": campaign_id, "stopped": result.stopped, "sent": result.sent},
                now=now,
            )
        return result

    def parse_time(self, text: str, studio: str) -> datetime:
        """Staff's "when": ``now``/``jetzt``, a date (``2026-12-01`` or ``01.12.2026``, at the
        reminders' send time), or a date and time (``2026-12-01 18:00``, ``01.12.2026 18:00``,
        ``2026-12-01T18:00+01:00``; without an offset: the studio's local time)."""
        settings = self.settings.studio(studio)
        value = text.strip()
        if value.lower() in _NOW:
            return self.services.clock.now()
        german = _GERMAN_DAY.match(value)
        if german:
            day_, month, year = german.groups()
            value = f"{year}-{int(month):02d}-{int(day_):02d}" + value[german.end() :]
        try:
            if _ISO_DAY.fullmatch(value):
                day = date.fromisoformat(value)
                return local_moment(day, self.settings.reminders.send_time, settings)
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise CampaignRefused("staff_campaign_bad_time", value=text.strip()) from None
        return moment if moment.tzinfo is not None else moment.replace(tzinfo=settings.zone)

    async def _result(self, campaign: Campaign, moment: datetime) -> CampaignResult:
        settings = self.settings.studio(campaign.studio)
        planner = Planner(self.services.store, self.settings)
        return CampaignResult(
            campaign_id=campaign.id,
            studio=campaign.studio,
            module_id=campaign.module_id,
            module_name=campaign.module_name,
            at=campaign.at,
            local_at=moment.astimezone(settings.zone),
            members=len(await planner.campaign_rows(campaign)),
            language=campaign.language,
            text=campaign.text,
            starts_in_quiet_hours=in_quiet_hours(campaign.at, settings),
        )


__all__ = ["MAX_TEXT", "Campaigns"]
