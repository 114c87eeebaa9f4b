"""A Telegram Bot API stand-in that catches PTB's real HTTP calls (respx) and enforces limits.

PTB checks none of Telegram's limits; this fake does, so a test fails when the bot would be
refused by the real Telegram:

- text 1..4096 characters (UTF-16 code units, as Telegram counts), callback_data 1..64 bytes;
- at most ``overall_per_second`` messages in any one-second window, one message per
  ``chat_interval`` per chat (sends and edits), nothing sent during a ``retry_after`` wait;
- every callback query answered exactly once.

Breaking a limit gets Telegram's own answer (400, or 429 with ``retry_after``) and is
recorded in ``violations``; a test asserts that list stays empty. Time comes from ``now``
(seconds; pass ``SimulatedClock.monotonic`` to judge on a simulated clock).

Use::

    fake = FakeBotApi(now=timer.monotonic)
    with fake.installed():              # respx patches httpx; loopback passes through
        app = build_application(fake.token, base_url=fake.base_url, ...)
        update = fake.message(42, "/start")         # realistic Update JSON
        ...                                          # feed it to the Application
        fake.bot_messages(42)[-1].text               # what the member saw
        fake.press(42, "Discover modules")           # the callback update for a button

Failure knobs: ``fail_next`` (any status, e.g. 400 or 429 with ``retry_after``), ``block``
(403 "bot was blocked by the user"), ``disconnect_next`` (a connection error before the
request arrives, or a read timeout after Telegram took it). Polling: ``queue_update`` feeds
``getUpdates``.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import math
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

import httpx
import respx

EPOCH = 1_764_151_200  # message dates: seconds since this, on the fake's clock
TOLERANCE = 1e-3  # a limit is only broken by more than a millisecond


@dataclass
class ChatMessage:
    """A message in a private chat, as the member sees it now (after any edits)."""

    message_id: int
    chat_id: int
    text: str
    from_bot: bool
    buttons: list[list[tuple[str, str]]] = field(default_factory=list)
    """Rows of (label, callback_data)."""
    edits: int = 0
    """Edits of the text (``editMessageText``)."""
    markup_edits: int = 0
    """Edits of the buttons alone (``editMessageReplyMarkup``)."""

    @property
    def labels(self) -> list[str]:
        return [label for row in self.buttons for label, _ in row]


@dataclass(frozen=True)
class ApiCall:
    method: str
    params: dict[str, Any]
    at: float
    status: int


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
        self.calls: list[ApiCall] = []
        self.violations: list[str] = []
        self.webhook: dict[str, Any] | None = None
        self.commands: dict[str, list[dict[str, str]]] = {}
        """The command menu per ``language_code`` ("" for the default), as setMyCommands set it."""
        self._chats: dict[int, list[ChatMessage]] = {}
        self._message_ids: dict[int, itertools.count[int]] = {}
        self._update_ids = itertools.count(700_000_001)
        self._query_ids = itertools.count(1)
        self._pending_queries: set[str] = set()
        self._window: deque[float] = deque()
        self._chat_last: dict[int, float] = {}
        self._flood_until = 0.0
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
            router.route(host=host).mock(side_effect=self._handle)
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
        user: dict[str, Any] = {"id": chat_id, "is_bot": False, "first_name": f"Member{chat_id}"}
        if language_code is not None:
            user["language_code"] = language_code
        return user

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
            "chat": self._chat_json(chat_id),
            "from": self.user(chat_id, language_code),
            "text": text,
        }
        if text.startswith("/"):
            length = len(text.split(maxsplit=1)[0].encode("utf-16-le")) // 2
            payload["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        return {"update_id": update_id or next(self._update_ids), "message": payload}

    def sticker(self, chat_id: int) -> dict[str, Any]:
        """A message without text (a sticker)."""
        message_id = self._next_message_id(chat_id)
        payload = {
            "message_id": message_id,
            "date": self._date(),
            "chat": self._chat_json(chat_id),
            "from": self.user(chat_id),
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
        message = self._message_json(
            shown or ChatMessage(message_id=message_id, chat_id=chat_id, text="…", from_bot=True)
        )
        query = {
            "id": query_id,
            "from": self.user(chat_id, language_code),
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
        bot_user = self._bot_user()
        old = "member" if status == "kicked" else "kicked"
        change = {
            "chat": self._chat_json(chat_id),
            "from": self.user(chat_id),
            "date": self._date(),
            "old_chat_member": {"user": bot_user, "status": old}
            | ({"until_date": 0} if old == "kicked" else {}),
            "new_chat_member": {"user": bot_user, "status": status}
            | ({"until_date": 0} if status == "kicked" else {}),
        }
        return {"update_id": next(self._update_ids), "my_chat_member": change}

    # --- the HTTP side ---------------------------------------------------------------

    async def _handle(self, request: httpx.Request) -> httpx.Response:
        prefix = httpx.URL(self.base_url).path + self.token + "/"
        path = request.url.path
        if not path.startswith(prefix):
            return self._error(401, "Unauthorized")
        method = path[len(prefix) :]
        params = self._params(request)
        disconnect = self._take_disconnect(method)
        if disconnect is not None and not disconnect.delivered:
            raise httpx.ConnectError("connection refused", request=request)
        if method == "getUpdates":
            response = await self._get_updates(params)
        else:
            response = self._dispatch(method, params)
        self.calls.append(ApiCall(method, params, self.now(), response.status_code))
        if disconnect is not None:
            raise httpx.ReadTimeout("timed out waiting for the answer", request=request)
        return response

    def _dispatch(self, method: str, params: dict[str, Any]) -> httpx.Response:
        chat_id = _int_or_none(params.get("chat_id"))
        failure = self._take_failure(method, chat_id)
        if failure is not None:
            if failure.retry_after is not None and chat_id is not None:
                self._flood_until = max(self._flood_until, self.now() + failure.retry_after)
            return self._error(failure.status, failure.description, failure.retry_after)
        if chat_id is not None and chat_id in self._blocked:
            return self._error(403, "Forbidden: bot was blocked by the user")
        handler = _METHODS.get(method)
        if handler is None:
            self.violations.append(f"{method}: not a method this fake knows")
            return self._error(404, "Not Found")
        return handler(self, params)

    # --- limits ----------------------------------------------------------------------

    def _check_rate(self, method: str, chat_id: int) -> httpx.Response | None:
        now = self.now()
        if now < self._flood_until - TOLERANCE:
            wait = self._flood_until - now
            self.violations.append(
                f"{method} to {chat_id} during a retry_after wait ({wait:.3f} s early)"
            )
            return self._error(429, "Too Many Requests", math.ceil(wait))
        while self._window and self._window[0] <= now - 1.0 + TOLERANCE:
            self._window.popleft()
        if len(self._window) >= self.overall_per_second:
            self.violations.append(
                f"{method}: more than {self.overall_per_second} messages in a second"
            )
            return self._flood(self._window[0] + 1.0 - now)
        last = self._chat_last.get(chat_id)
        if last is not None and now - last < self.chat_interval - TOLERANCE:
            self.violations.append(
                f"{method} to {chat_id}: {now - last:.3f} s after the previous message"
            )
            return self._flood(last + self.chat_interval - now)
        self._window.append(now)
        self._chat_last[chat_id] = now
        return None

    def _flood(self, wait: float) -> httpx.Response:
        retry_after = max(1, math.ceil(wait))
        self._flood_until = max(self._flood_until, self.now() + retry_after)
        return self._error(429, f"Too Many Requests: retry after {retry_after}", retry_after)

    def _check_text(self, method: str, text: Any) -> httpx.Response | None:
        if not isinstance(text, str) or not text.strip():
            self.violations.append(f"{method}: empty text")
            return self._error(400, "Bad Request: message text is empty")
        length = len(text.encode("utf-16-le")) // 2
        if length > 4096:
            self.violations.append(f"{method}: text of {length} characters (4096 allowed)")
            return self._error(400, "Bad Request: message is too long")
        return None

    def _check_keyboard(
        self, method: str, markup: Any
    ) -> tuple[list[list[tuple[str, str]]], httpx.Response | None]:
        if markup is None:
            return [], None
        rows: list[list[tuple[str, str]]] = []
        for row in markup.get("inline_keyboard", []):
            buttons = []
            for button in row:
                data = button.get("callback_data")
                size = len(data.encode("utf-8")) if isinstance(data, str) else 0
                if not 1 <= size <= 64:
                    self.violations.append(f"{method}: callback_data of {size} bytes (1..64)")
                    return [], self._error(400, "Bad Request: BUTTON_DATA_INVALID")
                buttons.append((str(button.get("text", "")), data))
            rows.append(buttons)
        return rows, None

    # --- methods ---------------------------------------------------------------------

    def _get_me(self, params: dict[str, Any]) -> httpx.Response:
        return self._ok(
            self._bot_user()
            | {
                "can_join_groups": False,
                "can_read_all_group_messages": False,
                "supports_inline_queries": False,
            }
        )

    def _send_message(self, params: dict[str, Any]) -> httpx.Response:
        chat_id = int(params["chat_id"])
        refused = self._check_text("sendMessage", params.get("text"))
        if refused is not None:
            return refused
        rows, refused = self._check_keyboard("sendMessage", params.get("reply_markup"))
        if refused is not None:
            return refused
        refused = self._check_rate("sendMessage", chat_id)
        if refused is not None:
            return refused
        message = ChatMessage(
            message_id=self._next_message_id(chat_id),
            chat_id=chat_id,
            text=str(params["text"]),
            from_bot=True,
            buttons=rows,
        )
        self._chats.setdefault(chat_id, []).append(message)
        return self._ok(self._message_json(message))

    def _edit_message_text(self, params: dict[str, Any]) -> httpx.Response:
        chat_id = int(params["chat_id"])
        message_id = int(params["message_id"])
        refused = self._check_text("editMessageText", params.get("text"))
        if refused is not None:
            return refused
        rows, refused = self._check_keyboard("editMessageText", params.get("reply_markup"))
        if refused is not None:
            return refused
        message = next((m for m in self.bot_messages(chat_id) if m.message_id == message_id), None)
        if message is None:
            return self._error(400, "Bad Request: message to edit not found")
        if message.text == params["text"] and message.buttons == rows:
            return self._error(
                400,
                "Bad Request: message is not modified: specified new message content and reply "
                "markup are exactly the same as a current content and reply markup of the message",
            )
        refused = self._check_rate("editMessageText", chat_id)
        if refused is not None:
            return refused
        message.text, message.buttons = str(params["text"]), rows
        message.edits += 1
        return self._ok(self._message_json(message))

    def _edit_message_reply_markup(self, params: dict[str, Any]) -> httpx.Response:
        chat_id = int(params["chat_id"])
        message_id = int(params["message_id"])
        rows, refused = self._check_keyboard("editMessageReplyMarkup", params.get("reply_markup"))
        if refused is not None:
            return refused
        message = next((m for m in self.bot_messages(chat_id) if m.message_id == message_id), None)
        if message is None:
            return self._error(400, "Bad Request: message to edit not found")
        if message.buttons == rows:
            return self._error(
                400,
                "Bad Request: message is not modified: specified new message content and reply "
                "markup are exactly the same as a current content and reply markup of the message",
            )
        refused = self._check_rate("editMessageReplyMarkup", chat_id)
        if refused is not None:
            return refused
        message.buttons = rows
        message.markup_edits += 1
        return self._ok(self._message_json(message))

    def _answer_callback_query(self, params: dict[str, Any]) -> httpx.Response:
        query_id = str(params.get("callback_query_id"))
        if query_id not in self._pending_queries:
            self.violations.append(f"answerCallbackQuery: unknown or already answered {query_id}")
            return self._error(
                400,
                "Bad Request: query is too old and response timeout expired or query ID is invalid",
            )
        if len(str(params.get("text", ""))) > 200:
            self.violations.append("answerCallbackQuery: text over 200 characters")
            return self._error(400, "Bad Request: MESSAGE_TOO_LONG")
        self._pending_queries.discard(query_id)
        return self._ok(True)

    def _set_webhook(self, params: dict[str, Any]) -> httpx.Response:
        self.webhook = params
        return self._ok(True)

    def _delete_webhook(self, params: dict[str, Any]) -> httpx.Response:
        self.webhook = None
        return self._ok(True)

    def _set_my_commands(self, params: dict[str, Any]) -> httpx.Response:
        commands = params.get("commands") or []
        for command in commands:
            name, description = command.get("command", ""), command.get("description", "")
            if not (1 <= len(name) <= 32 and name.islower() and 1 <= len(description) <= 256):
                self.violations.append(f"setMyCommands: {command} breaks Telegram's limits")
                return self._error(400, "Bad Request: BOT_COMMAND_INVALID")
        self.commands[params.get("language_code", "")] = commands
        return self._ok(True)

    async def _get_updates(self, params: dict[str, Any]) -> httpx.Response:
        offset = int(params.get("offset") or 0)
        self._updates = [u for u in self._updates if u["update_id"] >= offset]
        if not self._updates:
            await asyncio.sleep(0.02)  # a short long-poll, so polling tests stay fast
        return self._ok(list(self._updates))

    # --- JSON shapes -----------------------------------------------------------------

    def _bot_user(self) -> dict[str, Any]:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "Upsell",
            "username": self.username,
        }

    def _chat_json(self, chat_id: int) -> dict[str, Any]:
        return {"id": chat_id, "type": "private", "first_name": f"Member{chat_id}"}

    def _message_json(self, message: ChatMessage) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "message_id": message.message_id,
            "date": self._date(),
            "chat": self._chat_json(message.chat_id),
            "from": self._bot_user() if message.from_bot else self.user(message.chat_id),
            "text": message.text,
        }
        if message.buttons:
            payload["reply_markup"] = {
                "inline_keyboard": [
                    [{"text": label, "callback_data": data} for label, data in row]
                    for row in message.buttons
                ]
            }
        if message.edits:
            payload["edit_date"] = self._date()
        return payload

    def _date(self) -> int:
        return EPOCH + int(self.now())

    def _next_message_id(self, chat_id: int) -> int:
        return next(self._message_ids.setdefault(chat_id, itertools.count(1)))

    def _ok(self, result: Any) -> httpx.Response:
        return httpx.Response(200, json={"ok": True, "result": result})

    def _error(
        self, status: int, description: str, retry_after: int | None = None
    ) -> httpx.Response:
        body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
        if retry_after is not None:
            body["parameters"] = {"retry_after": retry_after}
        return httpx.Response(status, json=body)

    @staticmethod
    def _params(request: httpx.Request) -> dict[str, Any]:
        params: dict[str, Any] = {}
        for key, value in parse_qsl(request.content.decode(), keep_blank_values=True):
            if key in ("reply_markup", "allowed_updates", "commands"):
                value = json.loads(value)
            params[key] = value
        return params

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


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


_METHODS: dict[str, Callable[[FakeBotApi, dict[str, Any]], httpx.Response]] = {
    "getMe": FakeBotApi._get_me,
    "sendMessage": FakeBotApi._send_message,
    "editMessageText": FakeBotApi._edit_message_text,
    "editMessageReplyMarkup": FakeBotApi._edit_message_reply_markup,
    "answerCallbackQuery": FakeBotApi._answer_callback_query,
    "setWebhook": FakeBotApi._set_webhook,
    "deleteWebhook": FakeBotApi._delete_webhook,
    "setMyCommands": FakeBotApi._set_my_commands,
}
