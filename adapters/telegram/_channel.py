"""The Telegram channel: a PTB ``Application`` around the engine, as a runnable component.

One update, top to bottom: stored before Telegram hears it arrived (``_inbox``) -> answer a
pressed button at once -> map to ``Incoming`` -> a chat flooding the bot is asked to slow
down -> drop a second tap of a button whose turn is still running -> ``Engine.handle``
(the chat held across processes; each ``update_id`` runs once; the turn's final write
marks it done) -> the replies through the flood limiter. A turn the database failed runs
again after a pause; updates a dead process left are taken over when their lease ends.
It is also the ``PushChannel`` reminders and staff offers use, so their messages obey the
same limits.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import timedelta

from starlette.routing import BaseRoute
from telegram import BotCommand, Update
from telegram.error import (
    BadRequest,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    TelegramError,
)
from telegram.ext import Application, ContextTypes, TypeHandler

from adapters.telegram._delivery import Delivery
from adapters.telegram._inbox import LEASE, RECORD_WITHIN, AckAfterStored, Inbox, InboxQueue
from adapters.telegram._mapping import PLATFORM, reachability, to_incoming
from adapters.telegram._redact import redact_in_logs
from adapters.telegram._webhook import webhook_route
from bot import logs
from bot.clock import Clock
from bot.config import ConfigError
from bot.loops import BackgroundLoop
from bot.store import StoreError
from bot.store.protocols import LinkStore, StoreAPI
from conversations import Engine, Outgoing
from conversations.ports import Channels, Leadership
from conversations.texts import language_from_hint, text
from conversations.types import Command, PushResult, TurnDeferred

log = logging.getLogger("adapters.telegram")

ALLOWED_UPDATES = ("message", "callback_query", "my_chat_member")
MENU_LANGUAGES = (None, "de")
"""The command menu: English for everyone (no language code), German for German clients."""
MAX_WAITING_PER_CHAT = 20
"""Updates of one chat queued or running at once; more are refused (a flood, not a member)
and the chat is asked, once a minute at most, to slow down."""
SLOW_DOWN_EVERY = 60.0
RETRY_DELAYS = (1.0, 2.0, 5.0, 10.0, 30.0)
"""Pauses before a turn the database failed runs again (then every 30 s)."""
MAX_RUNS = 5
"""Takes of a stranded update before it is given up (logged) rather than run again."""
SWEEP_EVERY = 5.0
ORDER_WAIT = 2.0
"""On a shared database: how long an update waits for its chat's earlier ones, received
by another replica, to run first."""


@dataclass(frozen=True)
class Webhook:
    """Where Telegram posts updates, the route that receives them, and the shared secret."""

    url: str
    secret: str
    path: str


class TelegramChannel:
    """Component (routes, start, stop) and push channel for members on Telegram."""

    name = "telegram"
    platform = PLATFORM

    def __init__(
        self,
        application: Application,  # type: ignore[type-arg]
        engine: Engine,
        clock: Clock,
        *,
        webhook: Webhook | None = None,
        channels: Channels | None = None,
        leadership: Leadership | None = None,
        lease: timedelta = LEASE,
    ) -> None:
        """``leadership``: poll only while this process leads (several processes on one
        database); without it, a polling channel polls from ``start`` on."""
        self.application = application
        self._polls_when_leading = leadership is not None and webhook is None
        if self._polls_when_leading:
            assert leadership is not None
            leadership.register(self)
        self.engine = engine
        self.store: LinkStore = engine.services.store
        self.clock = clock
        self.webhook = webhook
        self.channels = channels
        if webhook is not None:  # PTB logs setWebhook's parameters at DEBUG
            redact_in_logs(webhook.secret, "<TELEGRAM_WEBHOOK_SECRET>")
        self.delivery = Delivery(application.bot, self.store, clock)
        self.updates: StoreAPI = engine.services.store
        self.inbox = Inbox(self.updates, clock, lease=lease)
        queue = application.update_queue
        if not isinstance(queue, InboxQueue):
            raise TypeError("build the Application with build_application (its update queue)")
        self.queue = queue
        queue.inbox = self.inbox
        if application.updater is not None:  # confirm a polled batch only once it is stored
            application.updater.bot = AckAfterStored(application.bot, queue)  # type: ignore[assignment]
        self.record_within = RECORD_WITHIN
        self.retry_delays: tuple[float, ...] = RETRY_DELAYS
        self._refused: set[str] = set()
        self._told_to_slow_down: dict[str, float] = {}
        self._reruns: dict[str, int] = {}
        self.sweeper = BackgroundLoop(
            "telegram-inbox",
            self._sweep,
            interval=SWEEP_EVERY,
            clock=clock,
            logger=log,
            failure="could not take over stranded telegram updates",
        )
        self._first_sweep = True
        self._waiting: Counter[str] = Counter()
        self._tapping: set[tuple[str, str]] = set()
        """(chat, button token) of the taps whose turns are running now."""
        self._accepting = False
        self._pending: set[asyncio.Future[None]] = set()
        application.add_handler(TypeHandler(Update, self._on_update))
        application.add_error_handler(self._on_error)

    # --- one update ------------------------------------------------------------------

    async def handle_update(self, update: Update) -> None:
        """Run one update; a turn the database failed is queued to run again."""
        chat = update.effective_chat
        with logs.bind(
            correlation_id=logs.new_correlation_id(),
            platform=PLATFORM,
            chat=logs.chat_hash(PLATFORM, str(chat.id)) if chat is not None else None,
            delivery=str(update.update_id),
        ):
            try:
                await self._handle(update)
            except TurnDeferred:
                self._run_again_later(update)
            except StoreError as exc:  # outside a turn (reachability, an end mark): lease expiry
                log.warning("telegram update left for a later run: %s", exc)

    async def _handle(self, update: Update) -> None:
        key = str(update.update_id)
        query = update.callback_query
        if query is not None and key not in self._reruns:
            await self._answer(query.id)
        change = reachability(update)
        if change is not None:
            chat_id, reachable = change
            await self.store.set_unreachable(PLATFORM, chat_id, not reachable, now=self.clock.now())
            await self._end(key, "done")
            return
        incoming = to_incoming(update)
        if incoming is None:
            await self._end(key, "done")
            return
        if key in self._reruns:  # its first run died or failed: it may have used its button
            incoming = replace(incoming, rerun=True)
        chat_id = incoming.chat_id
        if self._waiting[chat_id] >= MAX_WAITING_PER_CHAT:
            # One chat must not take every concurrent slot while its turns run one by one.
            log.warning("telegram chat sends faster than it can be answered; update refused")
            await self._end(key, "dropped")
            await self._slow_down(chat_id, incoming.language_hint)
            return
        pressed = query.message.message_id if query is not None and query.message else None
        tap = (chat_id, incoming.button) if incoming.button is not None else None
        if tap is not None and tap in self._tapping:
            # A double tap: the first tap's turn is still running and will answer for both.
            log.debug("telegram button pressed again while its turn runs; ignored")
            await self._end(key, "done")
            return

        async def deliver(replies: list[Outgoing]) -> None:
            await self.delivery.send(
                chat_id, replies, pressed_message_id=pressed, typed=tap is None
            )

        self._waiting[chat_id] += 1
        if tap is not None:
            self._tapping.add(tap)
        try:
            if self.updates.backend != "sqlite":
                await self._after_earlier_updates(chat_id, key)
            await self.engine.handle(incoming, deliver=deliver)
            self._reruns.pop(key, None)
        finally:
            if tap is not None:
                self._tapping.discard(tap)
            self._waiting[chat_id] -= 1
            if not self._waiting[chat_id]:
                del self._waiting[chat_id]

    async def _end(self, key: str, status: str) -> None:
        """An update that ran no turn (or was refused) is over."""
        await self.updates.end_update(PLATFORM, key, status, self.clock.now())
        self._reruns.pop(key, None)

    async def _slow_down(self, chat_id: str, language_hint: str | None) -> None:
        """One polite line per minute to a chat that floods the bot, instead of silence."""
        now = self.clock.monotonic()
        if now - self._told_to_slow_down.get(chat_id, -SLOW_DOWN_EVERY) < SLOW_DOWN_EVERY:
            return
        self._told_to_slow_down[chat_id] = now
        language = language_from_hint(language_hint, "en")
        await self.delivery.send(chat_id, [Outgoing(text=text("slow_down", language))])

    async def _after_earlier_updates(self, chat_id: str, key: str) -> None:
        """Replicas share the webhook: let this chat's earlier updates, received by another
        replica, run first (a while at most: a dead replica's are taken over later)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + ORDER_WAIT
        while await self.updates.earlier_waiting(PLATFORM, chat_id, key):
            if loop.time() >= deadline:
                return
            await asyncio.sleep(0.02)

    def _run_again_later(self, update: Update) -> None:
        key = str(update.update_id)
        runs = self._reruns[key] = self._reruns.get(key, 0) + 1
        delay = self.retry_delays[min(runs, len(self.retry_delays)) - 1]
        log.info("telegram update runs again in %s s (the database failed its turn)", delay)

        def again() -> None:
            if self._accepting:
                self._pending.add(asyncio.ensure_future(self.queue.put_stored(update)))

        asyncio.get_running_loop().call_later(delay, again)

    async def _intake(self, update: Update) -> bool:
        """Webhook: store the update (within ``RECORD_WITHIN``) and queue it when new."""
        key = str(update.update_id)
        try:
            async with asyncio.timeout(self.record_within):
                new = await self.inbox.record(update)
        except (TimeoutError, StoreError) as exc:
            log.warning("telegram update not stored (%s); Telegram will deliver it again", exc)
            self._refused.add(key)  # its write may still land: run the redelivery anyway
            return False
        if new or key in self._refused:
            self._refused.discard(key)
            await self.queue.put_stored(update)
        return True

    async def _sweep(self) -> None:
        """Take over updates a dead process (or a failed turn here) left behind."""
        everything, self._first_sweep = (
            self._first_sweep and self.updates.backend == "sqlite",
            False,
        )
        for stored in await self.inbox.take_stranded(everything=everything):
            if stored.attempts > MAX_RUNS:
                log.error("telegram update %s given up after %s runs", stored.key, MAX_RUNS)
                await self.updates.end_update(PLATFORM, stored.key, "failed", self.clock.now())
                continue
            update = Update.de_json(stored.body, self.application.bot)
            if update is not None:
                self._reruns.setdefault(stored.key, 0)
                await self.queue.put_stored(update)

    async def _answer(self, query_id: str) -> None:
        """Stop the button's spinner before any work; the reply itself says what happened."""
        try:
            await self.application.bot.answer_callback_query(query_id)
        except TelegramError as exc:
            log.info("could not answer a telegram button press: %s", type(exc).__name__)

    async def _on_update(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        if isinstance(update, Update):
            await self.handle_update(update)

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        log.error("telegram update failed", exc_info=context.error)

    # --- push (reminders, staff offers, reconciled outcomes) --------------------------

    async def push(self, chat_id: str, messages: Sequence[Outgoing]) -> PushResult:
        """Messages outside a member's turn (callers run it inside ``Engine.push``, so a
        chat's messages stay in order)."""
        return await self.delivery.send(chat_id, messages)

    # --- life cycle ------------------------------------------------------------------

    def routes(self) -> Sequence[BaseRoute]:
        if self.webhook is None:
            return []
        return [
            webhook_route(
                self.webhook.path,
                self.webhook.secret,
                self.application,
                lambda: self._accepting,
                self._intake,
            )
        ]

    async def start(self) -> None:
        app = self.application
        refused: BaseException | None = None
        try:
            await app.initialize()  # getMe: the bot's user name comes from Telegram
            if self.channels is not None:
                self.channels.handles[PLATFORM] = app.bot.username
            await self._register_commands()
            if self.webhook is not None:
                await app.bot.set_webhook(
                    self.webhook.url,
                    secret_token=self.webhook.secret,
                    allowed_updates=ALLOWED_UPDATES,
                )
            await app.start()
            self._accepting = True
            await self.sweeper.start()
            if self.webhook is None and not self._polls_when_leading:
                await self._poll()
        except BaseException as exc:
            await self._close()
            refused = _start_error(exc)
            if refused is exc:
                raise
        if refused is not None:  # raised out here, so PTB's error (with the token) is not chained
            raise refused
        mode = f"webhook at {self.webhook.path}" if self.webhook else "polling"
        if self._polls_when_leading:
            mode += " while this process leads"  # a single process leads at once
        log.info("Telegram channel on as @%s (%s)", app.bot.username, mode)

    async def _register_commands(self) -> None:
        """The command menu members see, in English and German (``setMyCommands``); a refusal
        is logged and the bot starts all the same."""
        for language in MENU_LANGUAGES:
            commands = [
                BotCommand(command.value, text(f"command_{command.value}", language or "en"))
                for command in Command
            ]
            try:
                await self.application.bot.set_my_commands(commands, language_code=language)
            except TelegramError as exc:
                log.warning("Telegram did not take the command menu: %s", type(exc).__name__)
                return

    async def _poll(self) -> None:
        updater = self.application.updater
        assert updater is not None
        if not updater.running:
            await updater.start_polling(allowed_updates=ALLOWED_UPDATES)

    async def lead(self) -> None:
        """This process leads: poll (the stored, unconfirmed updates were taken over)."""
        if self._accepting:
            await self._poll()
            log.info("Telegram polling started (this process leads)")

    async def follow(self) -> None:
        """Another process leads: stop polling (turns under way finish)."""
        updater = self.application.updater
        if updater is not None and updater.running:
            await updater.stop()
            log.info("Telegram polling stopped (another process leads)")

    async def stop(self) -> None:
        """Stop taking updates, finish every queued and running turn, then close."""
        self._accepting = False
        await self.sweeper.stop()
        if self._pending:
            await asyncio.gather(*self._pending, return_exceptions=True)
        await self._close()

    async def _close(self) -> None:
        app = self.application
        if app.updater is not None and app.updater.running:
            await app.updater.stop()
        if app.running:
            # PTB's stop() turns queued updates into tasks it does not wait for; so first let
            # every queued and running turn finish (task_done comes after each turn).
            await app.update_queue.join()
            await app.stop()
        await app.shutdown()


def _start_error(exc: BaseException) -> BaseException:
    """One clear line for what an operator can fix; never the token (PTB puts it in messages)."""
    if isinstance(exc, InvalidToken):
        return ConfigError("TELEGRAM_BOT_TOKEN was rejected by the Telegram Bot API")
    if isinstance(exc, BadRequest | Forbidden | Conflict):
        return ConfigError(f"Telegram refused to start the bot: {exc.message}")
    if isinstance(exc, NetworkError):
        return ConfigError(
            "could not reach the Telegram Bot API (check TELEGRAM_API_BASE_URL and the network): "
            + type(exc).__name__
        )
    return exc
