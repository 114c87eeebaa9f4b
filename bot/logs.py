"""Logging set-up: plain text or one JSON object per line, with the context of the work at hand.

The context (correlation id, platform, studio, hashed chat id, delivery) lives in a
``contextvars`` variable: the turn stack binds it per member turn, the webhook receiver and
inbox worker per delivery, the Slack desk per request; tasks started meanwhile inherit it.
Every record a handler formats carries it, whichever library logged (PTB, Bolt, httpx and
uvicorn all log through the standard library, which is why this is a stdlib formatter and
not structlog: one handler sees everything, with no second logging pipeline to bridge).

Chat ids appear only as a keyed hash (``chat_hash``). Known secrets (API keys, tokens,
signing secrets) are masked in every formatted record by ``Masking``; member input (dates of birth,
link codes, button tokens) is never put into a log message in the first place.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import sys
import uuid
from collections.abc import Iterable, Iterator, Mapping
from contextvars import ContextVar
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any, Literal

LogFormat = Literal["text", "json"]
LOG_FORMATS: tuple[LogFormat, ...] = ("text", "json")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
MASK = "***"
_DEFAULT_HASH_KEY = b"upsell-bot chat ids"

_EMPTY: Mapping[str, str] = MappingProxyType({})
_context: ContextVar[Mapping[str, str]] = ContextVar("upsell_log_context", default=_EMPTY)
_hash_key = [_DEFAULT_HASH_KEY]


def new_correlation_id() -> str:
    return uuid.uuid4().hex[:16]


def current() -> Mapping[str, str]:
    """The context records get right now."""
    return _context.get()


@contextlib.contextmanager
def bind(**fields: str | None) -> Iterator[Mapping[str, str]]:
    """Add ``fields`` to the context for the ``with`` block (None values are left out)."""
    merged = {**_context.get(), **{k: v for k, v in fields.items() if v is not None}}
    token = _context.set(merged)
    try:
        yield merged
    finally:
        _context.reset(token)


def annotate(**fields: str | None) -> None:
    """Add ``fields`` to the current context until the enclosing ``bind`` ends."""
    _context.set({**_context.get(), **{k: v for k, v in fields.items() if v is not None}})


def chat_hash(platform: str, chat_id: str) -> str:
    """A short keyed hash of a chat: the same chat gives the same value, the id stays unknown."""
    digest = hashlib.blake2b(
        f"{platform}:{chat_id}".encode(), key=_hash_key[0], digest_size=6
    ).hexdigest()
    return digest


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time, level, logger, message, the context, the traceback."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update(_context.get())
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class Masking(logging.Formatter):
    """Wraps a formatter and masks every known secret in what it wrote, tracebacks included."""

    def __init__(self, inner: logging.Formatter, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self.inner = inner
        self.secrets = sorted({s for s in secrets if len(s) >= 4}, key=len, reverse=True)

    def format(self, record: logging.LogRecord) -> str:
        text = self.inner.format(record)
        for secret in self.secrets:
            text = text.replace(secret, MASK)
        return text


def set_hash_key(secret: bytes | None) -> None:
    """Key the chat hashes with the bot's secret (``UPSELL_SECRET_KEY``), so a chat id cannot be
    found again by hashing every possible one."""
    _hash_key[0] = hashlib.blake2b(secret, digest_size=32).digest() if secret else _DEFAULT_HASH_KEY


def make_handler(
    log_format: LogFormat = "text", *, secrets: Iterable[str] = (), stream: Any = None
) -> logging.Handler:
    """A stream handler (stderr by default) writing text or JSON lines, secrets masked."""
    handler = logging.StreamHandler(stream or sys.stderr)
    inner = JsonFormatter() if log_format == "json" else logging.Formatter(TEXT_FORMAT)
    handler.setFormatter(Masking(inner, secrets))
    return handler


def configure_logging(
    level: str,
    log_format: LogFormat = "text",
    *,
    secrets: Iterable[str] = (),
    hash_key: bytes | None = None,
) -> None:
    """The root logger's handler and level, like ``logging.basicConfig`` (which it uses: a
    process that configured logging already, a test runner say, keeps its own)."""
    set_hash_key(hash_key)
    logging.basicConfig(level=level, handlers=[make_handler(log_format, secrets=secrets)])


__all__ = [
    "LOG_FORMATS",
    "JsonFormatter",
    "LogFormat",
    "Masking",
    "annotate",
    "bind",
    "chat_hash",
    "configure_logging",
    "current",
    "make_handler",
    "new_correlation_id",
    "set_hash_key",
]
