"""The bot as real processes against the outside world served from the test process.

For tests that need a real process: SIGKILL and restart, several processes on one database,
a lock held by another process. Everything the bot talks to runs on 127.0.0.1 on one event
loop in a thread of the test process (``Servers``), so a test can be plain synchronous code
that starts, kills and restarts processes while the fakes keep answering:

- ``Outside``: the PerfectGym sandbox, the fake Telegram Bot API (``FakeBotApi`` served over
  HTTP) and the fake Slack Web API, and the environment a bot process needs to use them;
- ``BotProcess``: ``upsell-bot run`` with that environment on a free port: start, wait until
  every component runs, post webhooks (Telegram's secret header, Slack's signature,
  PerfectGym's key), SIGTERM, SIGKILL, restart, and its whole output to check for
  tracebacks and secrets;
- ``Output``, ``free_port``, ``command``, ``child_env``, ``eventually``: the pieces.

Use::

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

import asyncio
import contextlib
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Awaitable, Callable, Coroutine, Iterator, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, TypeVar

import httpx
from slack_sdk.signature import SignatureVerifier
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp

from bot.config import Settings
from bot.sandbox import Sandbox, serve_sandbox
from bot.serving import serve_asgi
from bot.store import Store
from testing.slack import FakeSlackApi, serve_fake_slack
from testing.telegram import FakeBotApi

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


# -- servers on a thread of the test process ---------------------------------------------------


class Servers:
    """An event loop on a daemon thread that serves ASGI apps on 127.0.0.1 until ``close``.

    The fakes' state lives on that loop: change it with ``call`` (or through HTTP), read it
    from the test thread (lists and counters only grow or are replaced whole).
    """

    def __init__(self, name: str = "test-servers") -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._stack: contextlib.AsyncExitStack | None = None
        self._thread.start()
        self._stack = self.run(self._new_stack())

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.run_forever()

    @staticmethod
    async def _new_stack() -> contextlib.AsyncExitStack:
        return contextlib.AsyncExitStack()

    def run(self, work: Coroutine[Any, Any, T] | Awaitable[T], timeout: float = 30.0) -> T:
        """Run a coroutine on the servers' loop and return its result."""

        async def wrapped() -> T:
            return await work

        return asyncio.run_coroutine_threadsafe(wrapped(), self.loop).result(timeout)

    def call(self, function: Callable[..., T], *args: Any) -> T:
        """Call a plain function on the servers' loop (to change a fake's state safely)."""

        async def wrapped() -> T:
            return function(*args)

        return self.run(wrapped())

    def enter(
        self,
        context: AbstractAsyncContextManager[T],
        stack: contextlib.AsyncExitStack | None = None,
    ) -> T:
        """Enter an async context (a server) on the loop; it is left when ``stack`` closes
        (by default: at ``close``)."""
        chosen = stack or self._stack
        assert chosen is not None, "the servers are closed"
        return self.run(chosen.enter_async_context(context))

    def stack(self) -> contextlib.AsyncExitStack:
        """A stack of contexts to leave together (``close_stack``) before ``close``."""
        return self.run(self._new_stack())

    def close_stack(self, stack: contextlib.AsyncExitStack) -> None:
        self.run(stack.aclose())

    def serve(self, app: ASGIApp, name: str = "http") -> str:
        """Serve ``app`` on a free port until ``close``; its base URL."""
        return self.enter(serve_asgi(app, name=name))

    def close(self) -> None:
        if self._stack is not None and self.loop.is_running():
            stack, self._stack = self._stack, None
            self.run(stack.aclose())
        if self.loop.is_running():
            self.loop.call_soon_threadsafe(self.loop.stop)
            self._thread.join(timeout=10)
        if not self.loop.is_running():
            self.loop.close()

    def __enter__(self) -> Servers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def bot_api_app(fake: FakeBotApi) -> Starlette:
    """The fake Telegram Bot API as an HTTP app: each request goes to ``fake.handle``."""

    async def endpoint(request: Request) -> Response:
        forwarded = httpx.Request(
            request.method,
            str(request.url),
            headers=[(k.decode("latin-1"), v.decode("latin-1")) for k, v in request.headers.raw],
            content=await request.body(),
        )
        answer = await fake.handle(forwarded)
        return Response(
            answer.content,
            status_code=answer.status_code,
            media_type=answer.headers.get("content-type"),
        )

    return Starlette(routes=[Route("/{path:path}", endpoint, methods=["GET", "POST"])])


@contextlib.asynccontextmanager
async def serve_bot_api(fake: FakeBotApi) -> Any:
    """Serve ``fake`` on 127.0.0.1; its ``base_url`` then points there (``.../bot``)."""
    async with serve_asgi(bot_api_app(fake), name="fake-telegram") as url:
        fake.base_url = f"{url}/bot"
        yield url


# -- the world a bot process talks to ----------------------------------------------------------


