"""Help, the main menu, stopping a dialog, and free text that is not an answer."""

from __future__ import annotations

from conversations.flows import booking, cancel, link, mine
from conversations.intents import intent
from conversations.states import State
from conversations.turn import Turn


async def help(turn: Turn) -> State:
    """``/help``: always works, and never throws away a dialog in progress."""
    key = "help_linked" if turn.link is not None else "help_unlinked"
    turn.out.say(turn.t(key), turn.out.menu_rows())
    return turn.state


async def show(turn: Turn) -> State:
    turn.draft = None
    turn.out.say(turn.t("menu"), turn.out.menu_rows())
    return State.IDLE


async def abort(turn: Turn) -> State:
    turn.draft = None
    turn.out.say(turn.t("aborted"), turn.out.menu_rows())
    return State.IDLE


async def free_text(turn: Turn) -> State:
    """Text while nothing is asked: start linking, follow a keyword, or show short help."""
    if turn.link is None:
        return await link.begin(turn)
    wanted = intent(turn.incoming.text or "")
    if wanted == "cancel":
        return await cancel.start(turn)
    if wanted == "offers":
        return await booking.offers(turn)
    if wanted == "mine":
        return await mine.overview(turn)
    if wanted == "help":
        return await help(turn)
    if wanted == "menu":
        return await show(turn)
    turn.out.say(turn.t("not_understood"), turn.out.menu_rows())
    return State.IDLE


async def waiting_text(turn: Turn) -> State:
    """Text while a button answer is awaited: keep waiting, say how to go on."""
    turn.out.say(turn.t("use_buttons"))  # new buttons would void the ones it points to
    return turn.state
