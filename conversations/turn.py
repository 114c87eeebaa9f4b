"""One turn of a conversation, as a flow sees it: who, what came in, the draft, what goes out.

A flow gets a ``Turn``: the member's link and language, the typed ``draft`` of the dialog in
progress and the typed ``payload`` of the button pressed, the studio's API client, and two
collectors: ``out`` (replies and their buttons) and ``records`` (funnel rows and staff
events). Flows read and replace ``draft``, call PerfectGym, add replies, and return the next
state; the engine's turn stack stores everything in one transaction afterwards.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from bot.store import AuditRow, ChatLink, OperationMark, new_token
from conversations.drafts import AnyDraft, Dialog, Draft
from conversations.events import StaffEvent
from conversations.payloads import Payload, PayloadMismatch, check, dump
from conversations.services import Services, StudioRuntime
from conversations.states import STEP_ACTIONS, Action, State
from conversations.texts import language_from_hint, text
from conversations.types import Button, Incoming, Outgoing

D = TypeVar("D", bound=Draft)
P = TypeVar("P", bound=Payload)


class StaleAnswer(Exception):
    """The button or the stored draft does not fit the step (start over from the menu)."""


@dataclass(frozen=True)
class Membership:
    """The linked contract a chat may act on; every API call takes its ids from here."""

    studio: str
    customer_id: int
    contract_id: int
    customer_number: str | None


@dataclass(frozen=True)
class PendingToken:
    """A button handed out in this turn, stored with the turn's final transaction."""

    token: str
    action: Action
    payload: dict[str, Any]
    expires_at: datetime


class Replies:
    """What the turn sends back: messages, and buttons whose meaning stays server-side.

    A step button (one that answers the question asked now) carries the number of that
    question; buttons of older questions are refused as stale.
    """

    def __init__(self, turn: Turn, *, step: int) -> None:
        self._turn = turn
        self.messages: list[Outgoing] = []
        self.tokens: list[PendingToken] = []
        self.asked = step
        """The number of the question asked before this turn."""
        self.asks_again = False
        """True once this turn handed out a button of a new question."""

    @property
    def step(self) -> int:
        """The question number to store: a new one once a step button went out."""
        return self.asked + 1 if self.asks_again else self.asked

    def say(
        self,
        message: str,
        rows: Iterable[Sequence[Button]] = (),
        *,
        replace: bool | None = None,
    ) -> None:
        """Queue a reply; the first reply to a button press edits that message."""
        if replace is None:
            replace = self._turn.incoming.button is not None and not self.messages
        buttons = tuple(tuple(row) for row in rows if row)
        self.messages.append(Outgoing(text=message, buttons=buttons, replace=replace))

    def button(self, label: str, action: Action, payload: Payload | None = None) -> Button:
        """A button for ``action``; its ``payload`` must be the shape the action carries."""
        from conversations.payloads import NoPayload

        stored = dump(check(action, payload if payload is not None else NoPayload()))
        options = self._turn.services.options
        expires = self._turn.now + options.button_ttl
        if action in STEP_ACTIONS:
            self.asks_again = True
            stored["_step"] = self.asked + 1
            expires = self._turn.now + options.conversation_timeout
        return self._issue(label, action, stored, expires)

    def reissue(self, label: str) -> Button:
        """The pressed button again, for one more try at the very same question."""
        turn = self._turn
        if turn.action is None or turn.payload is None:
            raise RuntimeError("reissue needs a button turn")
        stored = dump(turn.payload)
        expires = turn.now + turn.services.options.button_ttl
        if turn.action in STEP_ACTIONS:
            stored["_step"] = self.asked
            expires = turn.now + turn.services.options.conversation_timeout
        return self._issue(label, turn.action, stored, expires)

    def _issue(
        self, label: str, action: Action, stored: dict[str, Any], expires: datetime
    ) -> Button:
        token = new_token()
        self.tokens.append(PendingToken(token, action, stored, expires))
        return Button(label=label, token=token)

    def menu_rows(self) -> list[list[Button]]:
        """The main menu, for linked and for not yet linked members."""
        t = self._turn.t
        if self._turn.link is None:
            return [[self.button(t("btn_link"), Action.LINK)]]
        return [
            [self.button(t("btn_offers"), Action.OFFERS), self.button(t("btn_mine"), Action.MINE)],
            [
                self.button(t("btn_cancel"), Action.CANCEL_START),
                self.button(t("btn_settings"), Action.SETTINGS),
            ],
        ]

    def abort_button(self) -> Button:
        return self.button(self._turn.t("btn_abort"), Action.ABORT)


@dataclass
class FunnelRow:
    event: str
    fields: dict[str, Any]


