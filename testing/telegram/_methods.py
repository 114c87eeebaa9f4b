"""The Bot API methods the bot calls, answered like Telegram answers them."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import httpx

from ._shapes import ChatMessage, error, message_json, ok

if TYPE_CHECKING:
    from ._fake import FakeBotApi

Method = Callable[["FakeBotApi", dict[str, Any]], httpx.Response]

NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply "
    "markup are exactly the same as a current content and reply markup of the message"
)


def get_me(fake: FakeBotApi, params: dict[str, Any]) -> httpx.Response:
    return ok(
        fake.bot.json()
        | {
            "can_join_groups": False,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }
    )


def send_message(fake: FakeBotApi, params: dict[str, Any]) -> httpx.Response:
    chat_id = int(params["chat_id"])
    refused = fake.limits.check_text("sendMessage", params.get("text"))
    if refused is not None:
        return refused
    rows, refused = fake.limits.check_keyboard("sendMessage", params.get("reply_markup"))
    if refused is not None:
        return refused
    refused = fake.limits.check_rate("sendMessage", chat_id)
    if refused is not None:
        return refused
    message = ChatMessage(
        message_id=fake._next_message_id(chat_id),
        chat_id=chat_id,
        text=str(params["text"]),
        from_bot=True,
        buttons=rows,
    )
    fake._chats.setdefault(chat_id, []).append(message)
    return ok(message_json(message, fake.bot, fake._date()))


def edit_message_text(fake: FakeBotApi, params: dict[str, Any]) -> httpx.Response:
    chat_id = int(params["chat_id"])
    refused = fake.limits.check_text("editMessageText", params.get("text"))
    if refused is not None:
        return refused
    rows, refused = fake.limits.check_keyboard("editMessageText", params.get("reply_markup"))
    if refused is not None:
        return refused
    message = _bot_message(fake, chat_id, int(params["message_id"]))
    if message is None:
        return error(400, "Bad Request: message to edit not found")
    if message.text == params["text"] and message.buttons == rows:
        return error(400, NOT_MODIFIED)
    refused = fake.limits.check_rate("editMessageText", chat_id)
    if refused is not None:
        return refused
    message.text, message.buttons = str(params["text"]), rows
    message.edits += 1
    return ok(message_json(message, fake.bot, fake._date()))


def edit_message_reply_markup(fake: FakeBotApi, params: dict[str, Any]) -> httpx.Response:
    chat_id = int(params["chat_id"])
    markup = params.get("reply_markup")
    rows, refused = fake.limits.check_keyboard("editMessageReplyMarkup", markup)
    if refused is not None:
        return refused
    message = _bot_message(fake, chat_id, int(params["message_id"]))
    if message is None:
        return error(400, "Bad Request: message to edit not found")
    if message.buttons == rows:
        return error(400, NOT_MODIFIED)
    refused = fake.limits.check_rate("editMessageReplyMarkup", chat_id)
    if refused is not None:
        return refused
    message.buttons = rows
    message.markup_edits += 1
    return ok(message_json(message, fake.bot, fake._date()))


def answer_callback_query(fake: FakeBotApi, params: dict[str, Any]) -> httpx.Response:
    query_id = str(params.get("callback_query_id"))
    if query_id not in fake._pending_queries:
        fake.violations.append(f"answerCallbackQuery: unknown or already answered {query_id}")
        return error(
            400,
            "Bad Request: query is too old and response timeout expired or query ID is invalid",
        )
    if len(str(params.get("text", ""))) > 200:
        fake.violations.append("answerCallbackQuery: text over 200 characters")
        return error(400, "Bad Request: MESSAGE_TOO_LONG")
    fake._pending_queries.discard(query_id)
    return ok(True)


def set_webhook(fake: FakeBotApi, params: dict[str, Any]) -> httpx.Response:
    fake.webhook = params
    return ok(True)


def delete_webhook(fake: FakeBotApi, params: dict[str, Any]) -> httpx.Response:
    fake.webhook = None
    return ok(True)


def set_my_commands(fake: FakeBotApi, params: dict[str, Any]) -> httpx.Response:
    commands = params.get("commands") or []
    for command in commands:
        name, description = command.get("command", ""), command.get("description", "")
        if not (1 <= len(name) <= 32 and name.islower() and 1 <= len(description) <= 256):
            fake.violations.append(f"setMyCommands: {command} breaks Telegram's limits")
            return error(400, "Bad Request: BOT_COMMAND_INVALID")
    fake.commands[params.get("language_code", "")] = commands
    return ok(True)


async def get_updates(fake: FakeBotApi, params: dict[str, Any]) -> httpx.Response:
    offset = int(params.get("offset") or 0)
    fake._updates = [u for u in fake._updates if u["update_id"] >= offset]
    if not fake._updates:
        await asyncio.sleep(0.02)  # a short long-poll, so polling tests stay fast
    return ok(list(fake._updates))


def _bot_message(fake: FakeBotApi, chat_id: int, message_id: int) -> ChatMessage | None:
    return next((m for m in fake.bot_messages(chat_id) if m.message_id == message_id), None)


METHODS: dict[str, Method] = {
    "getMe": get_me,
    "sendMessage": send_message,
    "editMessageText": edit_message_text,
    "editMessageReplyMarkup": edit_message_reply_markup,
    "answerCallbackQuery": answer_callback_query,
    "setWebhook": set_webhook,
    "deleteWebhook": delete_webhook,
    "setMyCommands": set_my_commands,
}
"""Every method but ``getUpdates`` (a long poll, so async)."""
