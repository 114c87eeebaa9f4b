"""``SlackDesk``: the Slack staff desk as a component of ``upsell-bot run``.

HTTP mode serves Bolt at ``POST /slack/events`` (slash commands, interactivity and events all
post there); ``SlackIntake`` checks size, signature (5-minute window) and shape first, so
Bolt only ever sees signed, well-formed requests. Socket Mode connects out when
``SLACK_APP_TOKEN`` is set. The feed of staff events and notices goes to each studio's
channel through one ordered, rate-limit-aware queue.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.adapter.starlette.async_handler import (
    to_async_bolt_request,
    to_starlette_response,
)
from slack_bolt.async_app import AsyncApp
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_sdk.errors import SlackApiError
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from adapters.slack._access import AccessPolicy
from adapters.slack._blocks import LOOKUP_ACTION, Answer
from adapters.slack._client import SlackWebClient
from adapters.slack._feed import render_event, render_notice
from adapters.slack._handlers import SlackHandlers
from adapters.slack._intake import SlackIntake
from adapters.slack._options import SlackOptions
from adapters.slack._poster import ChannelPoster, Post
from adapters.slack._staff import StaffCommands
from bot.bodies import BodyRefused, MalformedBody
from bot.clock import Clock
from bot.retry import Again, Backoff, retry
from conversations.events import StaffEvent
from conversations.ports import Runtime
from conversations.staff import StaffNotice

log = logging.getLogger("adapters.slack")

EVENTS_PATH = "/slack/events"
FILES_SCOPE = "files:write"
STOP_SECONDS = 10.0
_UTC = ZoneInfo("UTC")


class SlackDesk:
    """The Slack component: routes, start/stop, the feed, and ``post_notice`` for others."""

    name = "slack"

    def __init__(
        self, runtime: Runtime, options: SlackOptions, *, clock: Clock | None = None
    ) -> None:
        self.runtime = runtime
        self.options = options
        self.clock: Clock = clock or runtime.services.clock
        _quiet_slack_debug_logs()
        self.client = SlackWebClient(token=options.bot_token, base_url=options.api_base_url)
        self.access = AccessPolicy(
            options,
            self.client,
            self.clock,
            feed_channels=[c for c in map(self.channel_for, runtime.services.studios) if c],
        )
        self.handlers = SlackHandlers(
            commands=StaffCommands(
                runtime, options.command, files=lambda: self.client.may(FILES_SCOPE)
            ),
            access=self.access,
            store=runtime.services.store,
            clock=self.clock,
            client=self.client,
        )
        self.app = _bolt_app(options, self.client, self.handlers)
        self.poster = ChannelPoster(self.client, clock=self.clock)
        self.intake = (
            SlackIntake(options.signing_secret) if options.signing_secret is not None else None
        )
        self._socket: AsyncSocketModeHandler | None = None
        self._socket_task: asyncio.Task[None] | None = None
        self._running = False
        self._warned: set[str] = set()
        runtime.services.events.subscribe(self.notify)
        runtime.desk.add_notice_sink(self.post_notice)
        if options.socket_mode:  # one Socket Mode connection: only the leading process
            runtime.leadership.register(self)

    # --- Component -----------------------------------------------------------------------

    def routes(self) -> Sequence[BaseRoute]:
        if not self.options.http_mode:
            return []
        return [Route(EVENTS_PATH, self._events, methods=["POST"])]

    async def start(self) -> None:
        self.handlers.stopping = False
        log.log(logging.WARNING if self.access.closed else logging.INFO, self.access.describe())
        await self.poster.start()
        self._running = True
        await self._check_token()

    async def lead(self) -> None:
        """This process leads: connect Socket Mode (HTTP mode runs on every process)."""
        if self.options.socket_mode and self._running and self._socket is None:
            self._socket = AsyncSocketModeHandler(
                self.app, self.options.app_token, web_client=self.client
            )
            self._socket_task = asyncio.create_task(self._connect_socket(), name="slack-socket")

    async def follow(self) -> None:
        """Another process leads: disconnect Socket Mode."""
        await self._disconnect()

    async def stop(self) -> None:
        """Refuse new work, finish what was acknowledged, drain the feed, disconnect."""
        self.handlers.stopping = True
        await self._disconnect()
        await self.handlers.background.wait(STOP_SECONDS)
        self._running = False
        await self.poster.stop()

    async def _disconnect(self) -> None:
        if self._socket_task is not None:
            self._socket_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._socket_task
            self._socket_task = None
        if self._socket is not None:
            await self._socket.close_async()  # type: ignore[no-untyped-call]
            self._socket = None

    # --- the feed ------------------------------------------------------------------------

    async def notify(self, event: StaffEvent) -> None:
        """Event-bus listener: queue the event for its studio's channel (never waits)."""
        language = self.runtime.desk.language(event.studio)
        self._queue(event.studio, render_event(event, self._zone(event.studio), language))

    async def post_notice(self, notice: StaffNotice) -> None:
        """Queue a free-form notice for the studio's channel (``StaffDesk.post_notice`` sink)."""
        language = self.runtime.desk.language(notice.studio)
        self._queue(notice.studio, render_notice(notice, self._zone(notice.studio), language))

    def channel_for(self, studio: str) -> str | None:
        """The studio's own ``slack_channel``, else ``SLACK_STAFF_CHANNEL``."""
        runtime = self.runtime.services.studios.get(studio)
        own = runtime.settings.slack_channel if runtime is not None else None
        return own or self.options.staff_channel

    def _queue(self, studio: str, answer: Answer) -> None:
        if not self._running:
            log.info("Slack desk not running; feed message for %s dropped", studio)
            return
        channel = self.channel_for(studio)
        if channel is None:
            if studio not in self._warned:
                self._warned.add(studio)
                log.warning("no Slack channel for studio %s (set slack_channel)", studio)
            return
        self.poster.submit(Post(channel, answer))

    def _zone(self, studio: str) -> ZoneInfo:
        runtime = self.runtime.services.studios.get(studio)
        return runtime.settings.zone if runtime is not None else _UTC

    # --- plumbing ------------------------------------------------------------------------

    async def _events(self, request: Request) -> Response:
        assert self.intake is not None  # the route exists in HTTP mode only
        try:
            body = await self.intake.accept(request)
        except MalformedBody as exc:
            return PlainTextResponse(f"malformed request: {exc}", status_code=400)
        except BodyRefused as exc:  # unsigned (401) or too large (413)
            return PlainTextResponse(str(exc), status_code=exc.status)
        return to_starlette_response(
            await self.app.async_dispatch(to_async_bolt_request(request, body))
        )

    async def _check_token(self) -> None:
        """Say early (in the log) if Slack does not accept the bot token."""
        try:
            auth = await self.client.auth_test()
        except SlackApiError as exc:
            error = exc.response.get("error") if exc.response is not None else None
            log.error("Slack refused SLACK_BOT_TOKEN (%s); staff commands will fail", error)
            return
        except Exception as exc:  # Slack unreachable: commands may still work later
            log.warning("could not reach Slack to check the bot token: %s", type(exc).__name__)
            return
        team = auth.get("team_id")
        if self.options.team_id is not None and team != self.options.team_id:
            log.error("SLACK_BOT_TOKEN belongs to workspace %s, not SLACK_TEAM_ID", team)
        log.info("Slack connected as %s in workspace %s", auth.get("user"), team)
        missing = [s for s in self.options.required_scopes if not self.client.may(s)]
        if missing:
            log.error("the Slack app lacks the scope(s) %s; add them and reinstall", missing)
        if not self.client.may(FILES_SCOPE):
            log.warning("the Slack app lacks files:write: /upsell stats answers without a chart")

    async def _connect_socket(self) -> None:
        """Connect Socket Mode, trying again with backoff while Slack cannot be reached."""
        assert self._socket is not None
        socket = self._socket

        def told(exc: Exception, retries: int, wait: float) -> None:
            log.error("Slack Socket Mode could not connect (%s); retrying", type(exc).__name__)

        await retry(
            socket.connect_async,
            backoff=Backoff(None, first=1.0, most=60.0),
            clock=self.clock,
            should_retry=lambda exc: Again(),
            on_retry=told,
        )
        log.info("Slack Socket Mode connected")


