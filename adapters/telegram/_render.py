"""Engine ``Outgoing`` -> Telegram messages: plain text within 4096, inline keyboards.

Plain text only (no parse mode), so a module name or a member's input can never break
Markdown. Telegram measures lengths in UTF-16 code units, so an emoji counts twice here.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import InlineKeyboardButtonLimit, MessageLimit

from conversations.types import Outgoing

log = logging.getLogger("adapters.telegram.render")

MAX_TEXT = MessageLimit.MAX_TEXT_LENGTH  # 4096
MAX_CALLBACK_DATA = InlineKeyboardButtonLimit.MAX_CALLBACK_DATA  # 64 bytes


@dataclass(frozen=True, slots=True)
class TelegramMessage:
    """One Bot API message: its text and, on the last part only, its keyboard."""

    text: str
    keyboard: InlineKeyboardMarkup | None = None


def render(outgoing: Outgoing) -> list[TelegramMessage]:
    """Split long text at line or word boundaries; buttons ride on the last part."""
    parts = split_text(outgoing.text)
    keyboard = _keyboard(outgoing)
    if not parts:
        if keyboard is None:
            return []
        parts = ["\u2026"]  # Telegram refuses an empty text; the buttons still need a message
    messages = [TelegramMessage(part) for part in parts[:-1]]
    messages.append(TelegramMessage(parts[-1], keyboard))
    return messages


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Parts of at most ``limit`` UTF-16 units, cut at the last newline, else space, else hard."""
    parts: list[str] = []
    rest = text.strip()
    while rest:
        if utf16_length(rest) <= limit:
            parts.append(rest)
            break
        head = _prefix(rest, limit)
        window = rest[: len(head) + 1]  # a boundary just after the head is fine too
        cut = window.rfind("\n")
        if cut < len(head) // 2:
            cut = max(cut, window.rfind(" "))
        if cut <= 0:
            cut = len(head)
        parts.append(rest[:cut].rstrip())
        rest = rest[cut:].strip()
    return [part for part in parts if part]


def _prefix(text: str, limit: int) -> str:
    """The longest prefix of ``text`` within ``limit`` UTF-16 units."""
    units = 0
    for index, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > limit:
            return text[:index]
    return text


def _keyboard(outgoing: Outgoing) -> InlineKeyboardMarkup | None:
    rows = []
    for row in outgoing.buttons:
        buttons = []
        for button in row:
            size = len(button.token.encode("utf-8"))
            if not 1 <= size <= MAX_CALLBACK_DATA:
                # Never send what Telegram refuses; the rest of the message still goes out.
                log.error(
                    "button %r dropped: its token is %d bytes (1..64 allowed)", button.label, size
                )
                continue
            buttons.append(InlineKeyboardButton(button.label, callback_data=button.token))
        if buttons:
            rows.append(buttons)
    return InlineKeyboardMarkup(rows) if rows else None
