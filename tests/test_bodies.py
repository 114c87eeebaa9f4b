"""The shared body limits: depth counted without recursion, strings skipped as JSON reads them."""

from __future__ import annotations

import pytest

from bot.bodies import BodyTooLarge, MalformedBody, check_depth, loads_object


@pytest.mark.parametrize(
    "text",
    [
        "[" * 64 + "]" * 64,
        '{"a": "' + "[" * 1000 + '"}',  # brackets inside a string do not count
        '{"a": "\\"[[[[", "b": "\\\\"}',  # escaped quotes and backslashes end right
    ],
)
def test_depth_within_the_cap_passes(text: str) -> None:
    check_depth(text, 64)


@pytest.mark.parametrize(
    "text",
    [
        "[" * 65,
        '{"a": ' * 65,
        '["\\\\", ' * 65,  # a string ending in an escaped backslash does not swallow the rest
        "[" * 1_000_000,
    ],
)
def test_depth_over_the_cap_is_refused(text: str) -> None:
    with pytest.raises(MalformedBody, match="nested deeper than 64 levels"):
        check_depth(text, 64)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"\xff", "not UTF-8"),
        (b"{", "not JSON"),
        (b"[]", "not a JSON object"),
        (b'{"a": "\\ud800"}', "lone surrogate"),
        (b'{"\\udc00": 1}', "lone surrogate"),
    ],
)
def test_loads_object_says_why_in_a_few_words(raw: bytes, reason: str) -> None:
    with pytest.raises(MalformedBody, match=reason):
        loads_object(raw, max_bytes=100)


def test_loads_object_keeps_pairs_and_may_let_lone_surrogates_through() -> None:
    assert loads_object(b'{"a": "\\ud83d\\ude00"}', max_bytes=100) == {"a": "\U0001f600"}
    raw = b'{"a": "\\ud800"}'
    assert loads_object(raw, max_bytes=100, allow_lone_surrogates=True) == {"a": "\ud800"}


def test_loads_object_refuses_more_than_max_bytes() -> None:
    with pytest.raises(BodyTooLarge):
        loads_object(b'{"a": 1}', max_bytes=5)
