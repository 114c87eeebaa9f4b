"""Telegram update -> engine ``Incoming``: commands, deep links, buttons and free text.

Only private chats are served: a contract is linked to one person's chat, and in a group
everyone could press that person's buttons. Anything else maps to None and is ignored.
PTB does not check the types in an update's JSON, so every field is read by the type
Telegram documents: a chat without an integer id is ignored, a ``text`` that is not a
string counts as no text.
"""

from __future__ import annotations

from functools import partial

from telegram import MaybeInaccessibleMessage, Message, Update
from telegram.constants import ChatMemberStatus, ChatType, MessageEntityType

from conversations.types import Command, Incoming

PLATFORM = "telegram"
_COMMANDS = {command.value: command for command in Command}


def to_incoming(update: Update) -> Incoming | None:
    """The member's event, or None for updates the bot does not act on."""
    query = update.callback_query
    if query is not None:
        message = query.message
        if message is None or query.from_user is None or not _private(message):
            return None
        return Incoming(
            platform=PLATFORM,
            chat_id=str(message.chat.id),
            user_id=str(query.from_user.id),
            language_hint=_text(query.from_user.language_code),
            button=_text(query.data) or "",
            delivery=str(update.update_id),
        )
    message = update.message
    if message is None or not _private(message) or message.from_user is None:
        return None
    event = partial(
        Incoming,
        platform=PLATFORM,
        chat_id=str(message.chat.id),
        user_id=str(message.from_user.id),
        language_hint=_text(message.from_user.language_code),
        delivery=str(update.update_id),
    )
    command = _command(message)
    if command is not None:
        name, argument = command
        return event(command=name, argument=argument)
    # Stickers, photos, voice...: an empty text, so the member gets help instead of silence.
    return event(text=_text(message.text) or "")


def _private(message: MaybeInaccessibleMessage) -> bool:
    return type(message.chat.id) is int and message.chat.type == ChatType.PRIVATE


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _command(message: Message) -> tuple[Command, str | None] | None:
    """A known ``/command`` at the start of the text (``/start@bot CODE`` included)."""
    text = _text(message.text) or ""
    for entity in message.entities:
        if type(entity.length) is not int:
            return None
        if entity.type == MessageEntityType.BOT_COMMAND and entity.offset == 0:
            word = text[1 : entity.length].split("@", 1)[0].lower()
            command = _COMMANDS.get(word)
            if command is None:
                return None
            argument = text[entity.length :].strip()
            return command, argument or None
    return None


def reachability(update: Update) -> tuple[str, bool] | None:
    """(chat_id, reachable) when a member blocked or unblocked the bot in a private chat."""
    change = update.my_chat_member
    if change is None or change.chat.type != ChatType.PRIVATE:
        return None
    status = change.new_chat_member.status
    if status in (ChatMemberStatus.BANNED, ChatMemberStatus.LEFT):
        return str(change.chat.id), False
    if status == ChatMemberStatus.MEMBER:
        return str(change.chat.id), True
    return None
