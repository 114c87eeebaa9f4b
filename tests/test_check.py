"""``upsell-bot check``: one line per item, and each failure mode in a line of its own.

PerfectGym is the sandbox over HTTP, Telegram the fake Bot API, Slack the fake Web API; an
unreachable service is a port on 127.0.0.1 nobody listens on.
"""

from __future__ import annotations

import os
import socket
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.app.check import Line, Status, check_command, run_checks
from bot.app.cli import main
from bot.config import Settings, StudioSettings
from bot.sandbox import BERLIN_MITTE_API_KEY, Sandbox
from bot.store import Store
from testing.slack import DEFAULT_SCOPES, FakeSlackApi, serve_fake_slack
from testing.telegram import FakeBotApi
from tests.conftest import PostgresDatabase

SLACK_TOKEN = "xoxb-check-token"
TEAM = "T0CHECK"


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in list(os.environ):
        if name.upper().startswith(("TELEGRAM_", "SLACK_", "PERFECTGYM_", "UPSELL_", "METRICS_")):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def telegram() -> Iterator[FakeBotApi]:
    api = FakeBotApi()
    with api.installed():
        yield api


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlackApi]:
    async with serve_fake_slack(SLACK_TOKEN, TEAM) as fake:
        yield fake


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def configured(
    sandbox_url: str,
    telegram: FakeBotApi,
    slack: FakeSlackApi,
    tmp_path: Path,
    *,
    api_key: str = BERLIN_MITTE_API_KEY,
    base_url: str | None = None,
    **extra: Any,
) -> Settings:
    studio = StudioSettings(name="Berlin Mitte", base_url=base_url or sandbox_url, api_key=api_key)
    values: dict[str, Any] = {
        "studios": [studio],
        "db_path": tmp_path / "bot.sqlite3",
        "secret_key": "check-secret-key",
        "telegram_bot_token": telegram.token,
        "telegram_api_base_url": "http://tg.test",
        "slack_bot_token": SLACK_TOKEN,
        "slack_signing_secret": "check-signing-secret",
        "slack_api_base_url": slack.api_url,
        "slack_team_id": TEAM,
        "slack_allowed_users": ["U0STAFF"],
    }
    if "database_url" in extra:  # PostgreSQL: no SQLite file named
        del values["db_path"]
    values.update(extra)
    return Settings(**values)


def failed(lines: list[Line]) -> list[str]:
    return [str(line) for line in lines if line.status is Status.FAIL]


async def test_everything_reached_is_one_ok_line_each(
    sandbox_url: str,
    telegram: FakeBotApi,
    slack: FakeSlackApi,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    Store.open(tmp_path / "bot.sqlite3").close()
    settings = configured(sandbox_url, telegram, slack, tmp_path)
    assert await check_command(settings) == 0
    printed = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in printed] == ["OK"] * 7
    assert printed[0] == "OK    configuration: 1 studio(s); channels: Telegram, Slack"
    assert printed[1].startswith("OK    PerfectGym Berlin Mitte: API key accepted at http://")
    assert printed[2] == (
        "OK    PerfectGym Berlin Mitte scopes: Studios, Membership Self-service, Customers, "
        "Customers Communication"
    )
    assert printed[3] == f"OK    Telegram: getMe: @{telegram.username}"
    assert printed[4] == f"OK    Slack: auth.test: upsell in workspace {TEAM}"
    assert printed[5] == "OK    Slack scopes: " + ", ".join(sorted(DEFAULT_SCOPES))
    assert printed[6].endswith(f"schema version {Store.LATEST_SCHEMA_VERSION} (current)")
    assert [c.method for c in telegram.calls] == ["getMe"], "nothing sent, nothing changed"
    assert [c.method for c in slack.calls] == ["auth.test"]


async def test_a_rejected_api_key(
    sandbox_url: str, telegram: FakeBotApi, slack: FakeSlackApi, tmp_path: Path
) -> None:
    settings = configured(sandbox_url, telegram, slack, tmp_path, api_key="not-the-key")
    assert failed(await run_checks(settings)) == [
        "FAIL  PerfectGym Berlin Mitte: the API key was rejected (401): check api_key"
    ]


async def test_a_missing_scope(
    sandbox: Sandbox, sandbox_url: str, telegram: FakeBotApi, slack: FakeSlackApi, tmp_path: Path
) -> None:
    sandbox.faults.add("getCommunicationPreferences", status=403, times=None)
    settings = configured(sandbox_url, telegram, slack, tmp_path)
    assert failed(await run_checks(settings)) == [
        "FAIL  PerfectGym Berlin Mitte scopes: missing scope Customers Communication (403): "
        "ask PerfectGym to grant it"
    ]


async def test_perfectgym_unreachable(
    sandbox_url: str, telegram: FakeBotApi, slack: FakeSlackApi, tmp_path: Path
) -> None:
    port = closed_port()
    base = f"http://127.0.0.1:{port}"
    settings = configured(sandbox_url, telegram, slack, tmp_path, base_url=base)
    assert failed(await run_checks(settings)) == [
        f"FAIL  PerfectGym Berlin Mitte: cannot reach {base} (ConnectError)"
    ]