def _bolt_app(options: SlackOptions, client: SlackWebClient, handlers: SlackHandlers) -> AsyncApp:
    """Bolt, with our listeners; the listener returns right after its ack (work is tracked).

    Its own signature check is off: ``SlackIntake`` checks first, before anything parses
    the body, and never logs it (Bolt's check logs the whole body of a refused request).
    """
    app = AsyncApp(
        client=client,
        signing_secret=options.signing_secret or "",
        request_verification_enabled=False,
        process_before_response=True,
        name="upsell-bot",
        logger=_bolt_logger(),
    )
    app.use(handlers.dedupe)
    app.command(options.command)(handlers.on_command)
    app.action(LOOKUP_ACTION)(handlers.on_lookup)
    app.event("app_mention")(handlers.on_mention)
    return app


class _IgnoredToken(logging.Filter):
    """Drops Bolt's start-up warning that it will not use ``SLACK_BOT_TOKEN``.

    Bolt reads that variable from the environment even when given a client (ours: base URL,
    one token), then warns that it ignores it: on every start, about nothing.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != warning_client_prioritized_and_token_skipped()


def _bolt_logger() -> logging.Logger:
    """Bolt's logger, without the warning about the token it reads from the environment."""
    logger = logging.getLogger("adapters.slack.bolt")
    if not any(isinstance(f, _IgnoredToken) for f in logger.filters):
        logger.addFilter(_IgnoredToken())
    return logger


def _quiet_slack_debug_logs() -> None:
    """slack_sdk logs whole request bodies at DEBUG: link codes and response URLs would leak."""
    for name in ("slack_sdk", "slack_bolt", "adapters.slack.bolt"):
        logger = logging.getLogger(name)
        if logger.level < logging.INFO:  # also NOTSET: a DEBUG root must not switch them on
            logger.setLevel(logging.INFO)


def build_component(runtime: Runtime) -> SlackDesk | None:
    """The Slack desk when ``SLACK_BOT_TOKEN`` is set, else None (Slack stays off)."""
    options = SlackOptions.from_settings(runtime.settings)
    return None if options is None else SlackDesk(runtime, options)
