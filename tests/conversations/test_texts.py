"""The message catalogue and locale formatting."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from conversations import formatting, texts


@pytest.mark.parametrize("key", texts.keys())
def test_every_text_exists_in_every_language_with_the_same_placeholders(key: str) -> None:
    english = texts.placeholders(key, "en")
    for language in texts.LANGUAGES:
        assert texts.placeholders(key, language) == english


def test_every_key_the_code_uses_exists() -> None:
    literal = re.compile(r'(?:\.t|\btext|_refuse\(turn,)\(?\s*"([a-z_]+)"')
    used = {
        key
        for path in Path(texts.__file__).parent.parent.rglob("*.py")
        for key in literal.findall(path.read_text(encoding="utf-8"))
    }
    assert len(used) > 100
    assert sorted(key for key in used if not texts.has_text(key)) == []


@pytest.mark.parametrize(("language", "expected"), [("de", "9,90\u00a0€"), ("en", "€9.90")])
def test_money_follows_the_locale(language: str, expected: str) -> None:
    assert formatting.money(Decimal("9.9"), "EUR", language) == expected


@pytest.mark.parametrize(("language", "expected"), [("de", "27.11.2026"), ("en", "27 Nov 2026")])
def test_dates_follow_the_locale(language: str, expected: str) -> None:
    assert formatting.day(date(2026, 11, 27), language) == expected


@pytest.mark.parametrize(
    ("hint", "expected"),
    [("de", "de"), ("de-CH", "de"), ("en-US", "en"), ("pt-BR", "en"), (None, "de")],
)
def test_language_from_the_platform_hint(hint: str | None, expected: str) -> None:
    assert texts.language_from_hint(hint, "de") == expected
