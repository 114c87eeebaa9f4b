"""Strict reading of path ids, query parameters and JSON bodies; 400 names the field."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from starlette.requests import Request

from bot.sandbox._errors import VendorError, invalid, missing

_INT64_MAX = 2**63 - 1
_ID = re.compile(r"[0-9]{1,19}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


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
    """An int64 path parameter such as `contractId`."""
    raw = str(request.path_params[name])
    if not _ID.fullmatch(raw) or int(raw) > _INT64_MAX:
        raise invalid(name)
    return int(raw)


def int_field(body: dict[str, Any], name: str) -> int:
    """A required int64 field (JSON booleans and strings are refused)."""
    if body.get(name) is None:
        raise missing(name)
    value = body[name]
    if isinstance(value, bool) or not isinstance(value, int) or abs(value) > _INT64_MAX:
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


def date_field(body: dict[str, Any], name: str) -> date:
    if body.get(name) is None:
        raise missing(name)
    return parse_date(body[name], name)


def optional_str(
    body: dict[str, Any], name: str, choices: tuple[str, ...] | None = None
) -> str | None:
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, str) or (choices is not None and value not in choices):
        raise invalid(name)
    return value


def required_str(body: dict[str, Any], name: str, choices: tuple[str, ...] | None = None) -> str:
    value = optional_str(body, name, choices)
    if value is None:
        raise missing(name)
    return value


def query_choice(request: Request, name: str, choices: tuple[str, ...]) -> str | None:
    """An optional enum query parameter (None when absent)."""
    value = request.query_params.get(name)
    if value is None:
        return None
    if value not in choices:
        raise invalid(name)
    return value
