"""``bot.logs``: JSON lines with the context of the work at hand, secrets masked, chats hashed;
and ``bot.metrics``' reason labels."""

from __future__ import annotations

import asyncio
import io
import json
import logging
from pathlib import Path

import pytest

from bot import logs
from bot.config import ConfigError, load_settings
from bot.metrics import reason_label


def logger_writing(
    log_format: logs.LogFormat, secrets: list[str]
) -> tuple[logging.Logger, io.StringIO]:
    stream = io.StringIO()
    logger = logging.getLogger(f"tests.logs.{log_format}")
    logger.handlers = [logs.make_handler(log_format, secrets=secrets, stream=stream)]
    logger.propagate = False
    logger.setLevel(logging.INFO)
    return logger, stream


def test_a_json_line_carries_the_bound_context_and_masks_secrets() -> None:
    logger, stream = logger_writing("json", ["s3cret-api-key"])
    with logs.bind(correlation_id="abc", studio="Berlin Mitte", chat=None):
        logger.info("calling with %s", "s3cret-api-key")
        try:
            raise ValueError("the key s3cret-api-key was refused")
        except ValueError:
            logger.exception("failed")
    logger.info("outside")
    first, second, third = (json.loads(line) for line in stream.getvalue().splitlines())
    assert first["message"] == "calling with ***" and first["level"] == "INFO"
    assert (first["correlation_id"], first["studio"]) == ("abc", "Berlin Mitte")
    assert "chat" not in first, "None values are left out"
    assert "***" in second["exception"] and "s3cret" not in stream.getvalue()
    assert "correlation_id" not in third


def test_text_format_masks_secrets_too() -> None:
    logger, stream = logger_writing("text", ["xoxb-secret-token"])
    logger.warning("token xoxb-secret-token")
    assert stream.getvalue().rstrip().endswith("WARNING tests.logs.text: token ***")


async def test_tasks_started_in_a_turn_keep_its_context() -> None:
    seen: list[str | None] = []

    async def later() -> None:
        logs.annotate(studio="Hamburg Altona")  # a task's own change stays in the task
        seen.append(logs.current().get("correlation_id"))

    with logs.bind(correlation_id="turn-1"):
        await asyncio.create_task(later())
        assert logs.current().get("studio") is None
    assert seen == ["turn-1"] and logs.current() == {}


def test_chat_hashes_are_stable_keyed_and_hide_the_id() -> None:
    plain = logs.chat_hash("telegram", "4242")
    assert plain == logs.chat_hash("telegram", "4242") and "4242" not in plain
    assert plain != logs.chat_hash("slack", "4242")
    logs.set_hash_key(b"the-operators-secret")
    try:
        assert logs.chat_hash("telegram", "4242") != plain
    finally:
        logs.set_hash_key(None)


def test_log_format_is_checked_at_start_up(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LOG_FORMAT", "JSON")
    assert load_settings().log_format == "json"
    monkeypatch.setenv("LOG_FORMAT", "xml")
    with pytest.raises(ConfigError, match="LOG_FORMAT"):
        load_settings()


@pytest.mark.parametrize(
    ("reason", "label"),
    [
        (None, ""),
        ("the rule is switched off", "the_rule_is_switched_off"),
        ("tried too often (3 attempts)", "tried_too_often"),
        ("PerfectGym did not answer (RequestTimeout)", "perfectgym_did_not_answer"),
        ("unknown rule 'birthday'", "unknown_rule"),
    ],
)
def test_reason_labels_stay_few(reason: str | None, label: str) -> None:
    assert reason_label(reason) == label
