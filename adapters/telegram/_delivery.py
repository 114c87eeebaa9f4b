"""Sending a turn's replies to one chat, within the limits, with the outcome as a ``PushResult``.

The first reply to a pressed button edits that message (its old buttons disappear); if the
edit is refused (too old, not modified, deleted) the reply goes out as a new message. A 403
means the member blocked the bot: the chat is marked unreachable and nothing more is tried.

Old keyboards do not linger: a pressed message that no reply replaced (a receipt came as a
new message) loses its buttons, and so does the chat's last keyboard once the member has
answered it by typing and the answer brings buttons of its own. That is one
``editMessageReplyMarkup`` at most per turn, and none in a plain button dialog.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Sequence

from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, TelegramError

from adapters.telegram._limiter import surely_not_sent
from adapters.telegram._mapping import PLATFORM
from adapters.telegram._render import TelegramMessage, render
from bot.clock import Clock
from bot.store.protocols import LinkStore
from conversations.types import Outgoing, PushResult

log = logging.getLogger("adapters.telegram.delivery")

KEYBOARDS_REMEMBERED = 10_000
"""Chats whose last keyboard message is remembered (least recently used ones are forgotten)."""


class Delivery:
    """Renders ``Outgoing`` replies and sends them through the bot (and so the limiter)."""

    def __init__(self, bot: Bot, store: LinkStore, clock: Clock) -> None:
        self.bot = bot
        self.store = store
        self.clock = clock
        self._keyboards: OrderedDict[str, int] = OrderedDict()
        """Per chat, the last message the bot sent or edited with buttons (in memory)."""

    async def send(
        self,
        chat_id: str,
        replies: Sequence[Outgoing],
        *,
        pressed_message_id: int | None = None,
        typed: bool = False,
    ) -> PushResult:
        """Send every reply in order; stop at the first failure and say how it went.

        ``typed``: the member wrote text (or a command) instead of tapping a button.
        """
        edit_id = pressed_message_id
        answered = None
        if typed and any(outgoing.buttons for outgoing in replies):
            answered = self._keyboards.get(chat_id)
        try:
            for outgoing in replies:
                for index, message in enumerate(render(outgoing)):
                    if index == 0 and outgoing.replace and edit_id is not None:
                        edited = await self._edit(chat_id, edit_id, message)
                        if edited:
                            self._note(chat_id, edit_id, message)
                        edit_id = None
                        if edited:
                            continue
                    sent = await self.bot.send_message(
                        chat_id=chat_id, text=message.text, reply_markup=message.keyboard
                    )
                    self._note(chat_id, sent.message_id, message)
            if edit_id is not None and replies:
                await self._clear_keyboard(chat_id, edit_id)  # nothing replaced the pressed one
            elif answered is not None:
                await self._clear_keyboard(chat_id, answered)
        except Forbidden:
            log.info("telegram chat blocked the bot; marked unreachable")
            await self.store.set_unreachable(PLATFORM, chat_id, True, now=self.clock.now())
            return PushResult.UNREACHABLE
        except BadRequest as exc:  # a NetworkError subclass in PTB, but a clear "no"
            log.warning("telegram refused a reply: %s", exc.message)
            return PushResult.FAILED
        except NetworkError as exc:
            if surely_not_sent(exc):
                log.warning("telegram not reachable; reply not sent: %s", type(exc).__name__)
                return PushResult.FAILED
            # Telegram may have the message: sending again could show it twice.
            log.warning("telegram outcome unknown (%s); not sent again", type(exc).__name__)
            return PushResult.UNKNOWN
        except TelegramError as exc:
            log.warning("telegram refused a reply: %s", exc.message)
            return PushResult.FAILED
        return PushResult.SENT

    def _note(self, chat_id: str, message_id: int, message: TelegramMessage) -> None:
        """Remember the chat's newest keyboard; forget one whose buttons were just removed."""
        if message.keyboard is not None:
            self._keyboards[chat_id] = message_id
            self._keyboards.move_to_end(chat_id)
            while len(self._keyboards) > KEYBOARDS_REMEMBERED:
                self._keyboards.popitem(last=False)
        elif self._keyboards.get(chat_id) == message_id:
            del self._keyboards[chat_id]

    async def _clear_keyboard(self, chat_id: str, message_id: int) -> None:
        """Remove a message's buttons, leaving its text as it is; never fails the turn."""
        if self._keyboards.get(chat_id) == message_id:
            del self._keyboards[chat_id]
        try:
            await self.bot.edit_message_reply_markup(chat_id=chat_id, message_id=message_id)
        except TelegramError as exc:
            log.debug("could not remove old buttons: %s", type(exc).__name__)

    async def _edit(self, chat_id: str, message_id: int, message: TelegramMessage) -> bool:
        """Replace the pressed message; False when Telegram will not edit it."""
        try:
            await self.bot.edit_message_text(
                chat_id=chat_id,
                message_id=message_id,
                text=message.text,
                reply_markup=message.keyboard,
            )
        except BadRequest as exc:
            log.debug("edit refused (%s); sending a new message", exc.message)
            return False
        return True
