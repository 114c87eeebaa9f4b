"""How Python values become SQLite text and back: UTC times, JSON documents, decimal money.

Times are stored as fixed-width ISO-8601 UTC text (``2026-11-26T10:00:00.000000Z``), so that
SQL can compare them as strings and every process writes the same shape.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any


def time_text(moment: datetime) -> str:
    """An aware datetime as sortable UTC text; naive datetimes are refused, never guessed."""
    if not isinstance(moment, datetime):
        raise TypeError(f"expected a datetime, got {type(moment).__name__}")
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"datetime {moment.isoformat()} has no time zone; pass an aware UTC time")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def optional_time_text(moment: datetime | None) -> str | None:
    return None if moment is None else time_text(moment)


def parse_time(text: str) -> datetime:
    """Stored UTC text back to an aware datetime."""
    return datetime.fromisoformat(text).astimezone(UTC)


def optional_time(text: str | None) -> datetime | None:
    return None if text is None else parse_time(text)


def positive_duration(value: timedelta, name: str) -> timedelta:
    if not isinstance(value, timedelta) or value <= timedelta(0):
        raise ValueError(f"{name} must be a positive timedelta, got {value!r}")
    return value


def json_text(value: Any) -> str:
    """A JSON document; values JSON cannot carry (datetime, Decimal, NaN) raise before writing."""
    try:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"value cannot be stored as JSON: {exc}") from exc


def optional_json_text(value: Any) -> str | None:
    return None if value is None else json_text(value)


def parse_json(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def money_text(amount: Decimal | int | str | None) -> str | None:
    """A decimal amount as plain text (``9.90``); floats are refused because they round."""
    if amount is None:
        return None
    if isinstance(amount, float | bool):
        raise TypeError("money amounts must be Decimal, int or str, not float")
    try:
        value = Decimal(str(amount))
    except InvalidOperation as exc:
        raise ValueError(f"not a decimal amount: {amount!r}") from exc
    if not value.is_finite():
        raise ValueError(f"not a finite amount: {amount!r}")
    return format(value, "f")


def as_bool(value: int | None) -> bool:
    return bool(value)
