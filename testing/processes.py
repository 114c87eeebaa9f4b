"""The bot as real processes, for tests that need them: SIGKILL and restart, several
processes on one database, a lock held by another process.

- ``BotProcess``: ``upsell-bot run`` with a given environment on a free port: start, wait
  until every component runs, post webhooks (Telegram's secret header, Slack's signature,
  PerfectGym's key), SIGTERM, SIGKILL, restart, and its whole output to check for tracebacks
  and secrets; ``read_store`` reads the database it left with the bot's own store;
- ``WriteLock``: another process holding the database's write lock (``BEGIN IMMEDIATE``);
- ``Output``, ``free_port``, ``command``, ``child_env``, ``eventually``: the pieces.

What the process talks to is served from a thread of the test process (``testing.outside``)::

    with Servers() as servers:
        outside = Outside.start(servers)
        bot = BotProcess(outside.bot_env(tmp_path / "bot.sqlite3"), cwd=tmp_path).start()
        bot.post_telegram(outside.telegram.message(4242, "/start"))
        eventually(lambda: outside.telegram.texts(4242))
        bot.stop()
        bot.assert_clean(outside.secrets)
        bot.close()
        outside.close()
"""

from __future__ import annotations

import contextlib
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any, TypeVar

import httpx

from bot.config import Settings
from bot.store import Store
from testing.outside import Outside

T = TypeVar("T")

_OUR_PREFIXES = ("PERFECTGYM_", "TELEGRAM_", "SLACK_", "UPSELL_", "REMINDERS__", "DATABASE_")
_PROXIES = ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy")

TELEGRAM_SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
"""The header Telegram sends the webhook secret in (``adapters.telegram.SECRET_HEADER``)."""
READY_LINE = r"reconciler started"
"""The last component ``upsell-bot run`` starts in every configuration (the leader, when
polling, starts after it and needs no waiting for)."""

# -- the pieces --------------------------------------------------------------------------------


def ours(name: str) -> bool:
    """Whether an environment variable configures the bot (so tests must not inherit it)."""
    fields = {field.upper() for field in Settings.model_fields} | {"UPSELL_DB", "DB_PATH"}
    return name.upper().startswith(_OUR_PREFIXES) or name.upper() in fields


def child_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The test's environment without the bot's settings or proxies, plus ``extra``."""
    env = {
        name: value for name, value in os.environ.items() if not ours(name) and name not in _PROXIES
    }
    env["PYTHONUNBUFFERED"] = "1"
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    env.update(extra or {})
    return env


def command() -> list[str]:
    """The installed ``upsell-bot`` script next to this interpreter, else ``python -m bot``."""
    script = Path(sys.executable).with_name("upsell-bot")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "bot"]


def free_port() -> int:
    """A port nothing listens on now (the child binds it a moment later)."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def eventually(
    condition: Callable[[], T], timeout: float = 10.0, *, interval: float = 0.02, what: str = ""
) -> T:
    """``condition()`` once it is truthy (polled); AssertionError after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout} s: {what or condition}")
        time.sleep(interval)


class Output:
    """Reads a child's stream on a thread: every line is kept, and a test can wait for one."""

    def __init__(self, stream: IO[str]) -> None:
        self.lines: list[str] = []
        self._new: queue.Queue[str | None] = queue.Queue()
        self._done = threading.Event()
        threading.Thread(target=self._pump, args=(stream,), daemon=True).start()

    def _pump(self, stream: IO[str]) -> None:
        try:
            for line in stream:
                self.lines.append(line)
                self._new.put(line)
        finally:
            stream.close()  # at the end of the child's output (it exited, or was killed)
            self._new.put(None)
            self._done.set()

    @property
    def text(self) -> str:
        return "".join(self.lines)

    def wait_for(self, pattern: str, timeout: float) -> re.Match[str]:
        """The first line from now on matching ``pattern``; AssertionError after ``timeout``."""
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self._new.get(timeout=left)
            except queue.Empty:
                break
            if line is None:
                break
            if match := re.search(pattern, line):
                return match
        raise AssertionError(f"no line matching {pattern!r}; output so far:\n{self.text}")

    def closed(self, timeout: float) -> None:
        """Wait until the stream ended (the process is gone and everything was read)."""
        self._done.wait(timeout)


# -- the bot as a process ----------------------------------------------------------------------


