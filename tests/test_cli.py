"""The ``upsell-bot`` command: help, migrate, start-up errors, and the sandbox and demo processes.

Subprocesses always run with a timeout and are killed in ``finally``; the sandbox gets a free
port of its own and must stop promptly on SIGINT.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest

from bot.app.cli import main
from bot.store import Store
from testing.processes import Output, child_env, command, free_port, ours

SUBCOMMANDS = ("demo", "run", "sandbox", "migrate")


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No configuration from the machine: our variables cleared, cwd without a TOML file."""
    for name in list(os.environ):
        if ours(name):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


# -- help ------------------------------------------------------------------------------------


def test_help_lists_every_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: upsell-bot")
    assert "PerfectGym" in out
    for name in SUBCOMMANDS:
        assert re.search(rf"^\s+{name}\s+\S", out, re.MULTILINE), name


@pytest.mark.parametrize(
    ("name", "mentions"),
    [
        ("demo", ["--db", "--language", "sandbox"]),
        ("run", ["Telegram", "SIGINT"]),
        ("sandbox", ["--host", "--port", "--webhook-url"]),
        ("migrate", ["UPSELL_DB", "schema version"]),
    ],
)
def test_each_subcommand_has_help(
    capsys: pytest.CaptureFixture[str], name: str, mentions: list[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main([name, "--help"])
    assert exited.value.code == 0
    out = " ".join(capsys.readouterr().out.split())  # argparse wraps to the terminal width
    assert out.startswith(f"usage: upsell-bot {name}")
    for word in mentions:
        assert word in out


def test_unknown_subcommand_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["sell-everything"])
    assert exited.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_unknown_log_level_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--log-level", "loud", "migrate"])
    assert exited.value.code == 2
    assert "unknown log level 'loud'" in capsys.readouterr().err


def test_python_dash_m_bot_help() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "--help"],
        capture_output=True,
        text=True,
        timeout=30,
        env=child_env(),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: upsell-bot")
    assert all(name in result.stdout for name in SUBCOMMANDS)


# -- migrate and start-up errors --------------------------------------------------------------


