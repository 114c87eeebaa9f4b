"""Conversation states and the actions buttons can carry.

The transition table that ties them together lives in ``conversations.machine``.
"""

from __future__ import annotations

from enum import StrEnum


class State(StrEnum):
    """Where a conversation stands. Every state but IDLE waits for the member and expires."""

    IDLE = "idle"
    LINK_CHOOSE_STUDIO = "link_choose_studio"
    LINK_AWAIT_NUMBER = "link_await_number"
    LINK_AWAIT_BIRTHDATE = "link_await_birthdate"
    LINK_CHOOSE_CONTRACT = "link_choose_contract"
    BOOK_CHOOSE_FREQUENCY = "book_choose_frequency"
    BOOK_CHOOSE_TRIAL = "book_choose_trial"
    BOOK_CONFIRM = "book_confirm"
    CANCEL_CHOOSE_DATE = "cancel_choose_date"
    CANCEL_CHOOSE_REASON = "cancel_choose_reason"
    CANCEL_CONFIRM = "cancel_confirm"
    WITHDRAW_CONFIRM = "withdraw_confirm"
    FORGET_CONFIRM = "forget_confirm"


class Action(StrEnum):
    """What a button does. Its parameters live server-side with the button's token."""

    # Open a flow; valid whatever the conversation is doing.
    MENU = "menu"
    LINK = "link"
    OFFERS = "offers"
    MODULE = "module"
    MINE = "mine"
    MODULE_CONTRACT = "module_contract"
    CANCEL_START = "cancel_start"
    CANCEL = "cancel"
    WITHDRAW = "withdraw"
    SETTINGS = "settings"
    LANGUAGE = "language"
    CONSENT = "consent"
    FORGET = "forget"
    # Answer the question of one waiting state; void once the conversation moved on.
    STUDIO = "studio"
    CONTRACT = "contract"
    FREQUENCY = "frequency"
    TRIAL = "trial"
    CONFIRM_BOOKING = "confirm_booking"
    CANCEL_DATE = "cancel_date"
    GIVE_REASON = "give_reason"
    CANCEL_REASON = "cancel_reason"
    CONFIRM_CANCEL = "confirm_cancel"
    CONFIRM_WITHDRAW = "confirm_withdraw"
    CONFIRM_FORGET = "confirm_forget"
    ABORT = "abort"


STEP_ACTIONS: dict[Action, frozenset[State]] = {
    Action.STUDIO: frozenset({State.LINK_CHOOSE_STUDIO}),
    Action.CONTRACT: frozenset({State.LINK_CHOOSE_CONTRACT}),
    Action.FREQUENCY: frozenset({State.BOOK_CHOOSE_FREQUENCY}),
    Action.TRIAL: frozenset({State.BOOK_CHOOSE_TRIAL}),
    Action.CONFIRM_BOOKING: frozenset({State.BOOK_CONFIRM}),
    Action.CANCEL_DATE: frozenset({State.CANCEL_CHOOSE_DATE}),
    Action.GIVE_REASON: frozenset({State.CANCEL_CONFIRM}),
    Action.CANCEL_REASON: frozenset({State.CANCEL_CHOOSE_REASON}),
    Action.CONFIRM_CANCEL: frozenset({State.CANCEL_CONFIRM}),
    Action.CONFIRM_WITHDRAW: frozenset({State.WITHDRAW_CONFIRM}),
    Action.CONFIRM_FORGET: frozenset({State.FORGET_CONFIRM}),
    Action.ABORT: frozenset(set(State) - {State.IDLE}),
}
"""Actions that answer a waiting state, and the states that accept them."""

EXPIRED_TEXTS: dict[Action, str] = {
    Action.FREQUENCY: "confirmation_expired",
    Action.TRIAL: "confirmation_expired",
    Action.CONFIRM_BOOKING: "confirmation_expired",
    Action.CANCEL_DATE: "cancel_expired",
    Action.GIVE_REASON: "cancel_expired",
    Action.CANCEL_REASON: "cancel_expired",
    Action.CONFIRM_CANCEL: "cancel_expired",
    Action.CONFIRM_WITHDRAW: "withdraw_expired",
}
"""What an expired step says, by flow: only a booking talks about prices that may change."""


def expired_text(action: str | None) -> str:
    """The text key for a step button that came too late."""
    try:
        return EXPIRED_TEXTS.get(Action(action), "step_void") if action else "step_void"
    except ValueError:
        return "step_void"
