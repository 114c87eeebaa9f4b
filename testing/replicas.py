"""Real ``upsell-bot run`` processes for tests that need them: replicas, kills, restarts.

- ``served_bot_api(fake)`` serves a ``FakeBotApi`` over real HTTP (the processes cannot be
  patched with respx), so every replica talks to one fake Telegram and the fake's limits
  (30 messages a second overall, one a second per chat) judge them all together.
- ``Replica.start(env, ...)`` runs ``upsell-bot run`` with the given environment on a free
  port, collects its output, and returns once ``/healthz`` answers; ``kill()`` is SIGKILL,
  ``stop()`` SIGTERM and a clean exit.
- ``bot_env(...)`` is the environment of a bot on one database, one studio of the sandbox
  and the fake Telegram, in webhook mode or polling.

Use::

    async with served_bot_api(fake) as telegram_url:
        replicas = [await Replica.start(bot_env(...), tmp_path) for _ in range(3)]
        await replicas[0].telegram(update)   # a webhook delivery, as Telegram posts it
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import time
from collections.abc import AsyncIterator, Mapping
from pathlib import Path
from typing import Any

import httpx
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response

from bot.serving import serve_asgi
from testing.processes import command, free_port
from testing.telegram import FakeBotApi

WEBHOOK_SECRET = "replica-webhook-secret"
WEBHOOK_PATH = "/telegram/webhook"
_OURS = ("TELEGRAM_", "SLACK_", "PERFECTGYM_", "UPSELL_", "DATABASE_URL", "HTTP_", "METRICS_")


@contextlib.asynccontextmanager
async def served_bot_api(fake: FakeBotApi) -> AsyncIterator[str]:
    """The fake Telegram Bot API on 127.0.0.1; yields the base URL for TELEGRAM_API_BASE_URL."""
    target = httpx.URL(fake.base_url)

    async def app(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        request = Request(scope, receive)
        try:
            body = await request.body()
        except ClientDisconnect:  # a bot killed mid-request: nothing to answer
            return
        forwarded = httpx.Request(
            request.method,
            target.copy_with(path=request.url.path, query=request.url.query.encode()),
            headers=[(k, v) for k, v in request.headers.items() if k.lower() != "host"],
            content=body,
        )
        answer = await fake.handle(forwarded)
        response = Response(
            content=answer.content,
            status_code=answer.status_code,
            media_type=answer.headers.get("content-type", "application/json"),
        )
        await response(scope, receive, send)

    async with serve_asgi(app, name="fake-telegram") as url:
        yield url


def bot_env(
    *,
    database: str,
    sandbox_url: str,
    api_key: str,
    webhook_key: str,
    telegram_url: str,
    token: str,
    webhook: bool = True,
    studio: str = "Berlin Mitte",
    extra: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """A bot on ``database`` (a SQLite path or a PostgreSQL URL) and one sandbox studio."""
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith(_OURS)}
    env.update(
        PYTHONUNBUFFERED="1",
        UPSELL_DB=database,
        UPSELL_SECRET_KEY="replica-test-secret-key",
        PERFECTGYM_BASE_URL=sandbox_url,
        PERFECTGYM_API_KEY=api_key,
        PERFECTGYM_WEBHOOK_KEY=webhook_key,
        PERFECTGYM_STUDIO_NAME=studio,
        TELEGRAM_BOT_TOKEN=token,
        TELEGRAM_API_BASE_URL=telegram_url,
        HTTP_HOST="127.0.0.1",
        LOG_LEVEL="INFO",
    )
    if webhook:
        env.update(
            TELEGRAM_WEBHOOK_URL=f"https://bot.example.org{WEBHOOK_PATH}",
            TELEGRAM_WEBHOOK_SECRET=WEBHOOK_SECRET,
        )
    env.update(extra or {})
    return env


class Replica:
    """One ``upsell-bot run`` process."""

    def __init__(self, process: asyncio.subprocess.Process, url: str, name: str) -> None:
        self.process = process
        self.url = url
        self.name = name
        self.output: list[str] = []
        self._reader: asyncio.Task[None] | None = None
        self.http = httpx.AsyncClient(base_url=url, timeout=10)

    @classmethod
    async def start(
        cls, env: Mapping[str, str], cwd: Path, *, name: str = "replica", ready: float = 30.0
    ) -> Replica:
        port = free_port()
        process = await asyncio.create_subprocess_exec(
            *command(),
            "run",
            cwd=cwd,
            env={**env, "HTTP_PORT": str(port)},
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        replica = cls(process, f"http://127.0.0.1:{port}", name)
        replica._reader = asyncio.create_task(replica._read(), name=f"{name}-output")
        deadline = time.monotonic() + ready
        while time.monotonic() < deadline:
            if process.returncode is not None:
                raise AssertionError(f"{name} exited at start:\n{replica.log}")
            with contextlib.suppress(httpx.HTTPError):
                if (await replica.http.get("/healthz")).status_code in (200, 503):
                    return replica
            await asyncio.sleep(0.05)
        await replica.kill()
        raise AssertionError(f"{name} did not answer /healthz in {ready} s:\n{replica.log}")

    async def _read(self) -> None:
        assert self.process.stdout is not None
        while line := await self.process.stdout.readline():
            self.output.append(line.decode(errors="replace"))

    @property
    def log(self) -> str:
        return "".join(self.output)

    @property
    def alive(self) -> bool:
        return self.process.returncode is None

    async def health(self) -> dict[str, Any]:
        answer: dict[str, Any] = (await self.http.get("/healthz")).json()
        return answer

    async def telegram(
        self, update: Mapping[str, Any], *, retry_for: float = 10.0
    ) -> httpx.Response:
        """POST one update to this replica's webhook as Telegram does: again (after a short
        pause) while the answer is 503, for ``retry_for`` seconds at most."""
        deadline = time.monotonic() + retry_for
        while True:
            answer = await self.http.post(
                WEBHOOK_PATH,
                json=dict(update),
                headers={"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET},
            )
            if answer.status_code != 503 or time.monotonic() > deadline:
                return answer
            await asyncio.sleep(0.1)

    async def kill(self) -> None:
        """SIGKILL: no clean-up, as when a host or a container dies."""
        if self.alive:
            self.process.send_signal(signal.SIGKILL)
        await self._end()

    async def stop(self) -> int:
        """SIGTERM and wait (20 s at most) for the clean exit; returns the exit code."""
        if self.alive:
            self.process.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(self.process.wait(), 20.0)
        await self._end()
        return code

    async def _end(self) -> None:
        await self.process.wait()
        if self._reader is not None:
            await self._reader
        await self.http.aclose()


async def until(
    condition: Any, *, seconds: float = 20.0, every: float = 0.05, what: str = "condition"
) -> None:
    """Wait for ``condition()`` (sync or async) to be true."""
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if asyncio.iscoroutine(value):
            value = await value
        if value:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} not met within {seconds} s")
        await asyncio.sleep(every)
