"""A fake Slack Web API on 127.0.0.1: records every call, answers like Slack, can answer 429.

slack_sdk's async client speaks aiohttp, so respx cannot see it: this is a real HTTP server
(``bot.serving.serve_asgi``) the client is pointed at with ``base_url``. It also receives
``response_url`` posts (point a request's ``response_url`` at ``fake.response_url()``), and
file uploads the way ``files_upload_v2`` makes them: ``files.getUploadURLExternal`` hands out
an upload URL on this server, the bytes are posted there, ``files.completeUploadExternal``
shares the file in a channel (``fake.files``). Every answer lists the token's ``scopes`` in
the ``x-oauth-scopes`` header, as Slack does.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from bot.serving import serve_asgi

WAIT_SECONDS = 5.0


@dataclass
class Call:
    """One Web API call: method name, arguments (query, form or JSON) and the token used."""

    method: str
    args: dict[str, Any]
    token: str | None

    def text(self) -> str:
        """Everything a person would read: the text and every text inside the blocks."""
        return str(self.args.get("text", "")) + "\n" + _block_text(self.args.get("blocks") or [])


@dataclass
class SharedFile:
    """A file uploaded and shared: its name, bytes, channel and the comment posted with it."""

    id: str
    filename: str
    data: bytes
    title: str | None = None
    channel: str | None = None
    comment: str | None = None
    alt_text: str | None = None


DEFAULT_SCOPES = ("commands", "chat:write", "app_mentions:read", "files:write")


@dataclass
class FakeSlackApi:
    bot_token: str
    team_id: str
    url: str = ""
    scopes: tuple[str, ...] = DEFAULT_SCOPES
    """What the ``x-oauth-scopes`` header lists; a method needing ``files:write`` without it
    answers ``missing_scope``."""
    calls: list[Call] = field(default_factory=list)
    files: list[SharedFile] = field(default_factory=list)
    """Files completed and shared, in order."""
    _uploads: dict[str, SharedFile] = field(default_factory=dict)
    responses: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    usergroups: dict[str, list[str]] = field(default_factory=dict)
    _limits: dict[str, list[int]] = field(default_factory=dict)
    _ts: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _changed: asyncio.Condition = field(default_factory=asyncio.Condition)

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/"

    def response_url(self, hook: str = "hook") -> str:
        return f"{self.url}/respond/{hook}"

    def rate_limit(self, method: str, retry_after: int = 1, times: int = 1) -> None:
        """Answer the next ``times`` calls of ``method`` with 429 and this Retry-After."""
        self._limits.setdefault(method, []).extend([retry_after] * times)

    def to(self, method: str) -> list[Call]:
        return [call for call in self.calls if call.method == method]

    def responded(self, hook: str = "hook") -> list[dict[str, Any]]:
        return [body for name, body in self.responses if name == hook]

    async def wait_for(self, method: str, count: int = 1) -> list[Call]:
        """The calls of ``method`` once there are at least ``count`` of them (5 s at most)."""
        await self._until(lambda: len(self.to(method)) >= count)
        return self.to(method)

    async def wait_for_files(self, count: int = 1) -> list[SharedFile]:
        """The files shared once there are at least ``count`` of them (5 s at most)."""
        await self._until(lambda: len(self.files) >= count)
        return list(self.files)

    async def wait_for_response(self, hook: str = "hook", count: int = 1) -> list[dict[str, Any]]:
        await self._until(lambda: len(self.responded(hook)) >= count)
        return self.responded(hook)

    async def _until(self, done: Callable[[], bool]) -> None:
        async with asyncio.timeout(WAIT_SECONDS), self._changed:
            await self._changed.wait_for(done)

    async def _record(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    # --- the HTTP side -------------------------------------------------------------------

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/api/{method}", self._api, methods=["GET", "POST"]),
                Route("/respond/{hook}", self._respond, methods=["POST"]),
                Route("/upload/{file_id}", self._upload, methods=["POST"]),
            ]
        )

    async def _api(self, request: Request) -> Response:
        method = request.path_params["method"]
        args: dict[str, Any] = dict(request.query_params)
        raw = await request.body()
        if raw and request.headers.get("content-type", "").startswith("application/json"):
            args.update(json.loads(raw))
        elif raw:
            args.update((await request.form()).items())
        if isinstance(args.get("blocks"), str):
            args["blocks"] = json.loads(args["blocks"])
        auth = request.headers.get("authorization", "")
        token = auth.removeprefix("Bearer ") if auth.startswith("Bearer ") else None
        self.calls.append(Call(method, args, token))
        await self._record()
        waits = self._limits.get(method)
        if waits:
            retry_after = waits.pop(0)
            headers = {"Retry-After": str(retry_after)}
            return JSONResponse({"ok": False, "error": "ratelimited"}, 429, headers=headers)
        if method == "apps.connections.open":
            return JSONResponse({"ok": False, "error": "invalid_auth"})
        if token != self.bot_token:
            return JSONResponse({"ok": False, "error": "invalid_auth"})
        headers = {"x-oauth-scopes": ",".join(self.scopes)}
        if method.startswith("files.") and "files:write" not in self.scopes:
            refusal = {"ok": False, "error": "missing_scope", "needed": "files:write"}
            return JSONResponse(refusal, headers=headers)
        answer = self._answer(method, args)
        if method == "files.completeUploadExternal":
            await self._record()  # ``files`` changed
        return JSONResponse(answer, headers=headers)

    def _answer(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        ts = f"1700000000.{next(self._ts):06d}"
        if method == "auth.test":
            return {
                "ok": True,
                "url": "https://studio.slack.com/",
                "team": "Studio",
                "user": "upsell",
                "team_id": self.team_id,
                "user_id": "UBOT",
                "bot_id": "BBOT",
                "is_enterprise_install": False,
            }
        if method == "chat.postMessage":
            return {"ok": True, "channel": args.get("channel"), "ts": ts, "message": args}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": ts}
        if method == "files.getUploadURLExternal":
            file_id = f"F{next(self._ts):08d}"
            name = str(args.get("filename") or "")
            self._uploads[file_id] = SharedFile(file_id, name, b"", alt_text=args.get("alt_txt"))
            return {"ok": True, "file_id": file_id, "upload_url": f"{self.url}/upload/{file_id}"}
        if method == "files.completeUploadExternal":
            shared = []
            for entry in json.loads(str(args.get("files") or "[]")):
                upload = self._uploads.pop(entry["id"], None)
                if upload is None or not upload.data:
                    return {"ok": False, "error": "file_not_found"}
                upload.title = entry.get("title")
                upload.channel = args.get("channel_id")
                upload.comment = args.get("initial_comment")
                self.files.append(upload)
                shared.append({"id": upload.id, "name": upload.filename, "title": upload.title})
            return {"ok": True, "files": shared}
        if method == "usergroups.users.list":
            group = args.get("usergroup", "")
            if group not in self.usergroups:
                return {"ok": False, "error": "no_such_subteam"}
            return {"ok": True, "users": self.usergroups[group]}
        return {"ok": False, "error": "unknown_method"}

    async def _upload(self, request: Request) -> Response:
        upload = self._uploads.get(request.path_params["file_id"])
        if upload is None:
            return PlainTextResponse("no such upload", status_code=404)
        upload.data = await request.body()
        return PlainTextResponse("OK - " + str(len(upload.data)))

    async def _respond(self, request: Request) -> Response:
        self.responses.append((request.path_params["hook"], json.loads(await request.body())))
        await self._record()
        return PlainTextResponse("ok")


@asynccontextmanager
async def serve_fake_slack(bot_token: str, team_id: str) -> AsyncIterator[FakeSlackApi]:
    fake = FakeSlackApi(bot_token=bot_token, team_id=team_id)
    async with serve_asgi(fake.app(), name="fake-slack") as url:
        fake.url = url
        yield fake


def _block_text(blocks: list[Any]) -> str:
    """All ``text`` strings inside Block Kit JSON, in order."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "text" and isinstance(value, str):
                    found.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(blocks)
    return "\n".join(found)


def answer_text(body: dict[str, Any]) -> str:
    """The readable text of an ack or response_url body."""
    return str(body.get("text", "")) + "\n" + _block_text(body.get("blocks") or [])
