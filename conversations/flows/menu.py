"""Help, the main menu, stopping a dialog, and free text that is not an answer."""

from __future__ import annotations

import re

from conversations.flows import booking, cancel, link, mine
from conversations.states import State
from conversations.turn import Turn

_INTENTS: tuple[tuple[str, frozenset[str]], ...] = (
    (
        "cancel",
        frozenset(
            {
                "kündigen",
                "kuendigen",
                "kündige",
                "kündigung",
                "kuendigung",
                "beenden",
                "abbestellen",
                "cancel",
                "cancellation",
                "cancelation",
                "terminate",
            }
        ),
    ),
    (
        "offers",
        frozenset(
            {
                "modul",
                "module",
                "modules",
                "angebot",
                "angebote",
                "book",
                "buchen",
                "buy",
                "kaufen",
                "offer",
                "offers",
                "extras",
                "sauna",
            }
        ),
    ),
    (
        "mine",
        frozenset(
            {"mine", "meine", "my", "gebucht", "booked", "withdraw", "widerruf", "zurücknehmen"}
        ),
    ),
    ("help", frozenset({"help", "hilfe", "?", "what", "was"})),
    ("menu", frozenset({"hi", "hallo", "hello", "hey", "menu", "menü", "start", "moin", "servus"})),
)
"""Keywords in German and English, first match wins: "Sauna kündigen" is a cancelation."""


async def help(turn: Turn) -> State:
    """``/help``: always works, and never throws away a dialog in progress."""
    key = "help_linked" if turn.link is not None else "help_unlinked"
    turn.say(turn.t(key), turn.menu_rows())
    return turn.state


async def show(turn: Turn) -> State:
    turn.data = {}
    turn.say(turn.t("menu"), turn.menu_rows())
    return State.IDLE


async def abort(turn: Turn) -> State:
    turn.data = {}
    turn.say(turn.t("aborted"), turn.menu_rows())
    return State.IDLE


async def free_text(turn: Turn) -> State:
    """Text while nothing is asked: start linking, follow a keyword, or show short help."""
    if turn.link is None:
        return await link.begin(turn)
    words = _words(turn.incoming.text or "")
    for intent, keywords in _INTENTS:
        if words & keywords:
            if intent == "cancel":
                return await cancel.start(turn)
            if intent == "offers":
                return await booking.offers(turn)
            if intent == "mine":
                return await mine.overview(turn)
            if intent == "help":
                return await help(turn)
            return await show(turn)
    turn.say(turn.t("not_understood"), turn.menu_rows())
    return State.IDLE


def _words(message: str) -> set[str]:
    return set(re.sub(r"[^\w?]+", " ", message.lower()).replace("?", " ? ").split())


async def waiting_text(turn: Turn) -> State:
    """Text while a button answer is awaited: keep waiting, say how to go on."""
    turn.say(turn.t("use_buttons"))  # new buttons would void the ones it points to
    return turn.state
