"""The Telegram channel: a PTB ``Application`` around the engine, as a runnable component.

One turn, top to bottom (``handle_update``): handle each ``update_id`` once (SQLite, so
also across restarts and webhook redeliveries) -> answer a pressed button at once -> map to
``Incoming`` -> drop a second tap of a button whose turn is still running -> per-chat lock
-> a member who writes is reachable again -> ``Engine.handle`` -> send the replies through
the flood limiter. It is also the ``PushChannel`` reminders and
staff offers use, so their messages obey the same limits.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

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
from adapters.telegram._mapping import PLATFORM, reachability, to_incoming
from adapters.telegram._redact import redact_in_logs
from adapters.telegram._webhook import webhook_route
from bot import logs
from bot.clock import Clock
from bot.config import ConfigError
from bot.store import Store
from conversations import Engine, Outgoing
from conversations.ports import Channels
from conversations.texts import text
from conversations.types import Command, PushResult

log = logging.getLogger("adapters.telegram")

ALLOWED_UPDATES = ("message", "callback_query", "my_chat_member")
MENU_LANGUAGES = (None, "de")
"""The command menu: English for everyone (no language code), German for German clients."""
MAX_WAITING_PER_CHAT = 20
"""Updates of one chat queued or running at once; more are dropped (a flood, not a member)."""


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
        store: Store,
        clock: Clock,
        *,
        webhook: Webhook | None = None,
        channels: Channels | None = None,
    ) -> None:
        self.application = application
        self.engine = engine
        self.store = store
        self.clock = clock
        self.webhook = webhook
        self.channels = channels
        if webhook is not None:  # PTB logs setWebhook's parameters at DEBUG
            redact_in_logs(webhook.secret, "<TELEGRAM_WEBHOOK_SECRET>")
        self.delivery = Delivery(application.bot, store, clock)
        self._waiting: Counter[str] = Counter()
        self._tapping: set[tuple[str, str]] = set()
        """(chat, button token) of the taps whose turns are running now."""
        self._accepting = False
        application.add_handler(TypeHandler(Update, self._on_update))
        application.add_error_handler(self._on_error)

    # --- one update ------------------------------------------------------------------

    async def handle_update(self, update: Update) -> None:
        chat = update.effective_chat
        with logs.bind(
            correlation_id=logs.new_correlation_id(),
            platform=PLATFORM,
            chat=logs.chat_hash(PLATFORM, str(chat.id)) if chat is not None else None,
            delivery=str(update.update_id),
        ):
            await self._handle_update(update)

    async def _handle_update(self, update: Update) -> None:
        query = update.callback_query
        if query is not None:
            await self._answer(query.id)
        change = reachability(update)
        if change is not None:
            chat_id, reachable = change
            self.store.set_unreachable(PLATFORM, chat_id, not reachable, now=self.clock.now())
            return
        incoming = to_incoming(update)
        if incoming is None:
            return
        chat_id = incoming.chat_id
        if self._waiting[chat_id] >= MAX_WAITING_PER_CHAT:
            # One chat must not take every concurrent slot while its turns run one by one.
            log.warning("telegram chat sends faster than it can be answered; update dropped")
            return
        pressed = query.message.message_id if query is not None and query.message else None
        tap = (chat_id, incoming.button) if incoming.button is not None else None
        if tap is not None and tap in self._tapping:
            # A double tap: the first tap's turn is still running and will answer for both.
            log.debug("telegram button pressed again while its turn runs; ignored")
            return

        async def deliver(replies: list[Outgoing]) -> None:
            await self.delivery.send(
                chat_id, replies, pressed_message_id=pressed, typed=tap is None
            )

        self._waiting[chat_id] += 1
        if tap is not None:
            self._tapping.add(tap)
        try:
            await self.engine.handle(incoming, deliver=deliver)
        finally:
            if tap is not None:
                self._tapping.discard(tap)
            self._waiting[chat_id] -= 1
            if not self._waiting[chat_id]:
                del self._waiting[chat_id]

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
            if self.webhook is None:
                assert app.updater is not None
                await app.updater.start_polling(allowed_updates=ALLOWED_UPDATES)
        except BaseException as exc:
            await self._close()
            refused = _start_error(exc)
            if refused is exc:
                raise
        if refused is not None:  # raised out here, so PTB's error (with the token) is not chained
            raise refused
        mode = f"webhook at {self.webhook.path}" if self.webhook else "polling"
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

    async def stop(self) -> None:
        """Stop taking updates, finish every queued and running turn, then close."""
        self._accepting = False
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
