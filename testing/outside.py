"""The world a bot process talks to, served from a thread of the test process.

``Servers`` runs an event loop on a daemon thread and serves ASGI apps on 127.0.0.1 until
closed; ``Outside`` puts the PerfectGym sandbox, the fake Telegram Bot API (``FakeBotApi``,
served over HTTP by ``serve_bot_api``) and the fake Slack Web API on it, and says how a bot
process must be configured to use them (``bot_env``). The test thread stays free to start,
kill and restart processes (``testing.processes``) while the fakes keep answering.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Mapping
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx
from slack_sdk.signature import SignatureVerifier
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp

from bot.sandbox import Sandbox, serve_sandbox
from bot.serving import serve_asgi
from testing.slack import FakeSlackApi, serve_fake_slack
from testing.telegram import FakeBotApi

T = TypeVar("T")


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
async def serve_bot_api(fake: FakeBotApi) -> AsyncIterator[str]:
    """Serve ``fake`` on 127.0.0.1; its ``base_url`` then points there (``.../bot``)."""
    async with serve_asgi(bot_api_app(fake), name="fake-telegram") as url:
        fake.base_url = f"{url}/bot"
        yield url


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

    def run(self, work: Coroutine[Any, Any, T], timeout: float = 60.0) -> T:
        """Run a coroutine on that loop (e.g. an in-process engine preparing the database)."""
        return self.servers.run(work, timeout)

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


__all__ = ["Outside", "Servers", "bot_api_app", "serve_bot_api"]
