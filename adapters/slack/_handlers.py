"""The Bolt listeners: acknowledge at once, do the slow work in tracked background tasks.

Every request is acknowledged well within Slack's 3 seconds: help, refusals and figures (no
PerfectGym call) are the acknowledgement itself; look-ups answer "working on it" first and the
result follows through the request's ``response_url`` (or ``chat.postEphemeral`` for an
@-mention). Answers are always ephemeral: only the staff member who asked sees them. Files
an answer brings (the ``stats`` chart, the ``export`` CSV) are rendered and posted to the
channel afterwards, in the background (``files_upload_v2``).
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable, Coroutine
from functools import partial
from typing import Any

import aiohttp
from slack_bolt import BoltResponse
from slack_bolt.kwargs_injection.async_args import AsyncArgs
from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack import _answers as answers
from adapters.slack._access import AccessPolicy, Verdict, refusal_key
from adapters.slack._blocks import Answer, Upload, lookup_target
from adapters.slack._commands import StaffCommand, Subcommand, parse
from adapters.slack._ratelimit import call_slack
from adapters.slack._requests import StaffRequest, delivery_key
from adapters.slack._staff import StaffCommands
from bot import logs
from bot.clock import Clock
from bot.store import StoreError
from bot.store.protocols import StoreAPI

log = logging.getLogger("adapters.slack")

Reply = Callable[[Answer], Awaitable[None]]
_INSTANT = (
    Subcommand.HELP,
    Subcommand.STATS,
    Subcommand.EXPORT,
    Subcommand.CAMPAIGNS,
    Subcommand.CAMPAIGN_CANCEL,
)
"""Answered in the acknowledgement itself: no PerfectGym call needed (a chart or CSV file
follows in the background)."""
_MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")
_WORKING = {
    Subcommand.CUSTOMER: "staff_working_customer",
    Subcommand.LINK: "staff_working_link",
    Subcommand.MODULES: "staff_working_modules",
    Subcommand.OFFER: "staff_working_offer",
    Subcommand.CAMPAIGN: "staff_working_campaign",
}


class Background:
    """Tasks started after an ack; ``wait`` lets ``stop()`` finish them before shutting down."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[None]] = set()

    def spawn(self, work: Coroutine[Any, Any, None], name: str) -> None:
        task = asyncio.create_task(work, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._done)

    def _done(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("Slack background task %s failed", task.get_name(), exc_info=task.exception())

    async def wait(self, grace: float) -> None:
        """Let running tasks finish for ``grace`` seconds, then cancel the rest."""
        if not self._tasks:
            return
        _, pending = await asyncio.wait(set(self._tasks), timeout=grace)
        for task in pending:
            task.cancel()
        if pending:
            log.warning("cancelled %d Slack task(s) still running at shutdown", len(pending))
            await asyncio.gather(*pending, return_exceptions=True)


class SlackHandlers:
    """What the Bolt app does with slash commands, button clicks and @-mentions."""

    def __init__(
        self,
        *,
        commands: StaffCommands,
        access: AccessPolicy,
        store: StoreAPI,
        clock: Clock,
        client: AsyncWebClient,
    ) -> None:
        self.commands = commands
        self.access = access
        self.store = store
        self.clock = clock
        self.client = client
        self.background = Background()
        self.stopping = False

    # --- middleware ----------------------------------------------------------------------

    async def dedupe(self, args: AsyncArgs) -> BoltResponse:
        """A delivery seen before (Slack retry, duplicate event_id) is acknowledged, not redone."""
        key = delivery_key(args.body)
        # Work started from here (background tasks too) logs under this request's id.
        with logs.bind(correlation_id=logs.new_correlation_id(), platform="slack", delivery=key):
            if key is None:
                await args.next()
                return args.response
            try:
                first = await self.store.mark_processed("slack", key, self.clock.now())
            except StoreError as exc:  # not marked, not run: Slack delivers it again
                log.warning("Slack delivery %s not taken, the database failed: %s", key, exc)
                return BoltResponse(status=503, body="")
            if not first:
                retry = (args.request.headers.get("x-slack-retry-num") or ["-"])[0]
                log.info("Slack delivery %s seen before (retry %s); acknowledged only", key, retry)
                return BoltResponse(status=200, body="")
            try:
                await args.next()
            except BaseException:
                # it did not run through: let Slack's retry run it rather than be acknowledged
                await self.store.forget_processed("slack", key)
                raise
        return args.response

    # --- slash command -------------------------------------------------------------------

    async def on_command(self, args: AsyncArgs) -> None:
        who = StaffRequest.from_body(args.body)
        command = parse(str(args.body.get("text") or ""))
        if self.stopping:
            await _ack(args, answers.working(self.commands.words("staff_restarting", command, who)))
            return
        verdict = self.access.quick(who)
        if verdict not in (Verdict.ALLOWED, Verdict.UNKNOWN):
            await _ack(args, await self._refuse(who, verdict, command))
            return
        instant = command.problem or command.name in _INSTANT
        if verdict is Verdict.ALLOWED and instant:
            answer = await self.commands.run(command, who)
            await _ack(args, answer)
            if answer.uploads:
                reply = _respond_with(args)
                self.background.spawn(self._post_files(answer, command, who, reply), "slack-file")
            return
        arg = command.args[0] if command.args else ""
        key = _WORKING.get(command.name, "staff_working")
        await _ack(args, answers.working(self.commands.words(key, command, who, arg=arg)))
        reply = _respond_with(args)
        self.background.spawn(self._command(command, who, reply), f"slack-{command.name}")

    async def _command(self, command: StaffCommand, who: StaffRequest, reply: Reply) -> None:
        verdict = await self.access.check(who)
        if verdict is not Verdict.ALLOWED:
            await self._send(reply, await self._refuse(who, verdict, command))
            return
        answer = await self.commands.run(command, who)
        await self._send(reply, answer)
        await self._post_files(answer, command, who, reply)

    async def _post_files(
        self, answer: Answer, command: StaffCommand, who: StaffRequest, reply: Reply
    ) -> None:
        """Post the answer's files (a chart, a CSV) in the channel the command came from."""
        for upload in answer.uploads:
            data = await asyncio.to_thread(upload.render)
            if data is None:
                continue
            try:
                await call_slack(partial(self._upload, upload, data, who), clock=self.clock)
            except (SlackApiError, SlackRequestError, aiohttp.ClientError, TimeoutError) as exc:
                error = _slack_error(exc)
                log.warning("could not post %s to Slack: %s", upload.filename, error)
                words = self.commands.words(
                    "staff_file_upload_failed", command, who, filename=upload.filename, error=error
                )
                await self._send(reply, answers.problem(words))

    async def _upload(self, upload: Upload, data: bytes, who: StaffRequest) -> object:
        return await self.client.files_upload_v2(
            channel=who.channel_id,
            filename=upload.filename,
            content=data,
            title=upload.title,
            initial_comment=upload.comment or None,
            alt_txt=upload.alt_text or None,
        )

    # --- "Look up customer" button -------------------------------------------------------

    async def on_lookup(self, args: AsyncArgs) -> None:
        await args.ack()
        who = StaffRequest.from_body(args.body)
        action = args.action or {}
        target = lookup_target(str(action.get("value") or ""))
        reply = _respond_with(args)
        self.background.spawn(self._lookup(who, target, reply), "slack-lookup")

    async def _lookup(
        self, who: StaffRequest, target: tuple[str, int] | None, reply: Reply
    ) -> None:
        verdict = await self.access.check(who)
        if verdict is not Verdict.ALLOWED:
            await self._send(reply, await self._refuse(who, verdict, None))
        elif target is None:
            words = self.commands.words("staff_button_broken", None, who)
            await self._send(reply, answers.problem(words))
        else:
            await self._send(reply, await self.commands.lookup(target[0], target[1], who))

    # --- @-mention ("@Upsell customer 1-1001") -------------------------------------------

    async def on_mention(self, args: AsyncArgs) -> None:
        who = StaffRequest.from_body(args.body)
        event = args.event or {}
        command = parse(_MENTION.sub(" ", str(event.get("text") or "")))
        reply = self._ephemeral_to(who)
        self.background.spawn(self._command(command, who, reply), "slack-mention")

    def _ephemeral_to(self, who: StaffRequest) -> Reply:
        async def reply(answer: Answer) -> None:
            await call_slack(
                lambda: self.client.chat_postEphemeral(
                    channel=who.channel_id or "",
                    user=who.user_id or "",
                    text=answer.text,
                    blocks=answer.blocks,
                ),
                clock=self.clock,
            )

        return reply

    # --- shared --------------------------------------------------------------------------

    async def _refuse(
        self, who: StaffRequest, verdict: Verdict, command: StaffCommand | None
    ) -> Answer:
        await self.store.audit(
            who.actor,
            "slack_access_refused",
            detail={"verdict": verdict.value, "command": command.name.value if command else None},
            now=self.clock.now(),
        )
        return answers.notice(self.commands.words(refusal_key(verdict), command, who), "🙏")

    async def _send(self, reply: Reply, answer: Answer) -> None:
        try:
            await reply(answer)
        except (SlackApiError, aiohttp.ClientError, OSError, TimeoutError) as exc:
            log.error("could not answer a staff member in Slack: %s", type(exc).__name__)


def _slack_error(exc: Exception) -> str:
    if isinstance(exc, SlackApiError) and exc.response is not None:
        return str(exc.response.get("error") or exc.response.status_code)
    return type(exc).__name__


async def _ack(args: AsyncArgs, answer: Answer) -> None:
    await args.ack(text=answer.text, blocks=answer.blocks, response_type="ephemeral")


def _respond_with(args: AsyncArgs) -> Reply:
    respond = args.respond

    async def reply(answer: Answer) -> None:
        await respond(
            text=answer.text,
            blocks=answer.blocks,
            response_type="ephemeral",
            replace_original=False,
        )

    return reply
