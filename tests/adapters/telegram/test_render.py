"""Engine ``Outgoing`` -> Telegram messages within Telegram's limits."""

from __future__ import annotations

import pytest

from adapters.telegram import render, split_text, utf16_length
from conversations import Button, Outgoing


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("short", ["short"]),
        ("  pad \n", ["pad"]),
        ("", []),
        ("aaaa bbbb cccc", ["aaaa", "bbbb", "cccc"]),
        ("aaaa\nbb cc\ndd", ["aaaa", "bb cc", "dd"]),
        ("abcdefghij", ["abcde", "fghij"]),
        ("😀😀😀", ["😀😀", "😀"]),
    ],
)
def test_split_at_line_then_word_then_anywhere(text: str, parts: list[str]) -> None:
    assert split_text(text, limit=5) == parts


def test_a_5000_character_text_becomes_two_messages_within_4096() -> None:
    text = "\n".join(f"line {n:04d} " + "x" * 40 for n in range(100))
    assert len(text) > 5000
    parts = split_text(text)
    assert len(parts) == 2
    assert all(utf16_length(part) <= 4096 for part in parts)
    assert "\n".join(parts) == text


def test_emoji_count_twice_as_telegram_counts_them() -> None:
    parts = split_text("😀" * 3000)
    assert [utf16_length(p) for p in parts] == [4096, 1904]


def test_buttons_ride_on_the_last_part_only() -> None:
    outgoing = Outgoing("word " * 1000, ((Button("Book", "tok1"), Button("Stop", "tok2")),))
    messages = render(outgoing)
    assert len(messages) == 2
    assert messages[0].keyboard is None
    assert messages[1].keyboard is not None
    labels = [[b.text for b in row] for row in messages[1].keyboard.inline_keyboard]
    assert labels == [["Book", "Stop"]]


def test_a_button_whose_token_would_break_the_64_byte_limit_is_dropped(
    caplog: pytest.LogCaptureFixture,
) -> None:
    outgoing = Outgoing("Pick one", ((Button("Ok", "a" * 64), Button("Bad", "ä" * 33)),))
    (message,) = render(outgoing)
    assert message.keyboard is not None
    assert [b.callback_data for row in message.keyboard.inline_keyboard for b in row] == ["a" * 64]
    assert "66 bytes" in caplog.text


def test_an_empty_text_with_buttons_still_shows_the_buttons() -> None:
    (message,) = render(Outgoing("", ((Button("Menu", "tok"),),)))
    assert message.text and message.keyboard is not None
    assert render(Outgoing("   ")) == []
