"""What reaches Bolt: a signed Slack request of bounded size, depth and envelope shape.

Bolt alone reads bodies of any size, parses them before it checks the signature (so a
malformed unsigned body is a 500), logs the whole body of a badly signed request, and
indexes into the envelope as Slack shapes it (so ``"event": "x"`` is a 500). In front of it,
in this order: the signature headers (401), the body read up to ``MAX_BODY`` (413), the
signature and its 5-minute window with ``SignatureVerifier`` (401), then the body parsed
the way Bolt will parse it, with the depth cap, and its envelope checked (400).
Nothing refused here reaches Bolt or the log.
"""

from __future__ import annotations

import re
from types import NoneType
from typing import Any
from urllib.parse import parse_qsl

from slack_sdk.signature import SignatureVerifier
from starlette.requests import Request

from bot.bodies import BodyRefused, MalformedBody, loads_object, read_capped
from bot.config import ConfigError

MAX_BODY = 1024 * 1024
"""Slash commands, button payloads and events are a few kilobytes; Slack's largest are ~100."""

_TIMESTAMP = re.compile(r"[0-9]{1,12}")
_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")

_TEXT = (str, NoneType)
_ID = (str, dict, NoneType)  # "T0123", or {"id": "T0123", ...} in interactivity payloads
_OBJECT = (dict, NoneType)
_ENVELOPE: dict[str, tuple[type, ...]] = {
    "type": (str,),
    "command": (str,),
    "enterprise": _ID,
    "team": _ID,
    "user": _ID,
    "channel": _ID,
    "id": _TEXT,
    "enterprise_id": _TEXT,
    "team_id": _TEXT,
    "user_id": _TEXT,
    "channel_id": _TEXT,
    "user_team": _TEXT,
    "thread_ts": _TEXT,
    "response_url": _TEXT,
    "trigger_id": _TEXT,
    "event_id": _TEXT,
    "action_id": _TEXT,
    "block_id": _TEXT,
    "event": (dict,),
    "message": _OBJECT,
    "previous_message": _OBJECT,
    "item": _OBJECT,
    "assistant_thread": _OBJECT,
    "view": _OBJECT,
    "function_data": _OBJECT,
    "container": _OBJECT,
    "authorizations": (list,),
    "actions": (list,),
    "response_urls": (list,),
}
"""Envelope fields Bolt (and ``_requests``) read, by the types Slack sends them as."""
_NESTED = ("event", "message", "previous_message", "item", "assistant_thread", "view")
"""Objects Bolt reads with the same rules as the envelope (``extract_user_id`` and kin)."""
_LISTS = ("authorizations", "actions", "response_urls")
"""Lists of objects; Bolt reads their first item like an envelope."""


class Unsigned(BodyRefused):
    """No valid Slack signature, or a timestamp outside the 5-minute window."""

    status = 401


class SlackIntake:
    """Checks a ``/slack/events`` request before Bolt sees it; ``accept`` returns the body."""

    def __init__(self, signing_secret: str) -> None:
        if not signing_secret.strip():
            raise ConfigError("SLACK_SIGNING_SECRET is empty")
        self.verifier = SignatureVerifier(signing_secret)

    async def accept(self, request: Request) -> bytes:
        """The signed body; else ``Unsigned``, ``BodyTooLarge`` or ``MalformedBody``."""
        timestamp = request.headers.get("x-slack-request-timestamp", "")
        signature = request.headers.get("x-slack-signature", "")
        if not (_TIMESTAMP.fullmatch(timestamp) and _SIGNATURE.fullmatch(signature)):
            raise Unsigned("invalid request signature")
        body = await read_capped(request, MAX_BODY)
        try:
            text = body.decode("utf-8")  # Slack signs UTF-8 text; other bytes are not Slack's
        except UnicodeDecodeError:
            raise Unsigned("invalid request signature") from None
        if not self.verifier.is_valid(text, timestamp, signature):
            raise Unsigned("invalid request signature")
        content_type = request.headers.get("content-type", "").split(";")[0]
        check_envelope(parse_like_bolt(text, content_type))
        return body


def parse_like_bolt(text: str, content_type: str) -> dict[str, Any]:
    """The body as ``slack_bolt.request.internals.parse_body`` reads it, but bounded."""
    if not text:
        return {}
    if content_type == "application/json" or text.startswith("{"):
        return loads_object(text, max_bytes=MAX_BODY)
    form = dict(parse_qsl(text, keep_blank_values=True))
    if "payload" not in text:
        return form
    payload = form.get("payload")
    return {} if payload is None else loads_object(payload, max_bytes=MAX_BODY)


def check_envelope(body: dict[str, Any], where: str = "body") -> None:
    """Refuse an envelope Bolt would crash on: a known field of the wrong type."""
    for name, types in _ENVELOPE.items():
        if name in body and not isinstance(body[name], types):
            raise MalformedBody(f"{where}.{name} has the wrong type")
    for name in ("enterprise", "team", "user", "channel"):
        value = body.get(name)
        if isinstance(value, dict) and not isinstance(value.get("id"), _TEXT):
            raise MalformedBody(f"{where}.{name}.id has the wrong type")
    for name in _NESTED:
        if isinstance(body.get(name), dict):
            check_envelope(body[name], f"{where}.{name}")
    for name in _LISTS:
        for item in body.get(name, ()):
            if not isinstance(item, dict):
                raise MalformedBody(f"{where}.{name} holds something other than objects")
            check_envelope(item, f"{where}.{name}[]")
    if isinstance(body.get("event"), dict) and not isinstance(body["event"].get("type"), str):
        raise MalformedBody(f"{where}.event.type is missing")
    if body.get("type") in ("block_actions", "interactive_message"):
        if not body.get("actions"):  # Bolt reads actions[0]
            raise MalformedBody(f"{where}.actions is missing")
        if body["type"] == "block_actions":
            if not all(isinstance(action.get("action_id"), str) for action in body["actions"]):
                raise MalformedBody(f"{where}.actions[].action_id is missing")
