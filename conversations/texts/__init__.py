"""Everything the bot says, in English and German: one catalogue, one module per topic.

Keys are stable names; values are ``str.format`` templates. Money, dates and price schedules
are formatted by ``conversations.formatting`` and ``conversations.pricing`` before they are
put in. A test checks that every key exists in every language with the same placeholders.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from string import Formatter
from types import MappingProxyType
from typing import Any

from conversations.texts import (
    _booking,
    _cancel,
    _general,
    _mine,
    _notices,
    _prices,
    _settings,
    _staff,
)

LANGUAGES = ("de", "en")


def _merge(*catalogues: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for catalogue in catalogues:
        twice = merged.keys() & catalogue.keys()
        if twice:
            raise RuntimeError(f"text keys defined twice: {sorted(twice)}")
        merged.update(catalogue)
    return merged


_TEXTS = _merge(
    _general.TEXTS,
    _booking.TEXTS,
    _prices.TEXTS,
    _mine.TEXTS,
    _cancel.TEXTS,
    _settings.TEXTS,
    _notices.TEXTS,
    _staff.TEXTS,
)


def text(key: str, language: str, /, **values: Any) -> str:
    """The text for ``key`` in ``language`` (English if the language is unknown)."""
    entry = _TEXTS[key]
    template = entry.get(language) or entry["en"]
    return template.format(**values) if values else template


@dataclass(frozen=True)
class Phrase:
    """A catalogue text not worded yet: its key and values, for a reader whose language is
    decided later (staff see a refusal in their studio's language, logs keep English)."""

    key: str
    values: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def words(self, language: str) -> str:
        return text(self.key, language, **self.values)

    def __str__(self) -> str:
        return self.words("en")


def has_text(key: str) -> bool:
    return key in _TEXTS


def placeholders(key: str, language: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(_TEXTS[key][language]) if name}


def keys() -> list[str]:
    return list(_TEXTS)


def language_from_hint(hint: str | None, default: str) -> str:
    """``de``, ``de-AT``, ``de_CH`` -> ``de``; other known languages as they are."""
    if hint:
        base = hint.replace("_", "-").split("-")[0].lower()
        if base in LANGUAGES:
            return base
        return "en"
    return default


__all__ = ["LANGUAGES", "Phrase", "has_text", "keys", "language_from_hint", "placeholders", "text"]
