"""Who may use the staff desk: the configured workspace, channels, users and user groups.

``quick`` decides without I/O whenever it can (so a request can be answered in the ack);
``check`` also asks Slack who is in the allowed user groups, cached for a few minutes.
Closed by default: until ``SLACK_ALLOWED_USERS`` / ``SLACK_ALLOWED_USERGROUPS`` name the
studio team, or the operator sets ``SLACK_OPEN_TO_WORKSPACE=true``, everyone is refused (any
workspace member could otherwise hand out link codes and book on members' contracts).
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
from adapters.slack._ratelimit import call_slack
from adapters.slack._requests import StaffRequest
from bot.clock import Clock

log = logging.getLogger("adapters.slack")

GROUP_CACHE_TTL = timedelta(minutes=5)


class Verdict(StrEnum):
    ALLOWED = "allowed"
    WRONG_WORKSPACE = "wrong_workspace"
    WRONG_CHANNEL = "wrong_channel"
    NOT_STAFF = "not_staff"
    CLOSED = "closed"
    """Nobody is listed and the desk is not opened to the workspace."""
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
    ) -> None:
        self.options = options
        self.client = client
        self.clock = clock
        self._feed_channels = frozenset(c.lstrip("#") for c in feed_channels)
        self._groups: _Groups | None = None
        self._lock = asyncio.Lock()

    @property
    def open_to_workspace(self) -> bool:
        return self.options.open_to_workspace

    @property
    def closed(self) -> bool:
        """Nobody may use the desk: no staff listed, not opened to the workspace."""
        options = self.options
        return not (
            options.open_to_workspace or options.allowed_users or options.allowed_usergroups
        )

    def describe(self) -> str:
        """One line for the start-up log: who may use the desk."""
        options = self.options
        if options.open_to_workspace:
            return (
                "Slack staff desk open to everyone in the workspace (SLACK_OPEN_TO_WORKSPACE=true)"
            )
        if self.closed:
            return (
                "Slack staff desk closed: nobody is listed in SLACK_ALLOWED_USERS or "
                "SLACK_ALLOWED_USERGROUPS (or set SLACK_OPEN_TO_WORKSPACE=true); every staff "
                "command is refused"
            )
        return (
            f"Slack staff desk open to {len(options.allowed_users)} listed user(s) and the "
            f"members of {len(options.allowed_usergroups)} user group(s)"
        )

    def quick(self, who: StaffRequest) -> Verdict:
        """The verdict if it needs no Slack call, else ``UNKNOWN``."""
        options = self.options
        if options.team_id is not None and who.team_id != options.team_id:
            return Verdict.WRONG_WORKSPACE
        if self.closed:
            return Verdict.CLOSED
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
                        clock=self.clock,
                    )
                    members.update(response.get("users") or [])
            except SlackApiError as exc:
                error = exc.response.get("error") if exc.response is not None else None
                log.error("could not read Slack user groups (%s); refusing for now", error)
                return cached.members if cached is not None else frozenset()
            self._groups = _Groups(frozenset(members), now)
            return self._groups.members


def refusal_key(verdict: Verdict) -> str:
    """The catalogue key of a polite no that says what would help."""
    return {
        Verdict.WRONG_WORKSPACE: "staff_refused_workspace",
        Verdict.WRONG_CHANNEL: "staff_refused_channel",
        Verdict.CLOSED: "staff_refused_closed",
    }.get(verdict, "staff_refused_not_staff")
