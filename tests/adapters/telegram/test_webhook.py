"""The webhook endpoint on the bot's Starlette app, through ``httpx.ASGITransport``."""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.applications import Starlette

from adapters.telegram import (
    SECRET_HEADER,
    FloodLimiter,
    TelegramChannel,
    Webhook,
    build_application,
)
from bot.clock import FakeClock
from bot.store import Store
from conversations import Engine
from testing.telegram import FakeBotApi

SECRET = "s3cret-token_for-tests"
MENU = ["setMyCommands", "setMyCommands"]  # the command menu, English and German, at start
PATH = "/telegram/webhook"


@contextlib.asynccontextmanager
async def started(
    fake: FakeBotApi, engine: Engine, store: Store, clock: FakeClock, limiter: FloodLimiter
) -> AsyncIterator[TelegramChannel]:
    application = build_application(
        fake.token, base_url=fake.base_url, limiter=limiter, polling=False
    )
    webhook = Webhook(url="https://bot.example.org/telegram/webhook", secret=SECRET, path=PATH)
    channel = TelegramChannel(application, engine, clock, webhook=webhook)
    await channel.start()
    try:
        yield channel
    finally:
        if application.running:
            await channel.stop()


@pytest.fixture
async def webhook_channel(
    fake: FakeBotApi, engine: Engine, store: Store, clock: FakeClock, limiter: FloodLimiter
) -> AsyncIterator[TelegramChannel]:
    """In webhook mode, with the engine on the sandbox."""
    async with started(fake, engine, store, clock, limiter) as channel:
        yield channel


@pytest.fixture
async def guarded_channel(
    fake: FakeBotApi, bare_engine: Engine, store: Store, clock: FakeClock, limiter: FloodLimiter
) -> AsyncIterator[TelegramChannel]:
    """In webhook mode, for requests that must never reach the engine."""
    async with started(fake, bare_engine, store, clock, limiter) as channel:
        yield channel


def client_for(channel: TelegramChannel) -> httpx.AsyncClient:
    app = Starlette(routes=list(channel.routes()))
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bot.test")


@pytest.fixture
async def client(webhook_channel: TelegramChannel) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(webhook_channel) as http:
        yield http


@pytest.fixture
async def guarded_client(guarded_channel: TelegramChannel) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(guarded_channel) as http:
        yield http


def post(client: httpx.AsyncClient, update: object, secret: str | None = SECRET):  # type: ignore[no-untyped-def]
    headers = {"content-type": "application/json"}
    if secret is not None:
        headers[SECRET_HEADER] = secret
    body = update if isinstance(update, bytes) else json.dumps(update).encode()
    return client.post(PATH, content=body, headers=headers)


async def test_start_registers_the_webhook_with_its_secret(
    guarded_channel: TelegramChannel, fake: FakeBotApi
) -> None:
    assert fake.webhook is not None
    assert fake.webhook["url"] == "https://bot.example.org/telegram/webhook"
    assert fake.webhook["secret_token"] == SECRET
    assert set(fake.webhook["allowed_updates"]) == {"message", "callback_query", "my_chat_member"}


async def test_an_update_is_answered_at_once_and_handled_after(
    webhook_channel: TelegramChannel, client: httpx.AsyncClient, fake: FakeBotApi
) -> None:
    response = await post(client, fake.message(4242, "/start"))
    assert response.status_code == 200
    await webhook_channel.stop()  # waits for every queued turn: nothing is lost
    assert "Hi! I'm your studio's assistant" in fake.last(4242).text


async def test_a_redelivered_update_is_handled_once(
    webhook_channel: TelegramChannel, client: httpx.AsyncClient, fake: FakeBotApi, store: Store
) -> None:
    update = fake.message(4242, "/start")
    for _ in range(3):
        assert (await post(client, update)).status_code == 200
    await webhook_channel.stop()
    assert len(fake.bot_messages(4242)) == 1
    assert store.update_done("telegram", str(update["update_id"]))


@pytest.mark.parametrize("secret", [None, "wrong-secret", SECRET + "x", SECRET.upper()])
async def test_a_wrong_or_missing_secret_is_refused_and_nothing_happens(
    guarded_channel: TelegramChannel,
    guarded_client: httpx.AsyncClient,
    fake: FakeBotApi,
    store: Store,
    secret: str | None,
) -> None:
    update = fake.message(4242, "/start")
    response = await post(guarded_client, update, secret=secret)
    assert response.status_code == 403
    await guarded_channel.stop()
    assert fake.bot_messages(4242) == []
    assert store.mark_processed("telegram", str(update["update_id"]), FakeClock().now())


