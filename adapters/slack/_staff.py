"""Carry out a parsed staff command with the platform-neutral desk and render the answer.

Which studio: the one named with ``--studio``; else the only one configured; else the studio
whose ``slack_channel`` is the channel the command came from. Answers are in that studio's
language (its ``locale``); before a studio is known, in the language all studios share.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from zoneinfo import ZoneInfo

from adapters.slack import _answers as answers
from adapters.slack import _campaign_answers as campaign_answers
from adapters.slack._blocks import Answer
from adapters.slack._commands import StaffCommand, Subcommand, help_text
from adapters.slack._figures import export, stats_with_chart
from adapters.slack._requests import StaffRequest
from bot.perfectgym import PerfectGymError, RateLimited
from conversations.ports import Runtime
from conversations.staff import StaffError, UnknownStudio
from conversations.texts import text

log = logging.getLogger("adapters.slack")


class StaffCommands:
    """The staff desk as Slack sees it: command in, ``Answer`` out; never raises."""

    def __init__(
        self, runtime: Runtime, command: str, *, files: Callable[[], bool] = lambda: False
    ) -> None:
        self.runtime = runtime
        self.desk = runtime.desk
        self.command = command
        self.files = files
        """Whether the app may post files (charts, CSV) now: the ``files:write`` scope."""

    def help(self, language: str, trouble: str | None = None) -> Answer:
        return answers.help_answer(help_text(self.command, self.studio_names, language), trouble)

    @property
    def studio_names(self) -> list[str]:
        return list(self.runtime.services.studios)

    def studio_for(self, command: StaffCommand | None, who: StaffRequest) -> str:
        """The studio's name; ``UnknownStudio`` says how to name one."""
        if command is not None and command.studio is not None:
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
        raise UnknownStudio("staff_which_studio", studios=names)

    def language_for(self, command: StaffCommand | None, who: StaffRequest) -> str:
        """The language of the studio the request is about (see the module docstring)."""
        try:
            return self.desk.language(self.studio_for(command, who))
        except StaffError:
            return self.desk.language(None)

    def words(
        self, key: str, command: StaffCommand | None, who: StaffRequest, **values: object
    ) -> str:
        return text(key, self.language_for(command, who), **values)

    async def run(self, command: StaffCommand, who: StaffRequest) -> Answer:
        """The answer to a command that passed the access check."""
        language = self.language_for(command, who)
        if command.name is Subcommand.HELP or command.problem:
            trouble = command.problem.words(language) if command.problem else None
            return self.help(language, trouble)
        try:
            studio = self.studio_for(command, who)
            return await self._run(command, studio, who.actor, language)
        except StaffError as exc:
            return answers.problem(exc.words(language))
        except PerfectGymError as exc:
            return answers.problem(_api_trouble(exc, language))
        except Exception:
            log.exception("staff command %s failed", command.name)
            return answers.problem(text("staff_failed", language))

    async def lookup(self, studio: str, customer_id: int, who: StaffRequest) -> Answer:
        """The customer overview behind a "Look up customer" button."""
        language = self.desk.language(studio)
        try:
            view = await self.desk.customer_overview(studio, str(customer_id), actor=who.actor)
        except StaffError as exc:
            return answers.problem(exc.words(language))
        except PerfectGymError as exc:
            return answers.problem(_api_trouble(exc, language))
        return answers.overview(view, self._zone(view.studio), language)

    async def _run(self, command: StaffCommand, studio: str, actor: str, language: str) -> Answer:
        desk, zone, name = self.desk, self._zone(studio), command.name
        if name is Subcommand.CUSTOMER:
            view = await desk.customer_overview(studio, command.customer, actor=actor)
            return answers.overview(view, zone, language)
        if name is Subcommand.LINK:
            issued = await desk.issue_link_code(studio, command.customer, actor=actor)
            return answers.link_code(issued, zone, language)
        if name is Subcommand.MODULES:
            return answers.catalogue(await desk.module_catalogue(studio, actor=actor), language)
        if name is Subcommand.STATS:
            figures = await desk.stats(studio, command.days, actor=actor)
            return stats_with_chart(figures, zone, language, files=self.files())
        if name is Subcommand.EXPORT:
            figures = await desk.stats(studio, command.days, actor=actor)
            return export(figures, zone, language, files=self.files())
        if name is Subcommand.OFFER:
            result = await desk.send_offer(
                studio,
                command.customer,
                command.module,
                actor=actor,
            )
            return answers.offer_result(result, language)
        if name is Subcommand.CAMPAIGN:
            scheduled = await desk.campaign_from_words(studio, command.args, actor=actor)
            return campaign_answers.scheduled(scheduled, zone, language)
        if name is Subcommand.CAMPAIGNS:
            listed = await desk.list_campaigns(studio)
            return campaign_answers.listing(listed, zone, self.command, language)
        if name is Subcommand.CAMPAIGN_CANCEL:
            stopped = await desk.cancel_campaign(studio, command.campaign_id, actor=actor)
            return campaign_answers.canceled(stopped, zone, language)
        return self.help(language)

    def _zone(self, studio: str) -> ZoneInfo:
        return self.runtime.services.studios[studio].settings.zone


def _api_trouble(exc: PerfectGymError, language: str) -> str:
    if isinstance(exc, RateLimited):
        return text("staff_api_busy", language)
    return text("staff_api_trouble", language, error=type(exc).__name__)
