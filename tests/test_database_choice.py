"""Which database the bot uses: a SQLite file by default, PostgreSQL by URL (UPSELL_DB or
DATABASE_URL); bad URLs in one line without the password; ``migrate`` (and ``--copy-from``)
and ``/healthz`` on both backends."""

from __future__ import annotations

import asyncio
import logging
import os
from pathlib import Path

import httpx
import pytest

from bot.app.cli import main
from bot.app.runner import run_bot
from bot.app.runtime import open_store
from bot.config import ConfigError, Settings, StudioSettings, load_settings, redact_url
from bot.sandbox import BERLIN_MITTE_API_KEY
from bot.store import PostgresStore, SqliteStore, Store
from tests.conftest import PostgresDatabase

URL = "postgresql://bot:pa55-word@db.example:5432/upsell"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("UPSELL_DB", "DB_PATH", "DATABASE_URL", "UPSELL_DB_POOL_SIZE", "DB_POOL_SIZE"):
        monkeypatch.delenv(name, raising=False)
    for name in list(os.environ):
        if name.upper().startswith(("PERFECTGYM_", "TELEGRAM_", "SLACK_")):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


# -- settings -----------------------------------------------------------------------------------


def test_sqlite_stays_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = load_settings()
    assert settings.postgres_url is None and settings.database_label == "upsell-bot.sqlite3"


@pytest.mark.parametrize("variable", ["UPSELL_DB", "DATABASE_URL"])
def test_a_postgres_url_selects_postgresql(monkeypatch: pytest.MonkeyPatch, variable: str) -> None:
    monkeypatch.setenv(variable, URL)
    settings = load_settings()
    assert settings.postgres_url == URL
    assert settings.database_label == "postgresql://bot:***@db.example:5432/upsell"
    assert "pa55-word" not in repr(settings) and "pa55-word" not in str(settings)


def test_upsell_db_wins_over_database_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", URL)
    monkeypatch.setenv("UPSELL_DB", "bot.sqlite3")
    settings = load_settings()
    assert (settings.postgres_url, settings.db_path, settings.database_shadowed) == (
        None,
        Path("bot.sqlite3"),
        True,
    )
    monkeypatch.setenv("UPSELL_DB", URL.replace("upsell", "other"))
    assert load_settings().postgres_url == URL.replace("upsell", "other")


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("mysql://bot:pa55-word@db/upsell", "unsupported database URL scheme 'mysql'"),
        ("postgresql://bot:pa55-word@db:port/upsell", "is not a valid PostgreSQL URL"),
        ("postgresql://bot:pa55-word@db/upsell?sslmode", "is not a valid PostgreSQL URL"),
    ],
)
def test_a_bad_url_is_one_line_without_the_password(
    monkeypatch: pytest.MonkeyPatch, value: str, says: str
) -> None:
    monkeypatch.setenv("DATABASE_URL", value)
    with pytest.raises(ConfigError) as caught:
        load_settings()
    message = str(caught.value)
    assert says in message and "DATABASE_URL" in message
    assert "\n" not in message and "pa55-word" not in message


def test_passwords_are_redacted_in_urls_and_messages() -> None:
    assert redact_url("postgresql://u:p%40ss@h/db?password=x&sslmode=require") == (
        "postgresql://u:***@h/db?password=***&sslmode=require"
    )
    settings = Settings(database_url="postgresql://u:p%40ss@h/db")
    assert settings.redact("failed for p@ss and p%40ss") == "failed for *** and ***"


# -- the backend opened -------------------------------------------------------------------------


async def test_the_settings_open_the_backend_they_name(
    postgres_database: PostgresDatabase, tmp_path: Path
) -> None:
    sqlite = open_store(Settings(db_path=tmp_path / "bot.sqlite3"))
    postgres = open_store(Settings(database_url=postgres_database(), db_pool_size=2))
    try:
        assert isinstance(sqlite, SqliteStore) and sqlite.backend == "sqlite"
        assert isinstance(postgres, PostgresStore) and postgres.backend == "postgresql"
    finally:
        sqlite.close()
        postgres.close()


def test_an_unreachable_server_stops_start_up_in_one_line() -> None:
    settings = Settings(database_url="postgresql://bot:pa55-word@127.0.0.1:1/x")
    with pytest.raises(ConfigError) as caught:
        open_store(settings)
    assert "cannot use the PostgreSQL server" in str(caught.value)
    assert "pa55-word" not in str(caught.value) and "\n" not in str(caught.value)


def test_migrate_on_postgresql_prints_the_version(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    postgres_database: PostgresDatabase,
) -> None:
    url = postgres_database(migrated=False)
    monkeypatch.setenv("UPSELL_DB", url)
    assert main(["migrate"]) == 0
    assert (
        capsys.readouterr().out.strip().endswith(f": schema version {Store.LATEST_SCHEMA_VERSION}")
    )


def test_migrate_copy_from_moves_a_sqlite_file(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    postgres_database: PostgresDatabase,
    tmp_path: Path,
) -> None:
    source = tmp_path / "bot.sqlite3"
    Store.open(source).close()
    monkeypatch.setenv("DATABASE_URL", postgres_database(migrated=False))
    assert main(["migrate", "--copy-from", str(source)]) == 0
    out = capsys.readouterr().out
    assert f"copied {source} into postgresql://" in out and "chat_links" in out
    assert out.strip().endswith("0 rows in 16 tables")
    assert main(["migrate", "--copy-from", str(tmp_path / "missing.sqlite3")]) == 2
    assert "copy refused" in capsys.readouterr().err


def test_copy_from_needs_a_postgresql_target(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["migrate", "--copy-from", str(tmp_path / "bot.sqlite3")]) == 2
    assert "set UPSELL_DB (or DATABASE_URL)" in capsys.readouterr().err


# -- /healthz -----------------------------------------------------------------------------------


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
async def test_healthz_says_which_backend(
    backend: str,
    sandbox_url: str,
    tmp_path: Path,
    postgres_database: PostgresDatabase,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    studio = StudioSettings(name="Berlin Mitte", base_url=sandbox_url, api_key=BERLIN_MITTE_API_KEY)
    database = (
        {"db_path": tmp_path / "bot.sqlite3"}
        if backend == "sqlite"
        else {"database_url": postgres_database(), "db_pool_size": 2}
    )
    settings = Settings(studios=[studio], http_port=0, **database)
    stop = asyncio.Event()
    task = asyncio.create_task(run_bot(settings, stop=stop))
    url = await _listening(caplog, task)
    async with httpx.AsyncClient(base_url=url) as http:
        health = (await http.get("/healthz")).json()
    stop.set()
    assert await asyncio.wait_for(task, timeout=10) == 0
    assert (health["backend"], health["database_schema"]) == (
        backend,
        Store.LATEST_SCHEMA_VERSION,
    )


async def _listening(caplog: pytest.LogCaptureFixture, task: asyncio.Task[int]) -> str:
    for _ in range(500):
        for record in caplog.records:
            if record.getMessage().startswith("HTTP server listening on "):
                return record.getMessage().rsplit(" ", 1)[1]
        if task.done():
            task.result()
        await asyncio.sleep(0.01)
    raise AssertionError("the bot never started its HTTP server")