@pytest.mark.parametrize(
    "body",
    [b"{not json", b"[]", b'{"update_id": "7"}', b"\xff\xfe"],
)
async def test_a_malformed_update_gets_400(
    guarded_channel: TelegramChannel,
    guarded_client: httpx.AsyncClient,
    fake: FakeBotApi,
    body: bytes,
) -> None:
    response = await post(guarded_client, body)
    assert response.status_code == 400
    await guarded_channel.stop()
    assert [c.method for c in fake.calls] == ["getMe", *MENU, "setWebhook"]


async def test_after_stop_updates_get_503_so_telegram_delivers_them_again(
    webhook_channel: TelegramChannel, client: httpx.AsyncClient, fake: FakeBotApi
) -> None:
    await webhook_channel.stop()
    response = await post(client, fake.message(4242, "/start"))
    assert response.status_code == 503
    assert fake.bot_messages(4242) == []


# -- bounded input: size, depth and types, all answered in one line ------------------------


def _deep(depth: int) -> bytes:
    """An update whose ``message`` hides an array ``depth`` levels deep."""
    return b'{"update_id": 7, "message": ' + b"[" * depth + b"]" * depth + b"}"


@pytest.mark.parametrize("body", [_deep(30_000), _deep(100_000), b"[" * 100_000])
async def test_a_deeply_nested_body_gets_400_in_one_line(
    guarded_channel: TelegramChannel,
    guarded_client: httpx.AsyncClient,
    fake: FakeBotApi,
    body: bytes,
) -> None:
    response = await post(guarded_client, body)
    assert (response.status_code, response.text) == (
        400,
        "malformed update: the body is nested deeper than 64 levels",
    )
    await guarded_channel.stop()
    assert [c.method for c in fake.calls] == ["getMe", *MENU, "setWebhook"]


async def test_a_chunked_body_without_length_is_refused_while_reading(
    guarded_channel: TelegramChannel, guarded_client: httpx.AsyncClient
) -> None:
    sent = 0

    async def ten_megabytes() -> AsyncIterator[bytes]:
        nonlocal sent
        for _ in range(160):
            sent += 65_536
            yield b" " * 65_536

    response = await guarded_client.post(
        PATH, content=ten_megabytes(), headers={SECRET_HEADER: SECRET}
    )
    assert (response.status_code, response.text) == (413, "body too large")
    assert sent <= 1_000_000 + 65_536  # stopped at the cap, not after 10 MB


@pytest.mark.parametrize(
    ("field", "value"),
    [("text", 123), ("text", ["hi"]), ("language_code", 5), ("entity_length", "x")],
)
async def test_a_field_of_the_wrong_type_is_read_as_telegram_documents_it(
    webhook_channel: TelegramChannel,
    client: httpx.AsyncClient,
    fake: FakeBotApi,
    field: str,
    value: object,
) -> None:
    """Not "something went wrong": a non-string text is no text, like a sticker."""
    update = fake.message(4242, "/start")
    message = update["message"]
    if field == "language_code":
        message["from"]["language_code"] = value
    elif field == "entity_length":
        message["entities"][0]["length"] = value
    else:
        message[field] = value
    assert (await post(client, update)).status_code == 200
    await webhook_channel.stop()
    reply = fake.last(4242)
    assert "something went wrong" not in reply.text
    assert reply.labels  # the member is shown the way on


@pytest.mark.parametrize("data", ["\ud800", "a\udfffb", 5, "not a token!"])
async def test_callback_data_that_no_token_can_be_is_an_unknown_button(
    webhook_channel: TelegramChannel,
    client: httpx.AsyncClient,
    fake: FakeBotApi,
    data: object,
) -> None:
    update = fake.callback(4242, 1, "placeholder")
    update["callback_query"]["data"] = data
    response = await post(client, json.dumps(update).encode())  # "\ud800" as JSON escapes it
    assert response.status_code == 200
    await webhook_channel.stop()
    assert fake.last(4242).text.startswith("I don't know that button.")
