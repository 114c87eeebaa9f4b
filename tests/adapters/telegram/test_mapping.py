"""Telegram update JSON -> engine ``Incoming``."""

from __future__ import annotations

from typing import Any

import pytest
from telegram import Update

from adapters.telegram import reachability, to_incoming
from conversations import Command, Incoming
from testing.telegram import FakeBotApi

api = FakeBotApi()


def incoming(update: dict[str, Any]) -> Incoming | None:
    return to_incoming(Update.de_json(update, None))


@pytest.mark.parametrize(
    ("text", "command", "argument"),
    [
        ("/start", Command.START, None),
        ("/start ABCD-2345", Command.START, "ABCD-2345"),
        ("/start@upsell_test_bot  K7QM ", Command.START, "K7QM"),
        ("/HELP", Command.HELP, None),
        ("/modules", Command.MODULES, None),
        ("/mine", Command.MINE, None),
        ("/cancel", Command.CANCEL, None),
        ("/settings", Command.SETTINGS, None),
        ("/stop", Command.STOP, None),
        ("/forget", Command.FORGET, None),
    ],
)
def test_commands_and_deep_links(text: str, command: Command, argument: str | None) -> None:
    update = api.message(4242, text, language_code="de")
    mapped = incoming(update)
    assert mapped == Incoming(
        platform="telegram",
        chat_id="4242",
        user_id="4242",
        language_hint="de",
        command=command,
        argument=argument,
        delivery=str(update["update_id"]),
    )


@pytest.mark.parametrize("text", ["1-1001", "/unknown", "hello /start", "  "])
def test_other_text_is_text(text: str) -> None:
    mapped = incoming(api.message(4242, text))
    assert mapped is not None and mapped.text == text and mapped.command is None


def test_a_button_press_carries_its_token_and_language() -> None:
    update = api.callback(4242, 7, "tok_abc", language_code="en")
    mapped = incoming(update)
    assert mapped == Incoming(
        platform="telegram",
        chat_id="4242",
        user_id="4242",
        language_hint="en",
        button="tok_abc",
        delivery=str(update["update_id"]),
    )


def test_a_message_without_text_is_empty_text() -> None:
    mapped = incoming(api.sticker(4242))
    assert mapped is not None and mapped.text == ""


def test_no_language_code_means_no_hint() -> None:
    mapped = incoming(api.message(4242, "hi", language_code=None))
    assert mapped is not None and mapped.language_hint is None


def test_group_chats_are_ignored() -> None:
    update = api.message(-100123, "/start")
    update["message"]["chat"] = {"id": -100123, "type": "supergroup", "title": "Gym friends"}
    assert incoming(update) is None
    press = api.callback(-100123, 3, "tok")
    press["callback_query"]["message"]["chat"] = {"id": -100123, "type": "group", "title": "G"}
    assert incoming(press) is None
    api.unanswered_callbacks()  # the fake's bookkeeping; nothing is sent in this test


def test_other_updates_are_ignored() -> None:
    edited = api.message(4242, "typo")
    edited["edited_message"] = edited.pop("message")
    edited["edited_message"]["edit_date"] = edited["edited_message"]["date"]
    assert incoming(edited) is None


@pytest.mark.parametrize(("status", "reachable"), [("kicked", False), ("member", True)])
def test_blocking_and_restarting_the_bot(status: str, reachable: bool) -> None:
    update = Update.de_json(api.member_status(4242, status), None)
    assert reachability(update) == ("4242", reachable)
    assert to_incoming(update) is None
