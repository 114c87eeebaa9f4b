"""The turn stack is one visible list, and typed payloads refuse what does not fit."""

from __future__ import annotations

import pytest

from conversations import payloads
from conversations.drafts import BookingDraft, CancelDraft, Dialog
from conversations.states import Action
from tests.conversations.conftest import Bot
from tests.conversations.member import Member


def test_the_member_turn_runs_through_the_documented_steps_in_order(bot: Bot) -> None:
    names = [getattr(step, "__name__", type(step).__name__) for step in bot.engine.member_steps]
    assert names == [
        "correlate",
        "measure",
        "report_errors",
        "Serializer",
        "deduplicate",
        "load",
        "save",
        "api_errors",
        "settle",
        "redeem",
        "require_link",
    ]


@pytest.mark.parametrize(
    ("action", "raw"),
    [
        (Action.FREQUENCY, {"frequency_id": "not a number"}),
        (Action.CONFIRM_BOOKING, {"module_id": 201}),
        (Action.MENU, {"surprise": 1}),
    ],
)
def test_a_stored_payload_that_does_not_fit_its_action_is_refused(
    action: Action, raw: dict[str, object]
) -> None:
    with pytest.raises(payloads.PayloadMismatch):
        payloads.load(action, raw)


def test_every_action_names_its_payload_shape() -> None:
    assert set(payloads.PAYLOADS) == set(Action)


async def test_a_forged_payload_in_the_store_is_an_unknown_button(bot: Bot, member: Member) -> None:
    await member.link()
    token = bot.store.issue_token(
        "test",
        "m1",
        Action.MODULE.value,
        {"module_id": "two hundred one"},
        bot.clock.now().replace(year=2030),
        bot.clock.now(),
    )
    await member.tap(token)
    assert "I don't know that button" in member.text


def test_a_dialog_of_an_older_shape_starts_afresh_but_keeps_the_language() -> None:
    dialog = Dialog.load({"language": "de", "module": {"id": 1}, "_step": 3})
    assert dialog.language == "de" and dialog.draft is None


def test_drafts_round_trip_through_json() -> None:
    draft = CancelDraft(module_contract_id=9, module_name="Sauna", dates=[], reasons={15: "x"})
    again = Dialog.load(Dialog(draft=draft, step=2).dump())
    assert again.draft == draft and again.step == 2
    assert not isinstance(again.draft, BookingDraft)
