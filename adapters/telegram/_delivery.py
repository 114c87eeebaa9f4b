"""Sending a turn's replies to one chat, within the limits, with the outcome as a ``PushResult``.

The first reply to a pressed button edits that message (its old buttons disappear); if the
edit is refused (too old, not modified, deleted) the reply goes out as a new message. A 403
means the member blocked the bot: the chat is marked unreachable and nothing more is tried.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, TelegramError

from adapters.telegram._limiter import surely_not_sent
from adapters.telegram._mapping import PLATFORM
from adapters.telegram._render import TelegramMessage, render
from bot.clock import Clock
from bot.runtime import PushResult
from bot.store import Store
from conversations.types import Outgoing

log = logging.getLogger("adapters.telegram.delivery")


class Delivery:
    """Renders ``Outgoing`` replies and sends them through the bot (and so the limiter)."""

    def __init__(self, bot: Bot, store: Store, clock: Clock) -> None:
        self.bot = bot
        self.store = store
        self.clock = clock

    async def send(
        self, chat_id: str, replies: Sequence[Outgoing], *, pressed_message_id: int | None = None
    ) -> PushResult:
        """Send every reply in order; stop at the first failure and say how it went."""
        edit_id = pressed_message_id
        try:
            for outgoing in replies:
                for index, message in enumerate(render(outgoing)):
                    if index == 0 and outgoing.replace and edit_id is not None:
                        edited = await self._edit(chat_id, edit_id, message)
                        edit_id = None
                        if edited:
                            continue
                    await self.bot.send_message(
                        chat_id=chat_id, text=message.text, reply_markup=message.keyboard
                    )
        except Forbidden:
            log.info("telegram chat blocked the bot; marked unreachable")
            self.store.set_unreachable(PLATFORM, chat_id, True, now=self.clock.now())
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
