"""Carry out a parsed staff command with the platform-neutral desk and render the answer.

Which studio: the one named with ``--studio``; else the only one configured; else the studio
whose ``slack_channel`` is the channel the command came from.
"""

from __future__ import annotations

import logging
from zoneinfo import ZoneInfo

from adapters.slack import _answers as answers
from adapters.slack._blocks import Answer
from adapters.slack._commands import StaffCommand, Subcommand, help_text
from adapters.slack._requests import StaffRequest
from bot.perfectgym import PerfectGymError, RateLimited
from bot.reminders import schedule_campaign
from bot.runtime import Runtime
from conversations.staff import StaffError, UnknownStudio

log = logging.getLogger("adapters.slack")


class StaffCommands:
    """The staff desk as Slack sees it: command in, ``Answer`` out; never raises."""

    def __init__(self, runtime: Runtime, command: str) -> None:
        self.runtime = runtime
        self.desk = runtime.desk
        self.command = command

    def help(self, trouble: str | None = None) -> Answer:
        return answers.help_answer(help_text(self.command, self.studio_names), trouble)

    @property
    def studio_names(self) -> list[str]:
        return list(self.runtime.services.studios)

    def studio_for(self, command: StaffCommand, who: StaffRequest) -> str:
        """The studio's name; ``UnknownStudio`` says how to name one."""
        if command.studio is not None:
            return self.desk.studio(command.studio).name
        studios = self.runtime.services.studios
        if len(studios) == 1:
            return next(iter(studios))
        channel_keys = {who.channel_id, (who.channel_name or "").lstrip("#")} - {None, ""}
        found = [
            name
            for name, studio in studios.items()
            if studio.settings.slack_channel
            and studio.settings.slack_channel.lstrip("#") in channel_keys
        ]
        if len(found) == 1:
            return found[0]
        names = ", ".join(f"`{name}`" for name in studios)
        raise UnknownStudio(
            f'Which studio? Add `--studio "NAME"` (one of {names}), or use the command in '
            "a studio's staff channel."
        )

    async def run(self, command: StaffCommand, who: StaffRequest) -> Answer:
        """The answer to a command that passed the access check."""
        if command.name is Subcommand.HELP or command.problem:
            return self.help(command.problem)
        try:
            studio = self.studio_for(command, who)
            return await self._run(command, studio, who.actor)
        except StaffError as exc:
            return answers.problem(str(exc))
        except PerfectGymError as exc:
            return answers.problem(_api_trouble(exc))
        except Exception:
            log.exception("staff command %s failed", command.name)
            return answers.problem("Something went wrong on our side; it has been logged.")

    async def lookup(self, studio: str, customer_id: int, who: StaffRequest) -> Answer:
        """The customer overview behind a "Look up customer" button."""
        try:
            view = await self.desk.customer_overview(studio, str(customer_id), actor=who.actor)
        except StaffError as exc:
            return answers.problem(str(exc))
        except PerfectGymError as exc:
            return answers.problem(_api_trouble(exc))
        return answers.overview(view, self._zone(view.studio))

    async def _run(self, command: StaffCommand, studio: str, actor: str) -> Answer:
        desk = self.desk
        if command.name is Subcommand.CUSTOMER:
            view = await desk.customer_overview(studio, command.customer, actor=actor)
            return answers.overview(view, self._zone(studio))
        if command.name is Subcommand.LINK:
            issued = await desk.issue_link_code(studio, command.customer, actor=actor)
            return answers.link_code(issued, self._zone(studio))
        if command.name is Subcommand.MODULES:
            return answers.catalogue(await desk.module_catalogue(studio, actor=actor))
        if command.name is Subcommand.STATS:
            return answers.stats(desk.stats(studio, command.days, actor=actor), self._zone(studio))
        if command.name is Subcommand.OFFER:
            result = await desk.send_offer(
                studio,
                command.customer,
                command.module,
                actor=actor,
                engine=self.runtime.engine,
                deliver=self.runtime.push,
            )
            return answers.offer_result(result)
        if command.name is Subcommand.CAMPAIGN:
            scheduled = await schedule_campaign(
                self.runtime,
                studio,
                command.campaign_module,
                command.campaign_time,
                actor=actor,
            )
            return answers.campaign_result(scheduled, self._zone(studio))
        return self.help()

    def _zone(self, studio: str) -> ZoneInfo:
        return self.runtime.services.studios[studio].settings.zone


def _api_trouble(exc: PerfectGymError) -> str:
    if isinstance(exc, RateLimited):
        return "PerfectGym is busy right now (rate limit). Please try again in a minute."
    return f"PerfectGym did not answer as expected ({type(exc).__name__}). Please try again."
