"""Strict reading of path ids, query parameters and JSON bodies; 400 names the field."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import Any

from starlette.requests import Request

from bot.sandbox._errors import VendorError, invalid, missing

_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1
_ID = re.compile(r"-?[0-9]{1,19}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# RFC 3339 date-time, plus the Java zone id the vendor appends (`...+01:00[Europe/Berlin]`)
_DATE_TIME = re.compile(
    r"(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})[Tt](?P<time>[0-9]{2}:[0-9]{2}):(?P<second>[0-9]{2})"
    r"(?P<fraction>\.[0-9]+)?(?P<offset>[Zz]|[+-][0-9]{2}:[0-9]{2})(?:\[[^\]]+\])?"
)


async def json_object(request: Request) -> dict[str, Any]:
    """The body as a JSON object, else 400 MALFORMED_REQUEST_BODY."""
    raw = await request.body()
    try:
        value = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise VendorError(400, "MALFORMED_REQUEST_BODY") from exc
    if not isinstance(value, dict):
        raise VendorError(400, "MALFORMED_REQUEST_BODY")
    return value


def path_id(request: Request, name: str) -> int:
    """An int64 path parameter such as `contractId`.

    A negative one is a valid int64 that names nothing: the lookup answers 404, as the vendor
    does for any id nobody has; only what is no int64 at all is a 400.
    """
    raw = str(request.path_params[name])
    if not _ID.fullmatch(raw) or not _INT64_MIN <= int(raw) <= _INT64_MAX:
        raise invalid(name)
    return int(raw)


def int_field(body: dict[str, Any], name: str) -> int:
    """A required int64 field (JSON booleans, strings and fractions are refused).

    `201.0` is accepted as 201: JSON Schema, in which the vendor describes its bodies, counts a
    number with a zero fraction as an integer.
    """
    if body.get(name) is None:
        raise missing(name)
    value = body[name]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise invalid(name)
    if not _INT64_MIN <= value <= _INT64_MAX:
        raise invalid(name)
    return value


def bool_field(body: dict[str, Any], name: str) -> bool:
    if body.get(name) is None:
        raise missing(name)
    value = body[name]
    if not isinstance(value, bool):
        raise invalid(name)
    return value


def parse_date(value: object, name: str) -> date:
    """A `YYYY-MM-DD` date (the vendor's `format: date`)."""
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise invalid(name)
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise invalid(name) from exc


def parse_date_time(value: object, name: str) -> datetime:
    """An RFC 3339 date-time (the vendor's `format: date-time`), zone id suffix allowed."""
    match = _DATE_TIME.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise invalid(name)
    second = min(int(match["second"]), 59)  # a leap second is valid RFC 3339
    offset = "+00:00" if match["offset"] in "Zz" else match["offset"]
    try:
        return datetime.fromisoformat(f"{match['date']}T{match['time']}:{second:02d}{offset}")
    except ValueError as exc:
        raise invalid(name) from exc


def date_field(body: dict[str, Any], name: str) -> date:
    if body.get(name) is None:
        raise missing(name)
    return parse_date(body[name], name)


def optional_str(
    body: dict[str, Any], name: str, choices: tuple[str, ...] | None = None
) -> str | None:
    """An optional string field: None when absent, 400 for `null` (the vendor has no nullable)."""
    if name not in body:
        return None
    value = body[name]
    if not isinstance(value, str) or (choices is not None and value not in choices):
        raise invalid(name)
    return value


def required_str(body: dict[str, Any], name: str, choices: tuple[str, ...] | None = None) -> str:
    if body.get(name) is None:
        raise missing(name)
    value = optional_str(body, name, choices)
    assert value is not None
    return value


def optional_date(body: dict[str, Any], name: str) -> date | None:
    """An optional `YYYY-MM-DD` field: None when absent; `null` or `""` are no dates."""
    return parse_date(body[name], name) if name in body else None


def query_choice(request: Request, name: str, choices: tuple[str, ...]) -> str | None:
    """An optional enum query parameter (None when absent)."""
    value = request.query_params.get(name)
    if value is None:
        return None
    if value not in choices:
        raise invalid(name)
    return value


def optional_date_time(body: dict[str, Any], name: str) -> datetime | None:
    """An optional date-time field: None when absent; `null` or `""` are no date-times."""
    return parse_date_time(body[name], name) if name in body else None