class BotProcess:
    """``upsell-bot run`` on a free port with ``env``; restartable, its output kept."""

    def __init__(
        self,
        env: Mapping[str, str],
        *,
        cwd: Path,
        name: str = "bot",
        preexec: Callable[[], None] | None = None,
    ) -> None:
        self.port = free_port()
        self.env = child_env({**env, "HTTP_HOST": "127.0.0.1", "HTTP_PORT": str(self.port)})
        self.cwd = cwd
        self.name = name
        self.preexec = preexec
        self.process: subprocess.Popen[str] | None = None
        self.stdout: Output | None = None
        self.stderr: Output | None = None
        self.runs: list[tuple[Output, Output]] = []
        self._http = httpx.Client(base_url=self.url, timeout=30, trust_env=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # --- life cycle ------------------------------------------------------------------------

    def start(self, *, ready: bool = True, timeout: float = 30.0) -> BotProcess:
        """Start the process; with ``ready``, wait until every component runs."""
        assert self.process is None or self.process.poll() is not None, "already running"
        self.process = subprocess.Popen(
            [*command(), "run"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
            env=self.env,
            cwd=self.cwd,
            preexec_fn=self.preexec,  # resource limits only, set between fork and exec
        )
        assert self.process.stdout is not None and self.process.stderr is not None
        self.stdout, self.stderr = Output(self.process.stdout), Output(self.process.stderr)
        self.runs.append((self.stdout, self.stderr))
        if ready:
            self.wait_ready(timeout)
        return self

    def wait_ready(self, timeout: float = 30.0) -> None:
        """Until the last component started (AssertionError with the output if it exits)."""
        assert self.stderr is not None
        try:
            self.stderr.wait_for(READY_LINE, timeout)
        except AssertionError:
            raise AssertionError(
                f"{self.name} did not start (exit {self.exit_code}):\n{self.output}"
            ) from None

    def wait_exit(self, timeout: float = 30.0) -> int:
        """The exit code once the process ended, its output read to the end."""
        assert self.process is not None
        code = self.process.wait(timeout)
        for output in (self.stdout, self.stderr):
            if output is not None:
                output.closed(5)
        return code

    @property
    def exit_code(self) -> int | None:
        return None if self.process is None else self.process.poll()

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self, timeout: float = 20.0) -> int:
        """SIGTERM, as an operator or a service manager stops it; the exit code."""
        return self.signal(signal.SIGTERM, timeout)

    def kill(self) -> int:
        """SIGKILL: the process dies at once, whatever it was doing."""
        return self.signal(signal.SIGKILL, 10.0)

    def signal(self, number: int, timeout: float) -> int:
        assert self.process is not None
        if self.process.poll() is None:
            self.process.send_signal(number)
        return self.wait_exit(timeout)

    def restart(self, *, ready: bool = True, timeout: float = 30.0) -> BotProcess:
        """A new process with the same settings, port and database."""
        if self.running:
            self.stop()
        return self.start(ready=ready, timeout=timeout)

    def close(self) -> None:
        """Kill what still runs; close the HTTP client (fixtures call it in ``finally``)."""
        if self.running:
            self.kill()
        self._http.close()

    # --- what it said ----------------------------------------------------------------------

    @property
    def output(self) -> str:
        """Everything every run of the process wrote, stdout then stderr per run."""
        return "".join(out.text + err.text for out, err in self.runs)

    def assert_clean(self, secrets: Sequence[str] = ()) -> None:
        """No traceback and no secret in anything the process wrote."""
        text = self.output
        assert "Traceback" not in text, f"{self.name} printed a traceback:\n{text}"
        for secret in secrets:
            assert secret not in text, f"{self.name} printed a secret (…{secret[-4:]})"

    # --- talking to it ---------------------------------------------------------------------

    def get(self, path: str, **options: Any) -> httpx.Response:
        return self._http.get(path, **options)

    def post(self, path: str, **options: Any) -> httpx.Response:
        return self._http.post(path, **options)

    def health(self, timeout: float = 5.0) -> httpx.Response:
        return self._http.get("/healthz", timeout=timeout)

    def post_telegram(
        self, update: dict[str, Any], *, secret: str = Outside.TELEGRAM_SECRET
    ) -> httpx.Response:
        """Deliver one update as Telegram does (webhook path, secret-token header)."""
        return self.post("/telegram/webhook", json=update, headers={TELEGRAM_SECRET_HEADER: secret})

    def post_perfectgym(self, delivery: dict[str, Any], *, key: str) -> httpx.Response:
        """Deliver one PerfectGym webhook (``x-api-key``: the studio's webhook key)."""
        return self.post("/perfectgym/webhook", json=delivery, headers={"x-api-key": key})

    def post_slack(
        self,
        outside: Outside,
        body: str,
        content_type: str,
        *,
        headers: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        """POST a body to /slack/events signed as Slack signs it (plus ``headers``)."""
        sent = {"content-type": content_type, **outside.slack_headers(body), **(headers or {})}
        return self.post("/slack/events", content=body.encode(), headers=sent)


_LOCKER = """
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
connection.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
connection.execute("COMMIT")
print("released", flush=True)
"""


class WriteLock:
    """Another process holding the database's write lock (``BEGIN IMMEDIATE``) for a while,
    as a long transaction of another program (or a stuck replica) would."""

    def __init__(self, database: str | os.PathLike[str], seconds: float) -> None:
        self.database = database
        self.seconds = seconds
        self.process: subprocess.Popen[str] | None = None
        self.output: Output | None = None
        self.taken_at = 0.0

    def take(self, timeout: float = 20.0) -> WriteLock:
        """Start the process; return once it holds the lock."""
        self.process = subprocess.Popen(
            [sys.executable, "-c", _LOCKER, str(self.database), str(self.seconds)],
            stdout=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
            env=child_env(),
        )
        assert self.process.stdout is not None
        self.output = Output(self.process.stdout)
        self.output.wait_for("locked", timeout)
        self.taken_at = time.monotonic()
        return self

    def wait_released(self, timeout: float = 60.0) -> None:
        assert self.process is not None and self.output is not None
        self.output.wait_for("released", timeout)
        self.process.wait(10)

    def close(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)


@contextlib.contextmanager
def read_store(database: str | os.PathLike[str]) -> Iterator[Store]:
    """The database as the bot left it, read with the bot's own store (no migration)."""
    store = Store.open(database, migrate=False)
    try:
        yield store
    finally:
        store.close()


__all__ = [
    "READY_LINE",
    "TELEGRAM_SECRET_HEADER",
    "BotProcess",
    "Output",
    "WriteLock",
    "child_env",
    "command",
    "eventually",
    "free_port",
    "ours",
    "read_store",
]
