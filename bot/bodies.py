"""Request bodies from outside: read with a size cap, parse JSON with a nesting cap.

Every HTTP entry point (Telegram webhook, Slack events, PerfectGym webhooks) reads its body
through ``read_capped`` and parses it with ``loads_object``, after authenticating the caller.
``json.loads`` recurses once per nesting level, so ``[[[[...`` 100 000 deep ends in a
``RecursionError`` (a 500 and a traceback), and whatever walks the result later recurses
too. The depth is therefore counted on the text first, without recursion.

```
BodyRefused          the caller gets a 4xx with ``status`` and one line; nothing was done
├── BodyTooLarge     413: over the cap, declared in content-length or found while reading
└── MalformedBody    400: not UTF-8, not JSON, nested too deeply, or not the expected shape
```
"""

from __future__ import annotations

import json
import re
from typing import Any

from starlette.requests import Request

MAX_DEPTH = 64
"""Nesting the entry points accept; real Telegram, Slack and PerfectGym bodies stay under 20."""

_STRING_OR_BRACKET = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')
"""A JSON string (skipped whole, so brackets inside it do not count) or one bracket."""
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


class BodyRefused(Exception):
    """The body is refused before anything acts on it; the message never echoes it."""

    status = 400


class BodyTooLarge(BodyRefused):
    """The body is larger than the entry point's cap."""

    status = 413


class MalformedBody(BodyRefused):
    """The body is not the JSON the entry point takes; the message says why in a few words."""

    status = 400


async def read_capped(request: Request, limit: int) -> bytes:
    """The whole body, refused as soon as it passes ``limit`` (declared or while streaming)."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge(f"body larger than {limit} bytes")
    chunks = bytearray()
    async for chunk in request.stream():
        chunks.extend(chunk)
        if len(chunks) > limit:
            raise BodyTooLarge(f"body larger than {limit} bytes")
    return bytes(chunks)


def loads_object(
    raw: bytes | str,
    *,
    max_bytes: int,
    max_depth: int = MAX_DEPTH,
    allow_lone_surrogates: bool = False,
) -> dict[str, Any]:
    """A JSON object from UTF-8 text, checked for size and depth before it is parsed.

    JSON may escape half a surrogate pair (``"\\ud800"``); such a string cannot be stored
    or sent on, so it is refused unless the caller checks its strings itself.
    """
    if len(raw) > max_bytes:
        raise BodyTooLarge(f"body larger than {max_bytes} bytes")
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError:
        raise MalformedBody("the body is not UTF-8 text") from None
    check_depth(text, max_depth)
    try:
        document = json.loads(text)
    except json.JSONDecodeError:
        raise MalformedBody("the body is not JSON") from None
    if not isinstance(document, dict):
        raise MalformedBody("the body is not a JSON object")
    if not allow_lone_surrogates and _SURROGATE_ESCAPE.search(text) and not _unicode(document):
        raise MalformedBody("the body holds a lone surrogate (\\ud800-\\udfff)")
    return document


def check_depth(text: str, max_depth: int = MAX_DEPTH) -> None:
    """Refuse JSON text nested deeper than ``max_depth``, without parsing it.

    Strings are skipped the way JSON reads them, so up to the first syntax error (where
    ``json.loads`` stops anyway) the count is the depth the parser would reach.
    """
    depth = 0
    for match in _STRING_OR_BRACKET.finditer(text):
        token = match.group()
        if token in ("[", "{"):
            depth += 1
            if depth > max_depth:
                raise MalformedBody(f"the body is nested deeper than {max_depth} levels")
        elif token in ("]", "}"):
            depth -= 1


def _unicode(document: Any) -> bool:
    """Whether every string in the document is valid Unicode (no lone surrogate)."""
    try:
        json.dumps(document, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
