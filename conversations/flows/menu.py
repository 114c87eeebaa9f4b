"""Help, the main menu, stopping a dialog, and free text that is not an answer."""

from __future__ import annotations

from conversations.flows import booking, cancel, link, mine
from conversations.intents import intent
from conversations.parsing import looks_like_customer_number
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
    said = _already_linked(turn)
    if said is not None:
        turn.out.say(said, turn.out.menu_rows())
        return State.IDLE
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
    said = _already_linked(turn)
    # new buttons would void the ones the member is asked to use
    turn.out.say(turn.t("use_buttons") if said is None else said)
    return turn.state


def _already_linked(turn: Turn) -> str | None:
    """A linked chat typing a customer number: say which one the chat is linked to."""
    number = looks_like_customer_number(turn.incoming.text or "")
    link = turn.link
    if link is None or number is None:
        return None
    linked = link.customer_number or str(link.customer_id)
    same = number.casefold() == linked.casefold()
    key = "linked_already_same" if same else "linked_already_other"
    return turn.t(key, number=linked, studio=link.studio)