@dataclass
class Outside:
    """PerfectGym (the sandbox), Telegram and Slack, served by ``servers`` on 127.0.0.1
    until ``close``."""

    servers: Servers
    sandbox: Sandbox
    sandbox_url: str
    telegram: FakeBotApi
    telegram_url: str
    slack: FakeSlackApi
    _stack: contextlib.AsyncExitStack

    TELEGRAM_SECRET = "fault-matrix-telegram-secret"
    SLACK_SIGNING_SECRET = "fault-matrix-slack-signing-secret"
    SLACK_BOT_TOKEN = "xoxb-fault-matrix-bot-token"
    SLACK_TEAM = "T0STUDIO"
    SLACK_STAFF = "U0STAFF"
    SLACK_CHANNEL = "C0STAFF"
    SECRET_KEY = "fault-matrix-secret-key-for-link-codes"

    @classmethod
    def start(cls, servers: Servers, *, sandbox: Sandbox | None = None) -> Outside:
        """A fresh demo sandbox (real clock), a fake Bot API and a fake Slack, all served."""
        stack = servers.stack()
        chosen = sandbox or servers.call(Sandbox.demo)
        servers.run(_closing_sandbox(stack, chosen))
        sandbox_url = servers.enter(serve_sandbox(chosen), stack)
        # One message per second per chat, judged on arrival: over HTTP two sends a second
        # apart can arrive a few milliseconds closer than that.
        telegram = FakeBotApi(token="424242:FAULT-matrix_token-for-the-fake", chat_interval=0.95)
        telegram_url = servers.enter(serve_bot_api(telegram), stack)
        slack = servers.enter(serve_fake_slack(cls.SLACK_BOT_TOKEN, cls.SLACK_TEAM), stack)
        return cls(servers, chosen, sandbox_url, telegram, telegram_url, slack, stack)

    def close(self) -> None:
        """Stop serving (hanging sandbox requests are released first) and close the sandbox."""
        self.servers.close_stack(self._stack)

    def call(self, function: Callable[..., T], *args: Any) -> T:
        """Run ``function`` on the loop the fakes and the sandbox live on."""
        return self.servers.call(function, *args)

    @property
    def studio(self) -> Any:
        """The sandbox's first studio (Berlin Mitte)."""
        return next(iter(self.sandbox.studios.values()))

    @property
    def secrets(self) -> list[str]:
        """Every secret a bot process is given: none may appear in its output."""
        studio = self.studio
        return [
            self.telegram.token,
            self.TELEGRAM_SECRET,
            self.SLACK_BOT_TOKEN,
            self.SLACK_SIGNING_SECRET,
            self.SECRET_KEY,
            studio.api_key,
            studio.webhook_key,
        ]

    def bot_env(
        self,
        database: str | os.PathLike[str],
        *,
        webhook: bool = True,
        slack: bool = True,
        extra: Mapping[str, str] | None = None,
    ) -> dict[str, str]:
        """The settings of ``upsell-bot run`` on this world: one studio (Berlin Mitte) with its
        webhook key, Telegram by webhook (or polling), the Slack desk open to one staff user."""
        studio = self.studio
        env = {
            "UPSELL_DB": str(database),
            "UPSELL_SECRET_KEY": self.SECRET_KEY,
            "PERFECTGYM_BASE_URL": self.sandbox_url,
            "PERFECTGYM_API_KEY": studio.api_key,
            "PERFECTGYM_WEBHOOK_KEY": studio.webhook_key,
            "PERFECTGYM_STUDIO_NAME": studio.name,
            "PERFECTGYM_LOCALE": "en_GB",
            "TELEGRAM_BOT_TOKEN": self.telegram.token,
            "TELEGRAM_BOT_USERNAME": self.telegram.username,
            "TELEGRAM_API_BASE_URL": self.telegram_url,
            "LOG_LEVEL": "INFO",
        }
        if webhook:
            env["TELEGRAM_WEBHOOK_URL"] = "https://bot.example.org/telegram/webhook"
            env["TELEGRAM_WEBHOOK_SECRET"] = self.TELEGRAM_SECRET
        if slack:
            env.update(
                {
                    "SLACK_BOT_TOKEN": self.SLACK_BOT_TOKEN,
                    "SLACK_SIGNING_SECRET": self.SLACK_SIGNING_SECRET,
                    "SLACK_API_BASE_URL": self.slack.api_url,
                    "SLACK_STAFF_CHANNEL": self.SLACK_CHANNEL,
                    "SLACK_TEAM_ID": self.SLACK_TEAM,
                    "SLACK_ALLOWED_USERS": self.SLACK_STAFF,
                }
            )
        env.update(extra or {})
        return env

    def feed(self) -> list[str]:
        """The staff feed: the text of every message the bot posted to the staff channel."""
        return [
            call.text()
            for call in list(self.slack.calls)
            if call.method == "chat.postMessage" and call.args.get("channel") == self.SLACK_CHANNEL
        ]

    def slack_headers(self, body: str, *, timestamp: int | None = None) -> dict[str, str]:
        """Slack's signature headers for ``body`` (now, or at ``timestamp``)."""
        stamp = str(timestamp if timestamp is not None else int(time.time()))
        signature = SignatureVerifier(self.SLACK_SIGNING_SECRET).generate_signature(
            timestamp=stamp, body=body
        )
        assert signature is not None
        return {"x-slack-request-timestamp": stamp, "x-slack-signature": signature}


async def _closing_sandbox(stack: contextlib.AsyncExitStack, sandbox: Sandbox) -> None:
    stack.push_async_callback(sandbox.aclose)


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
    "Outside",
    "Servers",
    "bot_api_app",
    "child_env",
    "command",
    "eventually",
    "free_port",
    "ours",
    "read_store",
    "serve_bot_api",
]
