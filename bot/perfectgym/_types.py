"""Field types shaped once: where the vendor's own examples bend its schema, parse leniently."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BeforeValidator, PlainSerializer

_ZONE_SUFFIX = re.compile(r"^(?P<stamp>[^\[]+)\[(?P<zone>[^\]]+)\]$")


def parse_vendor_datetime(value: Any) -> Any:
    """Parse a Java ``ZonedDateTime`` like ``2022-06-15T23:59:59.999+02:00[Europe/Berlin]``.

    The bracketed zone id is not RFC 3339, so pydantic alone rejects it. The offset fixes the
    instant; a known zone id is attached so callers learn the studio's time zone. A string with
    no offset and no zone (studio closing hours) stays naive: it is studio-local wall time.
    """
    if not isinstance(value, str):
        return value
    match = _ZONE_SUFFIX.match(value.strip())
    if match is None:
        return value
    stamp = datetime.fromisoformat(match["stamp"])
    try:
        zone = ZoneInfo(match["zone"])
    except (ZoneInfoNotFoundError, ValueError):
        return stamp
    if stamp.tzinfo is None:
        return stamp.replace(tzinfo=zone)
    return stamp.astimezone(zone)


def _number_to_str(value: Any) -> Any:
    """The vendor example sends ``houseNumber: 89`` where the schema says string."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return str(value)
    return value


def _none_to_empty(value: Any) -> Any:
    return [] if value is None else value


DateTime = Annotated[datetime, BeforeValidator(parse_vendor_datetime)]
"""A date-time as the vendor sends it: offset, ``Z``, ``[Zone/Id]`` suffix, or studio-local."""

Amount = Annotated[
    Decimal,
    PlainSerializer(lambda amount: float(amount), return_type=float, when_used="json"),
]
"""Money is exact in Python and a plain JSON number on the wire."""

LenientStr = Annotated[str, BeforeValidator(_number_to_str)]
"""A string field the vendor sometimes fills with a number."""

EmptyIfNull = BeforeValidator(_none_to_empty)
"""Optional arrays default to ``[]``; an explicit ``null`` means the same."""
