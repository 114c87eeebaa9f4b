"""``FakeBotApi``: the Telegram Bot API as PTB's real HTTP calls meet it (caught with respx)."""

from __future__ import annotations

import contextlib
import itertools
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import respx

from ._limits import Limits
from ._methods import METHODS, get_updates
from ._shapes import (
    EPOCH,
    ApiCall,
    BotUser,
    ChatMessage,
    chat_json,
    error,
    int_or_none,
    message_json,
    params_of,
    user_json,
)


@dataclass
class _Failure:
    method: str
    status: int
    description: str
    retry_after: int | None
    chat_id: int | None
    times: int


@dataclass
class _Disconnect:
    method: str
    delivered: bool
    times: int


class FakeBotApi:
    """Answers PTB like the Telegram Bot API; records chats; enforces limits."""

    def __init__(
        self,
        *,
        token: str = "123456:TEST-token_for-the-fake",
        base_url: str = "http://tg.test/bot",
        now: Callable[[], float] = time.monotonic,
        overall_per_second: int = 30,
        chat_interval: float = 1.0,
        username: str = "upsell_test_bot",
    ) -> None:
        self.token = token
        self.base_url = base_url
        self.now = now
        self.overall_per_second = overall_per_second
        self.chat_interval = chat_interval
        self.username = username
        self.bot_id = int(token.split(":", 1)[0])
        self.bot = BotUser(self.bot_id, username)
        self.limits = Limits(now, overall_per_second, chat_interval)
        self.calls: list[ApiCall] = []
        self.violations: list[str] = self.limits.violations
        self.webhook: dict[str, Any] | None = None
        self.commands: dict[str, list[dict[str, str]]] = {}
        """The command menu per ``language_code`` ("" for the default), as setMyCommands set it."""
        self._chats: dict[int, list[ChatMessage]] = {}
        self._message_ids: dict[int, itertools.count[int]] = {}
        self._update_ids = itertools.count(700_000_001)
        self._query_ids = itertools.count(1)
        self._pending_queries: set[str] = set()
        self._failures: list[_Failure] = []
        self._disconnects: list[_Disconnect] = []
        self._blocked: set[int] = set()
        self._updates: list[dict[str, Any]] = []

    # --- installing ------------------------------------------------------------------

    @contextlib.contextmanager
    def installed(self) -> Iterator[FakeBotApi]:
        """Catch every httpx request to the fake's host; let loopback (sandbox, app) through."""
        host = httpx.URL(self.base_url).host
        with respx.mock(assert_all_called=False) as router:
            router.route(host=host).mock(side_effect=self.handle)
            router.route(host="127.0.0.1").pass_through()
            router.route(host="localhost").pass_through()
            yield self

    # --- what the member sees --------------------------------------------------------

    def chat(self, chat_id: int) -> list[ChatMessage]:
        """Every message of a chat in order, the member's and the bot's."""
        return list(self._chats.get(chat_id, []))

    def bot_messages(self, chat_id: int) -> list[ChatMessage]:
        return [m for m in self._chats.get(chat_id, []) if m.from_bot]

    def texts(self, chat_id: int) -> list[str]:
        return [m.text for m in self.bot_messages(chat_id)]

    def last(self, chat_id: int) -> ChatMessage:
        messages = self.bot_messages(chat_id)
        if not messages:
            raise AssertionError(f"the bot sent nothing to chat {chat_id}")
        return messages[-1]

    def calls_to(self, method: str) -> list[ApiCall]:
        return [call for call in self.calls if call.method == method]

    def unanswered_callbacks(self) -> list[str]:
        return sorted(self._pending_queries)

    # --- knobs -----------------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        status: int,
        *,
        description: str | None = None,
        retry_after: int | None = None,
        chat_id: int | None = None,
        times: int = 1,
    ) -> None:
        """Answer the next ``times`` calls of ``method`` (in ``chat_id``) with an error."""
        default = {
            400: "Bad Request: chat not found",
            403: "Forbidden: bot was blocked by the user",
            429: f"Too Many Requests: retry after {retry_after}",
            502: "Bad Gateway",
        }.get(status, "Error")
        self._failures.append(
            _Failure(method, status, description or default, retry_after, chat_id, times)
        )

    def disconnect_next(self, method: str, *, delivered: bool, times: int = 1) -> None:
        """Break the connection: before the request arrives, or after Telegram handled it."""
        self._disconnects.append(_Disconnect(method, delivered, times))

    def block(self, chat_id: int) -> None:
        """The member blocked the bot: everything for this chat gets 403."""
        self._blocked.add(chat_id)

    def unblock(self, chat_id: int) -> None:
        self._blocked.discard(chat_id)

    def queue_update(self, update: dict[str, Any]) -> None:
        """Offer an update to ``getUpdates`` (polling)."""
        self._updates.append(update)

    # --- updates, as Telegram sends them ---------------------------------------------

    def user(self, chat_id: int, language_code: str | None = "en") -> dict[str, Any]:
        return user_json(chat_id, language_code)

    def message(
        self,
        chat_id: int,
        text: str,
        *,
        language_code: str | None = "en",
        update_id: int | None = None,
    ) -> dict[str, Any]:
        """A text message update; a leading ``/command`` carries its bot_command entity."""
        message_id = self._next_message_id(chat_id)
        self._chats.setdefault(chat_id, []).append(
            ChatMessage(message_id=message_id, chat_id=chat_id, text=text, from_bot=False)
        )
        payload: dict[str, Any] = {
            "message_id": message_id,
            "date": self._date(),
            "chat": chat_json(chat_id),
            "from": user_json(chat_id, language_code),
            "text": text,
        }
        if text.startswith("/"):
            length = len(text.split(maxsplit=1)[0].encode("utf-16-le")) // 2
            payload["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        return {"update_id": update_id or next(self._update_ids), "message": payload}

    def sticker(self, chat_id: int) -> dict[str, Any]:
        """A message without text (a sticker)."""
        payload = {
            "message_id": self._next_message_id(chat_id),
            "date": self._date(),
            "chat": chat_json(chat_id),
            "from": user_json(chat_id),
            "sticker": {
                "file_id": "CAACAgIAAxkBAAEB",
                "file_unique_id": "AgADzQADVp29Cg",
                "type": "regular",
                "width": 512,
                "height": 512,
                "is_animated": False,
                "is_video": False,
            },
        }
        return {"update_id": next(self._update_ids), "message": payload}

    def callback(
        self, chat_id: int, message_id: int, data: str, *, language_code: str | None = "en"
    ) -> dict[str, Any]:
        """A button press on message ``message_id``; the query must then be answered."""
        query_id = f"{self.bot_id}{next(self._query_ids):010d}"
        self._pending_queries.add(query_id)
        shown = next((m for m in self.chat(chat_id) if m.message_id == message_id), None)
        message = message_json(
            shown or ChatMessage(message_id=message_id, chat_id=chat_id, text="…", from_bot=True),
            self.bot,
            self._date(),
        )
        query = {
            "id": query_id,
            "from": user_json(chat_id, language_code),
            "message": message,
            "chat_instance": f"-{chat_id}{self.bot_id}",
            "data": data,
        }
        return {"update_id": next(self._update_ids), "callback_query": query}

    def press(
        self, chat_id: int, label: str, *, language_code: str | None = "en"
    ) -> dict[str, Any]:
        """Press the button labelled ``label`` (or starting with it) on the latest message
        that shows one."""
        for message in reversed(self.bot_messages(chat_id)):
            for row in message.buttons:
                for shown, data in row:
                    if shown == label or shown.startswith(label):
                        return self.callback(
                            chat_id, message.message_id, data, language_code=language_code
                        )
        visible = [m.labels for m in self.bot_messages(chat_id)[-3:]]
        raise AssertionError(f"no button {label!r} in chat {chat_id}; latest buttons: {visible}")

    def member_status(self, chat_id: int, status: str) -> dict[str, Any]:
        """A ``my_chat_member`` update: the member blocked ("kicked") or restarted ("member")."""
        bot_user = self.bot.json()
        old = "member" if status == "kicked" else "kicked"
        change = {
            "chat": chat_json(chat_id),
            "from": user_json(chat_id),
            "date": self._date(),
            "old_chat_member": {"user": bot_user, "status": old}
            | ({"until_date": 0} if old == "kicked" else {}),
            "new_chat_member": {"user": bot_user, "status": status}
            | ({"until_date": 0} if status == "kicked" else {}),
        }
        return {"update_id": next(self._update_ids), "my_chat_member": change}

    # --- the HTTP side ---------------------------------------------------------------

    async def handle(self, request: httpx.Request) -> httpx.Response:
        """Answer one Bot API request (respx calls it; ``testing.processes`` serves it)."""
        prefix = httpx.URL(self.base_url).path + self.token + "/"
        path = request.url.path
        if not path.startswith(prefix):
            return error(401, "Unauthorized")
        method = path[len(prefix) :]
        params = params_of(request)
        disconnect = self._take_disconnect(method)
        if disconnect is not None and not disconnect.delivered:
            raise httpx.ConnectError("connection refused", request=request)
        if method == "getUpdates":
            response = await get_updates(self, params)
        else:
            response = self._dispatch(method, params)
        self.calls.append(ApiCall(method, params, self.now(), response.status_code))
        if disconnect is not None:
            raise httpx.ReadTimeout("timed out waiting for the answer", request=request)
        return response

    def _dispatch(self, method: str, params: dict[str, Any]) -> httpx.Response:
        chat_id = int_or_none(params.get("chat_id"))
        failure = self._take_failure(method, chat_id)
        if failure is not None:
            if failure.retry_after is not None and chat_id is not None:
                self.limits.hold(failure.retry_after)
            return error(failure.status, failure.description, failure.retry_after)
        if chat_id is not None and chat_id in self._blocked:
            return error(403, "Forbidden: bot was blocked by the user")
        handler = METHODS.get(method)
        if handler is None:
            self.violations.append(f"{method}: not a method this fake knows")
            return error(404, "Not Found")
        return handler(self, params)

    def _take_failure(self, method: str, chat_id: int | None) -> _Failure | None:
        for failure in self._failures:
            if failure.method == method and failure.chat_id in (None, chat_id):
                failure.times -= 1
                if failure.times <= 0:
                    self._failures.remove(failure)
                return failure
        return None

    def _take_disconnect(self, method: str) -> _Disconnect | None:
        for disconnect in self._disconnects:
            if disconnect.method == method:
                disconnect.times -= 1
                if disconnect.times <= 0:
                    self._disconnects.remove(disconnect)
                return disconnect
        return None

    def _date(self) -> int:
        return EPOCH + int(self.now())

    def _next_message_id(self, chat_id: int) -> int:
        return next(self._message_ids.setdefault(chat_id, itertools.count(1)))