def test_migrate_creates_the_schema_and_is_idempotent(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "bot.sqlite3"
    monkeypatch.setenv("UPSELL_DB", str(db))
    assert main(["migrate"]) == 0
    first = capsys.readouterr().out.strip()
    assert main(["migrate"]) == 0
    second = capsys.readouterr().out.strip()
    match = re.fullmatch(rf"{re.escape(str(db))}: schema version (\d+)", first)
    assert match, first
    assert second == first
    store = Store.open(db)
    try:
        assert store.schema_version() == int(match[1]) >= 1
    finally:
        store.close()


def _fails_with_one_line(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    assert main(argv) == 2
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("upsell-bot: ")
    assert "Traceback" not in captured.err and captured.out == ""
    return lines[0]


def test_migrate_refuses_a_corrupt_database(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "bot.sqlite3"
    junk = b"this is not a database " * 100
    db.write_bytes(junk)
    monkeypatch.setenv("UPSELL_DB", str(db))
    line = _fails_with_one_line(capsys, ["migrate"])
    assert "not a SQLite database" in line and str(db) in line
    assert db.read_bytes() == junk  # left untouched


@pytest.mark.parametrize(
    ("where", "says"),
    [("missing-dir/bot.sqlite3", "does not exist"), ("a-file/bot.sqlite3", "not a directory")],
)
def test_migrate_refuses_a_database_path_it_cannot_create(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    where: str,
    says: str,
) -> None:
    (tmp_path / "a-file").write_text("not a directory")
    monkeypatch.setenv("UPSELL_DB", str(tmp_path / where))
    assert says in _fails_with_one_line(capsys, ["migrate"])


def test_run_without_a_studio_says_what_to_set(capsys: pytest.CaptureFixture[str]) -> None:
    line = _fails_with_one_line(capsys, ["run"])
    assert "no studio configured" in line
    assert "PERFECTGYM_BASE_URL" in line and "[[studios]]" in line


def test_bad_configuration_stops_any_command_with_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PERFECTGYM_BASE_URL", "https://gym.open-api.perfectgym.com")
    line = _fails_with_one_line(capsys, ["migrate"])
    assert "PERFECTGYM_API_KEY is missing" in line
    missing = _fails_with_one_line(capsys, ["--config", "nope.toml", "run"])
    assert "nope.toml does not exist" in missing


def _run_failing(argv: list[str], cwd: Path) -> str:
    """Run ``upsell-bot argv`` as a process (so a regression cannot hang the test run)."""
    result = subprocess.run(
        [*command(), *argv],
        capture_output=True,
        text=True,
        timeout=20,
        env=child_env(),
        cwd=cwd,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("upsell-bot: "), result.stderr
    return lines[0]


def test_sandbox_on_a_port_in_use_says_so_in_one_line(tmp_path: Path) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        line = _run_failing(["sandbox", "--port", str(port)], tmp_path)
    assert f"cannot serve the sandbox on 127.0.0.1:{port}" in line
    assert "--port" in line


def test_sandbox_refuses_a_webhook_url_that_is_not_http(tmp_path: Path) -> None:
    line = _run_failing(["sandbox", "--port", "0", "--webhook-url", "gym.test"], tmp_path)
    assert "--webhook-url must start with http:// or https://" in line


# -- the sandbox and the demo as real processes -------------------------------------------------


@pytest.fixture
def sandbox_process(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], Output, int]]:
    port = free_port()
    process = subprocess.Popen(
        [*command(), "sandbox", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        env=child_env(),
        cwd=tmp_path,
    )
    try:
        assert process.stdout is not None
        yield process, Output(process.stdout), port
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()


def test_sandbox_command_serves_the_demo_tenant_and_stops_on_sigint(
    sandbox_process: tuple[subprocess.Popen[str], Output, int],
) -> None:
    process, output, port = sandbox_process
    output.wait_for(r"Studio 1: Berlin Mitte", timeout=20)
    berlin_key = output.wait_for(r"API key:\s+(\S+)", timeout=5)[1]
    base_url = output.wait_for(r"Serving the PerfectGym sandbox at (http://\S+) ", timeout=5)[1]
    assert base_url == f"http://127.0.0.1:{port}"

    modules = f"{base_url}/v1/memberships/self-service/additional-modules"
    with httpx.Client(timeout=5) as client:
        listed = client.get(modules, headers={"X-API-KEY": berlin_key})
        refused = client.get(modules)
    assert listed.status_code == 200
    assert [m["name"] for m in listed.json()][:2] == ["Sauna", "Handtuch-Flat"]
    assert len(listed.json()) == 6
    assert refused.status_code == 401
    assert refused.json()["errorCode"] == "UNAUTHORIZED"

    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=5) == 0
    assert process.stderr is not None
    assert "Traceback" not in process.stderr.read()


def _berlin_tomorrow() -> date:
    return datetime.now(ZoneInfo("Europe/Berlin")).date() + timedelta(days=1)


def test_demo_books_the_sauna_from_piped_input(tmp_path: Path) -> None:
    # studio Berlin Mitte, customer number, date of birth, Discover modules, Sauna,
    # Book, No trial, Book and pay 9.90 EUR/month; then end of input
    script = "1\n1-1001\n12.03.1994\n1\n1\n1\n2\n1\n"
    before = _berlin_tomorrow()
    result = subprocess.run(
        [*command(), "demo", "--db", str(tmp_path / "demo.sqlite3")],
        input=script,
        capture_output=True,
        text=True,
        timeout=60,
        env=child_env(),
        cwd=tmp_path,
    )
    after = _berlin_tomorrow()
    assert result.returncode == 0, result.stderr
    transcript = result.stdout
    assert "This chat is now linked" in transcript
    booked = re.search(r"Booked! Sauna starts on (.+?)\.", transcript)
    assert booked, transcript
    assert booked[1] in {f"{d.day} {d:%b} {d.year}" for d in (before, after)}
    assert "staff feed: purchase | Sauna | 1-1001" in transcript
    assert "Traceback" not in result.stderr
