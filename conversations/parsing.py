"""Reading what members type: customer numbers and dates of birth in the usual spellings."""

from __future__ import annotations

import re
from datetime import date

_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9\-/._]{0,39}$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[./\-](\d{1,2})[./\-](\d{4})$")
_DAY_FIRST_SHORT = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{2})$")


def customer_number(message: str) -> str | None:
    """The customer number as printed on the card (``1-1001``), or None if it cannot be one."""
    cleaned = message.strip().replace(" ", "")
    if cleaned.startswith("#"):
        cleaned = cleaned[1:]
    if not _NUMBER.match(cleaned) or not any(c.isdigit() for c in cleaned):
        return None
    return cleaned


def looks_like_customer_number(message: str) -> str | None:
    """A customer number typed where none was asked for: mostly digits (``1-1002``), so
    words like "sauna2" are not taken for one."""
    number = customer_number(message)
    if number is None:
        return None
    digits = sum(c.isdigit() for c in number)
    letters = sum(c.isalpha() for c in number)
    return number if digits >= 3 and letters <= 2 else None


def birth_date(message: str, *, today: date) -> date | None:
    """A date of birth typed as 12.04.1990, 12/04/1990, 12-04-1990, 1990-04-12 or 12.04.90."""
    cleaned = message.strip().replace(" ", "")
    year: int
    if match := _ISO.match(cleaned):
        year, month, day = (int(part) for part in match.groups())
    elif match := _DAY_FIRST.match(cleaned):
        day, month, year = (int(part) for part in match.groups())
    elif match := _DAY_FIRST_SHORT.match(cleaned):
        day, month, short = (int(part) for part in match.groups())
        year = 2000 + short if 2000 + short <= today.year else 1900 + short
    else:
        return None
    try:
        born = date(year, month, day)
    except ValueError:
        return None
    if born > today or born.year < today.year - 120:
        return None
    return born
