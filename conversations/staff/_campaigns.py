"""Campaigns as the staff desk sees them: the port the application implements, and its answers.

The desk resolves the studio and the module, then hands scheduling, listing and canceling to
a ``CampaignPlanner`` (the reminders of the running bot implement it), so no chat adapter
reaches into the application.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.store import Campaign, CampaignCancelation


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


class CampaignPlanner(Protocol):
    """Schedules, lists and cancels campaigns for a studio the desk has already resolved."""

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
    ) -> CampaignResult: ...

    def split_time(self, words: Sequence[str]) -> tuple[str, str | None] | None:
        """``["2026-12-20", "18:00", "Winter", "special"]`` -> (time, own text); None: no time."""
        ...

    async def listing(self, studio: str) -> CampaignList: ...

    async def cancel(self, studio: str, campaign_id: int, *, actor: str) -> CampaignCancelation: ...
