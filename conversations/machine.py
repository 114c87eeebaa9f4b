"""The whole dialog on one screen: which trigger, in which state, runs which flow, going where.

A trigger is a command (``/start``), a button action (``offers``) or free ``text``. Edges
with ``ANY`` as source work in every state. The engine refuses to save a transition that is
not in this table, and ``mermaid()`` draws it for the README.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from conversations import consent
from conversations.flows import booking, cancel, link, menu, mine, purchase, settings, withdraw
from conversations.states import Action, State
from conversations.turn import Turn
from conversations.types import Command

Handler = Callable[[Turn], Awaitable[State]]
ANY: State | None = None
TEXT = "text"
NEEDS_LINK = "needs link"
S = State
LINKING = frozenset({S.LINK_CHOOSE_STUDIO, S.LINK_AWAIT_NUMBER})


@dataclass(frozen=True)
class Edge:
    source: State | None
    trigger: str
    handler: Handler
    targets: frozenset[State]
    same: bool = False
    """The flow may also leave the state as it was (help, settings toggles)."""
    linked: bool = False
    """The flow acts on a membership: an unlinked chat is led to linking instead."""


def _e(
    source: State | None,
    trigger: Command | Action | str,
    handler: Handler,
    *targets: State,
    same: bool = False,
    linked: bool = False,
) -> Edge:
    name = f"/{trigger.value}" if isinstance(trigger, Command) else str(trigger)
    return Edge(source, name, handler, frozenset(targets), same, linked)


EDGES: tuple[Edge, ...] = (
    # Commands and menu buttons: work in any state and start over.
    _e(ANY, Command.START, link.start, S.IDLE, S.LINK_CHOOSE_CONTRACT, *LINKING),
    _e(ANY, Command.HELP, menu.help, same=True),
    _e(ANY, Command.MODULES, booking.offers, S.IDLE, linked=True),
    _e(ANY, Command.MINE, mine.overview, S.IDLE, linked=True),
    _e(ANY, Command.CANCEL, cancel.start, S.CANCEL_CHOOSE_DATE, S.IDLE, linked=True),
    _e(ANY, Command.SETTINGS, settings.show, S.IDLE),
    _e(ANY, Command.STOP, settings.stop_offers, S.IDLE),
    _e(ANY, Command.FORGET, settings.ask_forget, S.FORGET_CONFIRM),
    _e(ANY, Action.MENU, menu.show, S.IDLE),
    _e(ANY, Action.LINK, link.begin, *LINKING),
    _e(ANY, Action.OFFERS, booking.offers, S.IDLE, linked=True),
    _e(ANY, Action.MODULE, booking.module, S.BOOK_CHOOSE_FREQUENCY, S.IDLE, linked=True),
    _e(ANY, Action.MINE, mine.overview, S.IDLE, linked=True),
    _e(ANY, Action.MODULE_CONTRACT, mine.detail, S.IDLE, linked=True),
    _e(ANY, Action.CANCEL_START, cancel.start, S.CANCEL_CHOOSE_DATE, S.IDLE, linked=True),
    _e(ANY, Action.CANCEL, cancel.begin, S.CANCEL_CHOOSE_DATE, S.IDLE, linked=True),
    _e(ANY, Action.WITHDRAW, withdraw.begin, S.WITHDRAW_CONFIRM, S.IDLE, linked=True),
    _e(ANY, Action.SETTINGS, settings.show, S.IDLE),
    _e(ANY, Action.LANGUAGE, settings.language, same=True),
    _e(ANY, Action.CONSENT, settings.consent_answer, same=True, linked=True),
    _e(ANY, Action.FORGET, settings.ask_forget, S.FORGET_CONFIRM, linked=True),
    _e(ANY, Action.ABORT, menu.abort, S.IDLE),
    _e(ANY, NEEDS_LINK, link.begin, *LINKING),
    # Linking a chat to a membership.
    _e(S.LINK_CHOOSE_STUDIO, Action.STUDIO, link.choose_studio, S.LINK_AWAIT_NUMBER),
    _e(S.LINK_AWAIT_NUMBER, TEXT, link.receive_number, S.LINK_AWAIT_BIRTHDATE, same=True),
    _e(
        S.LINK_AWAIT_BIRTHDATE,
        TEXT,
        link.receive_birthdate,
        S.IDLE,
        S.LINK_CHOOSE_CONTRACT,
        S.LINK_AWAIT_NUMBER,
        same=True,
    ),
    _e(S.LINK_CHOOSE_CONTRACT, Action.CONTRACT, link.choose_contract, S.IDLE),
    # Booking a module.
    _e(
        S.BOOK_CHOOSE_FREQUENCY,
        Action.FREQUENCY,
        booking.choose_frequency,
        S.BOOK_CHOOSE_TRIAL,
        S.BOOK_CONFIRM,
        S.IDLE,
        linked=True,
    ),
    _e(
        S.BOOK_CHOOSE_TRIAL,
        Action.TRIAL,
        booking.choose_trial,
        S.BOOK_CONFIRM,
        S.IDLE,
        same=True,  # trial already used: asks again, offering to book without it
        linked=True,
    ),
    _e(S.BOOK_CONFIRM, Action.CONFIRM_BOOKING, purchase.confirm, S.IDLE, same=True, linked=True),
    # Canceling a module, and taking a cancelation back.
    _e(
        S.CANCEL_CHOOSE_DATE,
        Action.CANCEL_DATE,
        cancel.choose_date,
        S.CANCEL_CHOOSE_REASON,
        S.CANCEL_CONFIRM,
        S.IDLE,
        linked=True,
    ),
    _e(
        S.CANCEL_CONFIRM,
        Action.GIVE_REASON,
        cancel.ask_reason,
        S.CANCEL_CHOOSE_REASON,
        S.IDLE,
        linked=True,
    ),
    _e(
        S.CANCEL_CHOOSE_REASON,
        Action.CANCEL_REASON,
        cancel.choose_reason,
        S.CANCEL_CONFIRM,
        linked=True,
    ),
    _e(S.CANCEL_CONFIRM, Action.CONFIRM_CANCEL, cancel.confirm, S.IDLE, same=True, linked=True),
    _e(
        S.WITHDRAW_CONFIRM,
        Action.CONFIRM_WITHDRAW,
        withdraw.confirm,
        S.IDLE,
        same=True,
        linked=True,
    ),
    # Forgetting the member.
    _e(S.FORGET_CONFIRM, Action.CONFIRM_FORGET, settings.forget, S.IDLE, linked=True),
    # Free text: linking starts by itself, keywords lead to a flow (cancel: straight to its
    # date when one module fits), else a short help; waiting states keep waiting. "Stop" in
    # the member's words is /stop, in every state (``text_trigger``).
    _e(S.IDLE, TEXT, menu.free_text, S.IDLE, S.CANCEL_CHOOSE_DATE, *LINKING),
    _e(ANY, TEXT, menu.waiting_text, same=True),
)


def text_trigger(message: str) -> str:
    """The trigger of typed text: ``/stop`` when it asks for no more offers, else text."""
    return f"/{Command.STOP.value}" if consent.is_stop_request(message) else TEXT


def edge_for(state: State, trigger: str) -> Edge | None:
    """The edge a trigger takes in a state: a state's own edge first, then the ANY edge."""
    fallback: Edge | None = None
    for edge in EDGES:
        if edge.trigger != trigger:
            continue
        if edge.source == state:
            return edge
        if edge.source is ANY and fallback is None:
            fallback = edge
    return fallback


def allows(edge: Edge, before: State, after: State) -> bool:
    return after in edge.targets or (edge.same and after == before)


def mermaid() -> str:
    """The state diagram, drawn from the table; triggers sharing an arrow are listed together."""
    arrows: dict[tuple[str, str], list[str]] = {}
    for edge in EDGES:
        source = "any" if edge.source is None else edge.source.value
        for target in sorted(edge.targets):
            triggers = arrows.setdefault((source, target.value), [])
            if edge.trigger not in triggers:
                triggers.append(edge.trigger)
    lines = ["stateDiagram-v2", "    [*] --> idle"]
    lines += [f"    {s} --> {t}: {', '.join(triggers)}" for (s, t), triggers in arrows.items()]
    lines.append(
        "    note right of any: any state; /help, language and offers answers stay put;"
        " typed stop words are /stop"
    )
    return "\n".join(lines)
