"""Why a staff request cannot be carried out, worded from the catalogue in the studio's language.

StaffError                 (``words(language)``; ``str()`` is the English wording for logs)
 ├── UnknownStudio         the studio named is not configured, or none was named
 ├── CustomerNotFound      no such customer number or id in the studio
 ├── ModuleNotFound        no single module by that id or name in the catalogue
 ├── CampaignNotFound      no such campaign in the studio
 └── CampaignRefused       the campaign cannot be scheduled as asked (time, text, language)
"""

from __future__ import annotations

from typing import Any

from conversations.texts import text


class StaffError(Exception):
    """A staff request that cannot be carried out; ``words`` says why, for staff."""

    def __init__(self, key: str, **values: Any) -> None:
        self.key = key
        self.values = values
        super().__init__(self.words("en"))

    def words(self, language: str) -> str:
        return text(self.key, language, **self.values)


class UnknownStudio(StaffError):
    """The studio named is not configured (or several are and none was named)."""


class CustomerNotFound(StaffError):
    """No customer with that number or id in the studio."""


class ModuleNotFound(StaffError):
    """No module with that id or name in the studio's catalogue."""


class CampaignNotFound(StaffError):
    """No campaign with that number in the studio."""


class CampaignRefused(StaffError):
    """The campaign cannot be scheduled as asked (time in the past, text too long...)."""