class Records:
    """What the turn leaves for staff: funnel rows (stored with the turn) and staff events
    (published after it)."""

    def __init__(self, turn: Turn) -> None:
        self._turn = turn
        self.funnel_rows: list[FunnelRow] = []
        self.events: list[StaffEvent] = []
        self.operation_marks: list[OperationMark] = []
        """Ledger outcomes learned in the turn, stored with its final write."""
        self.new_link: ChatLink | None = None
        """The link the turn made, saved with its final write."""
        self.cleared_attempts: list[tuple[str, str]] = []
        self.audits: list[AuditRow] = []

    def audit(self, action: str, **fields: Any) -> None:
        """An audit event by this chat, appended with the turn's final write."""
        turn = self._turn
        self.audits.append(
            AuditRow(actor=f"{turn.platform}:{turn.chat_id}", action=action, **fields)
        )

    def funnel(self, event: str, **fields: Any) -> None:
        """Record a step of the sales funnel for the staff figures."""
        turn = self._turn
        link = turn.link
        row: dict[str, Any] = {
            "studio": link.studio if link else turn.studio.name,
            "platform": turn.platform,
            "chat_id": turn.chat_id,
            "customer_id": link.customer_id if link else None,
            "contract_id": link.contract_id if link else None,
            "now": turn.now,
        }
        row.update(fields)
        self.funnel_rows.append(FunnelRow(event, row))

    def tell_staff(self, event: StaffEvent) -> None:
        self.events.append(event)


@dataclass
class Turn:
    services: Services
    incoming: Incoming
    now: datetime
    state: State
    link: ChatLink | None
    dialog: Dialog = field(default_factory=Dialog)
    action: Action | None = None
    payload: Payload | None = None
    erased: bool = False
    """True once the flow erased the chat (forget me): nothing is saved afterwards."""
    out: Replies = field(init=False)
    records: Records = field(init=False)

    def __post_init__(self) -> None:
        self.out = Replies(self, step=self.dialog.step)
        self.records = Records(self)

    # --- who and where -------------------------------------------------------------

    @property
    def platform(self) -> str:
        return self.incoming.platform

    @property
    def chat_id(self) -> str:
        return self.incoming.chat_id

    @property
    def language(self) -> str:
        if self.link is not None and self.link.language:
            return self.link.language
        if self.dialog.language is not None:
            return self.dialog.language
        return language_from_hint(self.incoming.language_hint, self.default_language)

    @property
    def default_language(self) -> str:
        studios = list(self.services.studios.values())
        return studios[0].settings.language if len(studios) == 1 else "en"

    @property
    def studio(self) -> StudioRuntime:
        """The linked studio, else the one chosen while linking, else the only one."""
        if self.link is not None:
            return self.services.studio(self.link.studio)
        draft = self.dialog.draft
        chosen = draft.studio if draft is not None and draft.kind == "link" else None
        if chosen is not None and chosen in self.services.studios:
            return self.services.studio(chosen)
        return next(iter(self.services.studios.values()))

    @property
    def membership(self) -> Membership:
        """The linked contract; the machine runs flows that need it only for linked chats."""
        link = self.link
        if link is None or link.contract_id is None:
            raise RuntimeError("this flow needs a linked chat: mark its edge linked=True")
        return Membership(link.studio, link.customer_id, link.contract_id, link.customer_number)

    def t(self, key: str, /, **values: Any) -> str:
        """A catalogue text in the member's language."""
        return text(key, self.language, **values)

    # --- the dialog's draft and the button's payload -----------------------------------

    @property
    def draft(self) -> AnyDraft | None:
        return self.dialog.draft

    @draft.setter
    def draft(self, value: AnyDraft | None) -> None:
        self.dialog.draft = value

    def draft_as(self, kind: type[D]) -> D:
        """The draft in progress as ``kind``; ``StaleAnswer`` when another dialog's is there."""
        draft = self.dialog.draft
        if not isinstance(draft, kind):
            raise StaleAnswer(f"expected a {kind.__name__}")
        return draft

    def payload_as(self, kind: type[P]) -> P:
        """The pressed button's payload as ``kind`` (the shape its action carries)."""
        if not isinstance(self.payload, kind):
            raise StaleAnswer(f"expected a {kind.__name__} payload")
        return self.payload


def payload_check(kind: type[P]) -> Callable[[Turn], P]:
    """``payload_check(FrequencyChoice)(turn)``: a reusable typed reader for flows."""
    return lambda turn: turn.payload_as(kind)


__all__ = [
    "Membership",
    "PayloadMismatch",
    "PendingToken",
    "Records",
    "Replies",
    "StaleAnswer",
    "Turn",
]
