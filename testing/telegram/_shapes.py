"""What the fake Bot API stores and how it answers: chat messages, recorded calls, JSON shapes."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

import httpx

EPOCH = 1_764_151_200  # message dates: seconds since this, on the fake's clock


@dataclass
class ChatMessage:
    """A message in a private chat, as the member sees it now (after any edits)."""

    message_id: int
    chat_id: int
    text: str
    from_bot: bool
    buttons: list[list[tuple[str, str]]] = field(default_factory=list)
    """Rows of (label, callback_data)."""
    edits: int = 0
    """Edits of the text (``editMessageText``)."""
    markup_edits: int = 0
    """Edits of the buttons alone (``editMessageReplyMarkup``)."""

    @property
    def labels(self) -> list[str]:
        return [label for row in self.buttons for label, _ in row]


@dataclass(frozen=True)
class ApiCall:
    """One Bot API call as the fake received it: method, parameters, time and answer status."""

    method: str
    params: dict[str, Any]
    at: float
    status: int


@dataclass(frozen=True)
class BotUser:
    """The bot's own account, as ``getMe`` and message senders show it."""

    id: int
    username: str

    def json(self) -> dict[str, Any]:
        return {"id": self.id, "is_bot": True, "first_name": "Upsell", "username": self.username}


def user_json(chat_id: int, language_code: str | None = "en") -> dict[str, Any]:
    """The member of a private chat (the chat id is the user id)."""
    user: dict[str, Any] = {"id": chat_id, "is_bot": False, "first_name": f"Member{chat_id}"}
    if language_code is not None:
        user["language_code"] = language_code
    return user


def chat_json(chat_id: int) -> dict[str, Any]:
    return {"id": chat_id, "type": "private", "first_name": f"Member{chat_id}"}


def message_json(message: ChatMessage, bot: BotUser, date: int) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "message_id": message.message_id,
        "date": date,
        "chat": chat_json(message.chat_id),
        "from": bot.json() if message.from_bot else user_json(message.chat_id),
        "text": message.text,
    }
    if message.buttons:
        payload["reply_markup"] = {
            "inline_keyboard": [
                [{"text": label, "callback_data": data} for label, data in row]
                for row in message.buttons
            ]
        }
    if message.edits:
        payload["edit_date"] = date
    return payload


def ok(result: Any) -> httpx.Response:
    return httpx.Response(200, json={"ok": True, "result": result})


def error(status: int, description: str, retry_after: int | None = None) -> httpx.Response:
    body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
    if retry_after is not None:
        body["parameters"] = {"retry_after": retry_after}
    return httpx.Response(status, json=body)


def params_of(request: httpx.Request) -> dict[str, Any]:
    """The form parameters PTB sends, JSON fields decoded."""
    params: dict[str, Any] = {}
    for key, value in parse_qsl(request.content.decode(), keep_blank_values=True):
        if key in ("reply_markup", "allowed_updates", "commands"):
            value = json.loads(value)
        params[key] = value
    return params


def int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