async def test_a_newer_schema(
    sandbox_url: str, telegram: FakeBotApi, slack: FakeSlackApi, tmp_path: Path
) -> None:
    db = tmp_path / "bot.sqlite3"
    with Store.open(db) as store:
        store._conn.execute(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'future', '')",
            (Store.LATEST_SCHEMA_VERSION + 1,),
        )
    settings = configured(sandbox_url, telegram, slack, tmp_path)
    (line,) = failed(await run_checks(settings))
    assert line.startswith(f"FAIL  database {db}: ")
    assert f"schema version {Store.LATEST_SCHEMA_VERSION + 1} is newer than this bot" in line


async def test_a_postgresql_database_and_its_schema(
    sandbox_url: str,
    telegram: FakeBotApi,
    slack: FakeSlackApi,
    tmp_path: Path,
    postgres_database: PostgresDatabase,
) -> None:
    url = postgres_database()
    settings = configured(sandbox_url, telegram, slack, tmp_path, database_url=url)
    line = (await run_checks(settings))[-1]
    assert str(line) == (
        f"OK    database {settings.database_label}: "
        f"schema version {Store.LATEST_SCHEMA_VERSION} (current)"
    )
    with Store.connect(url) as store, store._conn.write():
        store._conn.execute(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'future', '')",
            (Store.LATEST_SCHEMA_VERSION + 1,),
        )
    (failure,) = failed(await run_checks(settings))
    assert failure.startswith(f"FAIL  database {settings.database_label}: ")
    assert f"schema version {Store.LATEST_SCHEMA_VERSION + 1} is newer than this bot" in failure


async def test_a_rejected_telegram_token(
    sandbox_url: str, telegram: FakeBotApi, slack: FakeSlackApi, tmp_path: Path
) -> None:
    settings = configured(
        sandbox_url, telegram, slack, tmp_path, telegram_bot_token="999:not-the-token"
    )
    assert failed(await run_checks(settings)) == [
        "FAIL  Telegram: TELEGRAM_BOT_TOKEN was rejected by the Telegram Bot API"
    ]


async def test_a_rejected_slack_token_and_a_missing_slack_scope(
    sandbox_url: str, telegram: FakeBotApi, slack: FakeSlackApi, tmp_path: Path
) -> None:
    refused = configured(sandbox_url, telegram, slack, tmp_path, slack_bot_token="xoxb-wrong")
    assert failed(await run_checks(refused)) == [
        "FAIL  Slack: Slack refused SLACK_BOT_TOKEN (invalid_auth)"
    ]
    slack.scopes = ("chat:write", "files:write")
    settings = configured(sandbox_url, telegram, slack, tmp_path)
    assert failed(await run_checks(settings)) == [
        "FAIL  Slack scopes: missing scope commands, app_mentions:read: add it under OAuth & "
        "Permissions and reinstall the app"
    ]


async def test_slack_without_files_write_is_a_warning(
    sandbox_url: str, telegram: FakeBotApi, slack: FakeSlackApi, tmp_path: Path
) -> None:
    slack.scopes = ("commands", "chat:write", "app_mentions:read")
    lines = await run_checks(configured(sandbox_url, telegram, slack, tmp_path))
    assert failed(lines) == []
    assert (
        Line(
            Status.WARN,
            "Slack scopes",
            "without files:write: /upsell stats and export answer with text only",
        )
        in lines
    )


async def test_services_out_of_reach_each_fail_on_a_line(
    sandbox_url: str, telegram: FakeBotApi, slack: FakeSlackApi, tmp_path: Path
) -> None:
    port = closed_port()
    settings = configured(
        sandbox_url,
        telegram,
        slack,
        tmp_path,
        telegram_api_base_url=f"http://127.0.0.1:{port}",
        slack_api_base_url=f"http://127.0.0.1:{port}/api/",
    )
    assert failed(await run_checks(settings)) == [
        "FAIL  Telegram: cannot reach the Telegram Bot API (check TELEGRAM_API_BASE_URL and the "
        "network): NetworkError",
        f"FAIL  Slack: cannot reach the Slack Web API at http://127.0.0.1:{port}/api/ "
        "(ClientConnectorError)",
    ]


def test_an_invalid_configuration_is_one_failed_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PERFECTGYM_BASE_URL", "https://mygym.example")
    assert main(["check"]) == 1
    assert capsys.readouterr().out == (
        "FAIL  configuration: PERFECTGYM_API_KEY is missing (PERFECTGYM_BASE_URL is set)\n"
    )


def test_without_any_studio_the_configuration_fails(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("FAIL  configuration: no studio configured")
    assert "WARN  Telegram: off (TELEGRAM_BOT_TOKEN is not set)" in out
    assert out[-1].startswith("OK    database upsell-bot.sqlite3: not created yet")
    assert not Path("upsell-bot.sqlite3").exists(), "check creates nothing"
