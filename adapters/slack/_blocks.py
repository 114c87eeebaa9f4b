"""Block Kit building blocks, kept within Slack's limits (text lengths, 10 fields, 50 blocks)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from conversations.texts import text

Block = dict[str, Any]

LOOKUP_ACTION = "upsell_lookup_customer"
MAX_BLOCKS = 50


@dataclass(frozen=True)
class Upload:
    """A file to post in the channel after the answer (a chart, a CSV); ``render`` is the slow
    part, run after the acknowledgement in a worker thread (None: nothing to post)."""

    filename: str
    title: str
    render: Callable[[], bytes | None]
    comment: str = ""
    """Posted with the file (``initial_comment``): the numbers beside a chart."""
    alt_text: str = ""


@dataclass(frozen=True)
class Answer:
    """A Slack message: ``text`` is the fallback for notifications and screen readers."""

    text: str
    blocks: list[Block] = field(default_factory=list)
    uploads: tuple[Upload, ...] = ()
    """Files that follow the answer in the channel (only where the app may post files)."""

    def __post_init__(self) -> None:
        if len(self.blocks) > MAX_BLOCKS:
            del self.blocks[MAX_BLOCKS - 1 :]
            self.blocks.append(context("…"))  # Slack shows at most 50 blocks


def esc(text: object) -> str:
    """Data put into mrkdwn: ``&``, ``<`` and ``>`` would otherwise be read as markup."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def header(text: str) -> Block:
    plain = {"type": "plain_text", "text": clip(text, 150), "emoji": True}
    return {"type": "header", "text": plain}


def section(markdown: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": clip(markdown, 3000)}}


def fields(pairs: list[tuple[str, str]]) -> Block:
    return {
        "type": "section",
        "fields": [
            {"type": "mrkdwn", "text": clip(f"*{label}*\n{value}", 2000)}
            for label, value in pairs[:10]
        ],
    }


def context(*markdown: str) -> Block:
    return {
        "type": "context",
        "elements": [{"type": "mrkdwn", "text": clip(m, 3000)} for m in markdown[:10] if m],
    }


def divider() -> Block:
    return {"type": "divider"}


def lookup_button(studio: str, customer_id: int, language: str) -> Block:
    """The "Look up customer" action: the click answers with the overview, only to the clicker."""
    value = json.dumps({"studio": studio, "customer_id": customer_id})
    return {
        "type": "actions",
        "elements": [
            {
                "type": "button",
                "action_id": LOOKUP_ACTION,
                "text": {"type": "plain_text", "text": text("staff_btn_lookup", language)},
                "value": value,
            }
        ],
    }


def lookup_target(value: str) -> tuple[str, int] | None:
    """The studio and customer id a "Look up customer" button carries, if well-formed."""
    try:
        data = json.loads(value)
        studio, customer_id = data["studio"], data["customer_id"]
    except (ValueError, TypeError, KeyError):
        return None
    if not isinstance(studio, str) or not isinstance(customer_id, int):
        return None
    return studio, customer_id
