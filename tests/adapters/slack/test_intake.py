"""``/slack/events`` before Bolt: size, signature, depth and envelope, each refused in one line.

Through the bot's real Starlette app and Bolt (``Desk``): what the caller gets back, what
reached the desk (audit log, fake Slack API) and what was logged.
"""

from __future__ import annotations

import copy
import json
import logging
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlencode

import pytest

from adapters.slack import SlackDesk
from tests.adapters.slack.conftest import BOT_TOKEN, Desk, app_mention, block_actions

FORM = "application/x-www-form-urlencoded"


def signature_shaped() -> dict[str, str]:
    """Headers that look like Slack's, with a signature no secret made."""
    return {
        "x-slack-request-timestamp": str(int(time.time())),
        "x-slack-signature": "v0=" + "0" * 64,
    }


def deep(depth: int) -> str:
    return '{"type": "event_callback", "event": ' + "[" * depth + "]" * depth + "}"


def assert_one_line(text: str) -> None:
    assert text and "\n" not in text and "Traceback" not in text


# -- unsigned: refused before anything reads or parses the body ----------------------------


@pytest.mark.parametrize(
    "body",
    [
        deep(100_000).encode(),
        b"\xff\xfe{not utf-8",
        b"{not json",
        b"payload=" + b"%5B" * 30_000,
    ],
)
@pytest.mark.parametrize("forged", [False, True])
async def test_an_unsigned_request_gets_401_whatever_its_body(
    desk: Desk, body: bytes, forged: bool
) -> None:
    headers = {"content-type": "application/json", **(signature_shaped() if forged else {})}
    response = await desk.http.post("/slack/events", content=body, headers=headers)
    assert (response.status_code, response.text) == (401, "invalid request signature")
    assert desk.slack.calls == [c for c in desk.slack.calls if c.method == "auth.test"]


async def test_a_refused_request_body_is_never_logged(
    desk: Desk, caplog: pytest.LogCaptureFixture
) -> None:
    """With a rotated signing secret, real staff requests would leak their response_url."""
    caplog.set_level(logging.DEBUG)
    secret_url = desk.slack.response_url("only-slack-and-the-desk-know-this")
    form = {"command": "/upsell", "text": "link 1-1001", "response_url": secret_url}
    response = await desk.post(urlencode(form), FORM, secret="the-previous-signing-secret")
    assert response.status_code == 401
    logged = "\n".join(f"{r.getMessage()} {r.args}" for r in caplog.records)
    assert "only-slack-and-the-desk-know-this" not in logged
    assert "link 1-1001" not in logged and "link+1-1001" not in logged


async def test_a_huge_body_is_refused_while_reading(desk: Desk) -> None:
    """50 MB used to be read whole (and held several times over) before any check."""
    sent = 0

    async def fifty_megabytes() -> AsyncIterator[bytes]:
        nonlocal sent
        for _ in range(800):
            sent += 65_536
            yield b"x" * 65_536

    response = await desk.http.post(
        "/slack/events", content=fifty_megabytes(), headers=signature_shaped()
    )
    assert (response.status_code, response.text) == (413, "body larger than 1048576 bytes")
    assert sent <= 1_048_576 + 65_536


# -- signed, but not what Bolt can read ----------------------------------------------------


def mention(**event: Any) -> str:
    body = app_mention("help", event_id="Ev0MALFORMED")
    body.update(event)
    return json.dumps(body)


@pytest.mark.parametrize(
    ("body", "content_type", "reason"),
    [
        (deep(30_000), "application/json", "the body is nested deeper than 64 levels"),
        (deep(100_000), "application/json", "the body is nested deeper than 64 levels"),
        (urlencode({"payload": deep(30_000)}), FORM, "the body is nested deeper than 64 levels"),
        ("{not json", "application/json", "the body is not JSON"),
        ("[1, 2]", "application/json", "the body is not a JSON object"),
        ('{"type": "event_callback", "x": "\\ud800"}', "application/json", "lone surrogate"),
        (mention(event="app_mention"), "application/json", "body.event has the wrong type"),
        (mention(event=["app_mention"]), "application/json", "body.event has the wrong type"),
        (mention(event={"user": "U0STAFF"}), "application/json", "body.event.type is missing"),
        (mention(event={"type": "app_mention", "user": 7}), "application/json", "event.user"),
        (mention(authorizations="T0"), "application/json", "body.authorizations"),
        (mention(authorizations=["T0"]), "application/json", "body.authorizations"),
        (mention(team={"id": 5}), "application/json", "body.team.id"),
        (mention(type=1), "application/json", "body.type has the wrong type"),
    ],
)
async def test_a_signed_body_bolt_cannot_read_gets_400(
    desk: Desk, body: str, content_type: str, reason: str
) -> None:
    response = await desk.post(body, content_type)
    assert response.status_code == 400
    assert_one_line(response.text)
    assert response.text.startswith("malformed request: ")
    assert reason in response.text
    assert not desk.store.audit_events()


def paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every place in a JSON document, parents before children."""
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for key, value in items:
        yield (*prefix, key)
        if isinstance(value, dict | list):
            yield from paths(value, (*prefix, key))


def replaced(document: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    changed = copy.deepcopy(document)
    node: Any = changed
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return changed


WRONG_TYPES: list[Any] = ["x", 7, None, True, [], {}, [1], {"id": 7}]


async def test_no_field_of_the_wrong_type_gets_a_500(
    desk: Desk, caplog: pytest.LogCaptureFixture
) -> None:
    """Every field of a real click and @-mention, replaced by values of other types."""
    click = block_actions("1-1001", response_url=desk.slack.response_url("fuzz"))
    mentioned = app_mention("help", event_id="Ev0FUZZ")
    for original, encode, content_type in [
        (click, lambda d: urlencode({"payload": json.dumps(d)}), FORM),
        (mentioned, json.dumps, "application/json"),
    ]:
        for path in paths(original):
            for value in WRONG_TYPES:
                response = await desk.post(encode(replaced(original, path, value)), content_type)
                assert response.status_code < 500, (path, value, response.text)
    assert not [r for r in caplog.records if r.exc_info]


# -- start-up ------------------------------------------------------------------------------


async def test_bolt_does_not_warn_about_the_token_at_start_up(
    desk: Desk, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Production sets SLACK_BOT_TOKEN, which Bolt reads by itself next to our client."""
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    caplog.set_level(logging.DEBUG)
    SlackDesk(desk.runtime, desk.component.options)
    assert not [r for r in caplog.records if "will be unused" in r.getMessage()]
