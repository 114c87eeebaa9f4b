"""``upsell-bot run`` with Slack configured, and the Slack settings themselves."""

from __future__ import annotations

import asyncio
import logging
import re
import time
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest
from slack_sdk.signature import SignatureVerifier

from adapters.slack import SlackDesk, SlackOptions, build_component
from bot.app.leader import LeaderElection
from bot.app.runner import run_bot
from bot.app.runtime import build
from bot.config import ConfigError, Settings, load_settings
from bot.sandbox import Sandbox
from bot.store import SqliteStore
from testing.slack import FakeSlackApi, answer_text
from tests.adapters.slack.conftest import (
    BOT_TOKEN,
    SIGNING_SECRET,
    TEAM,
    slack_settings,
    studio_settings,
)


async def test_run_serves_slack_beside_everything_else(
    sandbox: Sandbox,
    sandbox_url: str,
    slack: FakeSlackApi,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="bot.app.runner")
    studios = studio_settings(sandbox, sandbox_url, ["Berlin Mitte"])
    settings = slack_settings(slack, studios, db_path=tmp_path / "run.sqlite3", http_port=0)
    stop = asyncio.Event()
    running = asyncio.create_task(run_bot(settings, stop=stop))
    try:
        await slack.wait_for("auth.test")  # the desk checks its token when it starts
        url = await _listening_url(caplog)
        async with httpx.AsyncClient(base_url=url) as http:
            health = (await http.get("/healthz")).json()
            assert "slack" in health["components"]
            form = urlencode(
                {
                    "team_id": TEAM,
                    "user_id": "U0STAFF",
                    "channel_id": "C0STAFF",
                    "command": "/upsell",
                    "text": "customer 1-1001",
                    "response_url": slack.response_url("run"),
                    "trigger_id": "trigger-run",
                }
            )
            stamp = str(int(time.time()))
            signature = SignatureVerifier(SIGNING_SECRET).generate_signature(
                timestamp=stamp, body=form
            )
            response = await http.post(
                "/slack/events",
                content=form,
                headers={
                    "content-type": "application/x-www-form-urlencoded",
                    "x-slack-request-timestamp": stamp,
                    "x-slack-signature": signature,
                },
            )
        assert response.status_code == 200 and "Looking up" in answer_text(response.json())
        (answer,) = await slack.wait_for_response("run")
        assert "Anna Neumann (1-1001)" in answer_text(answer)
    finally:
        stop.set()
        assert await running == 0


async def _listening_url(caplog: pytest.LogCaptureFixture) -> str:
    async with asyncio.timeout(5):
        while True:
            for record in caplog.records:
                found = re.search(r"listening on (http://\S+)", record.getMessage())
                if found:
                    return found.group(1)
            await asyncio.sleep(0.01)


async def test_socket_mode_connects_out_with_the_app_token(
    sandbox: Sandbox, sandbox_url: str, slack: FakeSlackApi, tmp_path: Path
) -> None:
    """Offline, Socket Mode can be checked only up to asking Slack for a WebSocket URL."""
    studios = studio_settings(sandbox, sandbox_url, ["Berlin Mitte"])
    settings = slack_settings(
        slack, studios, slack_signing_secret=None, slack_app_token="xapp-test-app-token"
    )
    store = SqliteStore.open(tmp_path / "socket.sqlite3")
    runtime = build(settings, store).runtime
    desk = build_component(runtime)
    assert isinstance(desk, SlackDesk) and desk.routes() == []
    election = LeaderElection(store, runtime.leadership, interval=0.05)
    await desk.start()
    await election.start()  # Socket Mode connects only on the leading process
    try:
        (opened,) = await slack.wait_for("apps.connections.open")
        assert opened.token == "xapp-test-app-token"
        assert runtime.leadership.leading
    finally:
        await election.stop()
        await desk.stop()
        await runtime.services.aclose()
        store.close()


async def test_without_a_bot_token_slack_stays_off(tmp_path: Path) -> None:
    store = SqliteStore.open(tmp_path / "off.sqlite3")
    runtime = build(Settings(), store).runtime
    assert build_component(runtime) is None
    store.close()


def test_options_hide_the_tokens() -> None:
    settings = Settings(slack_bot_token=BOT_TOKEN, slack_signing_secret=SIGNING_SECRET)
    options = SlackOptions.from_settings(settings)
    assert options is not None and options.http_mode and not options.socket_mode
    assert BOT_TOKEN not in repr(options) and SIGNING_SECRET not in repr(options)
    assert options.api_base_url == "https://slack.com/api/"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_BOT_TOKEN needs SLACK_SIGNING_SECRET"),
        ({"SLACK_SIGNING_SECRET": "s"}, "SLACK_BOT_TOKEN is missing"),
        ({"SLACK_COMMAND": "upsell"}, "SLACK_COMMAND"),
        (
            {
                "SLACK_BOT_TOKEN": "xoxb-1",
                "SLACK_SIGNING_SECRET": "s",
                "SLACK_OPEN_TO_WORKSPACE": "true",
                "SLACK_ALLOWED_USERS": "U1",
            },
            "SLACK_OPEN_TO_WORKSPACE=true contradicts SLACK_ALLOWED_USERS",
        ),
    ],
)
def test_incomplete_slack_settings_stop_start_up_with_one_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, env: dict[str, str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=message) as caught:
        load_settings()
    assert "\n" not in str(caught.value)


def test_comma_lists_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SLACK_ALLOWED_USERS", "U1, U2")
    monkeypatch.setenv("SLACK_ALLOWED_USERGROUPS", '["S1"]')
    monkeypatch.setenv("SLACK_ALLOWED_CHANNELS", "#upsell-staff")
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    monkeypatch.setenv("SLACK_SIGNING_SECRET", SIGNING_SECRET)
    settings = load_settings()
    assert settings.slack_allowed_users == ["U1", "U2"]
    assert settings.slack_allowed_usergroups == ["S1"]
    options = SlackOptions.from_settings(settings)
    assert options is not None and options.allowed_channels == {"upsell-staff"}
