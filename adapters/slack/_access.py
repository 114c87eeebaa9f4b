"""Who may use the staff desk: the configured workspace, channels, users and user groups.

``quick`` decides without I/O whenever it can (so a request can be answered in the ack);
``check`` also asks Slack who is in the allowed user groups, cached for a few minutes.
Nothing configured beyond the bot token means: everyone in the app's workspace.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from functools import partial

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack._options import SlackOptions
from adapters.slack._ratelimit import Sleep, call_slack
from adapters.slack._requests import StaffRequest
from bot.clock import Clock

log = logging.getLogger("adapters.slack")

GROUP_CACHE_TTL = timedelta(minutes=5)


class Verdict(StrEnum):
    ALLOWED = "allowed"
    WRONG_WORKSPACE = "wrong_workspace"
    WRONG_CHANNEL = "wrong_channel"
    NOT_STAFF = "not_staff"
    UNKNOWN = "unknown"
    """Only Slack can tell (user groups not cached): call ``check``."""


@dataclass
class _Groups:
    members: frozenset[str]
    fetched_at: datetime


class AccessPolicy:
    """Decides whether a Slack user may run staff commands."""

    def __init__(
        self,
        options: SlackOptions,
        client: AsyncWebClient,
        clock: Clock,
        *,
        feed_channels: Iterable[str] = (),
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.options = options
        self.client = client
        self.clock = clock
        self.sleep = sleep
        self._feed_channels = frozenset(c.lstrip("#") for c in feed_channels)
        self._groups: _Groups | None = None
        self._lock = asyncio.Lock()

    @property
    def open_to_workspace(self) -> bool:
        return not self.options.allowed_users and not self.options.allowed_usergroups

    def quick(self, who: StaffRequest) -> Verdict:
        """The verdict if it needs no Slack call, else ``UNKNOWN``."""
        options = self.options
        if options.team_id is not None and who.team_id != options.team_id:
            return Verdict.WRONG_WORKSPACE
        if options.allowed_channels and not self._channel_allowed(who):
            return Verdict.WRONG_CHANNEL
        if self.open_to_workspace or who.user_id in options.allowed_users:
            return Verdict.ALLOWED
        if not options.allowed_usergroups or who.user_id is None:
            return Verdict.NOT_STAFF
        groups = self._groups
        if groups is not None and self.clock.now() - groups.fetched_at < GROUP_CACHE_TTL:
            return Verdict.ALLOWED if who.user_id in groups.members else Verdict.NOT_STAFF
        return Verdict.UNKNOWN

    async def check(self, who: StaffRequest) -> Verdict:
        """The verdict, asking Slack for user-group members when the cache is stale."""
        verdict = self.quick(who)
        if verdict is not Verdict.UNKNOWN:
            return verdict
        members = await self._group_members()
        return Verdict.ALLOWED if who.user_id in members else Verdict.NOT_STAFF

    def _channel_allowed(self, who: StaffRequest) -> bool:
        allowed = self.options.allowed_channels | self._feed_channels
        return who.channel_id in allowed or (who.channel_name or "").lstrip("#") in allowed

    async def _group_members(self) -> frozenset[str]:
        async with self._lock:
            now = self.clock.now()
            cached = self._groups
            if cached is not None and now - cached.fetched_at < GROUP_CACHE_TTL:
                return cached.members
            members: set[str] = set()
            try:
                for group in self.options.allowed_usergroups:
                    response = await call_slack(
                        partial(self.client.usergroups_users_list, usergroup=group),
                        sleep=self.sleep,
                    )
                    members.update(response.get("users") or [])
            except SlackApiError as exc:
                error = exc.response.get("error") if exc.response is not None else None
                log.error("could not read Slack user groups (%s); refusing for now", error)
                return cached.members if cached is not None else frozenset()
            self._groups = _Groups(frozenset(members), now)
            return self._groups.members


def refusal_text(verdict: Verdict) -> str:
    """A polite no, saying what would help."""
    if verdict is Verdict.WRONG_WORKSPACE:
        return "Sorry, this staff desk belongs to another Slack workspace."
    if verdict is Verdict.WRONG_CHANNEL:
        return "Sorry, staff commands work only in the studio team's staff channels."
    return (
        "Sorry, the staff desk is only open to the studio team. If you should have access, "
        "please ask your Slack admin to add you to the allowed users or user groups."
    )
