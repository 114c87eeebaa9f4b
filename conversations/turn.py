"""One turn of a conversation: what came in, what the conversation holds, what goes out.

Flows receive a ``Turn``, read and change ``state``/``data``, call the API through
``turn.studio.client`` and add replies with ``say``; the engine saves afterwards.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.store import ChatLink, new_token
from conversations.events import StaffEvent
from conversations.services import Services, StudioRuntime
from conversations.states import STEP_ACTIONS, Action, State
from conversations.texts import language_from_hint, text
from conversations.types import Button, Incoming, Outgoing


class NotLinked(Exception):
    """A flow needs a linked membership and this chat has none."""


@dataclass(frozen=True)
class Membership:
    """The linked contract a chat may act on; every API call takes its ids from here."""

    studio: str
    customer_id: int
    contract_id: int
    customer_number: str | None


@dataclass
class Turn:
    services: Services
    incoming: Incoming
    now: datetime
    state: State
    data: dict[str, Any]
    link: ChatLink | None
    payload: dict[str, Any] = field(default_factory=dict)
    action: Action | None = None
    replies: list[Outgoing] = field(default_factory=list)
    erased: bool = False
    pending_tokens: list[dict[str, Any]] = field(default_factory=list)
    pending_funnel: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    events: list[StaffEvent] = field(default_factory=list)
    step_base: int = 0
    _step_issued: bool = False

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
        stored = self.data.get("language")
        if isinstance(stored, str):
            return stored
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
        chosen = self.data.get("studio")
        if isinstance(chosen, str) and chosen in self.services.studios:
            return self.services.studio(chosen)
        return next(iter(self.services.studios.values()))

    def require_link(self) -> Membership:
        link = self.link
        if link is None or link.contract_id is None:
            raise NotLinked
        return Membership(link.studio, link.customer_id, link.contract_id, link.customer_number)

    # --- output ----------------------------------------------------------------------

    def t(self, key: str, /, **values: Any) -> str:
        return text(key, self.language, **values)

    def say(
        self,
        message: str,
        rows: Iterable[Sequence[Button]] = (),
        *,
        replace: bool | None = None,
    ) -> None:
        """Queue a reply; the first reply to a button press edits that message."""
        if replace is None:
            replace = self.incoming.button is not None and not self.replies
        self.replies.append(
            Outgoing(
                text=message, buttons=tuple(tuple(row) for row in rows if row), replace=replace
            )
        )

    def button(self, label: str, action: Action, **payload: Any) -> Button:
        """A button whose meaning stays server-side; step buttons die with their step."""
        expires = self.now + self.services.options.button_ttl
        if action in STEP_ACTIONS:
            payload["_step"] = self.step
            expires = self.now + self.services.options.conversation_timeout
        return self._issue(label, action, payload, expires)

    def _issue(
        self, label: str, action: Action, payload: dict[str, Any], expires: datetime
    ) -> Button:
        """Hand out a token now; the engine stores all of a turn's tokens in one transaction."""
        token = new_token()
        self.pending_tokens.append(
            {
                "platform": self.platform,
                "chat_id": self.chat_id,
                "action": action.value,
                "payload": payload,
                "expires_at": expires,
                "now": self.now,
                "token": token,
            }
        )
        return Button(label=label, token=token)

    def reissue(self, label: str) -> Button:
        """The pressed button again, for one more try at the very same step."""
        if self.action is None:
            raise RuntimeError("reissue needs a button turn")
        payload = dict(self.payload)
        expires = self.now + self.services.options.button_ttl
        if self.action in STEP_ACTIONS:
            payload["_step"] = self.step_base - (1 if self._step_issued else 0)
            expires = self.now + self.services.options.conversation_timeout
        return self._issue(label, self.action, payload, expires)

    @property
    def step(self) -> int:
        """The number of the question being asked now; older answers are refused."""
        if not self._step_issued:
            self.step_base += 1
            self._step_issued = True
        return self.step_base

    def menu_rows(self) -> list[list[Button]]:
        """The main menu, for linked and for not yet linked members."""
        if self.link is None:
            return [[self.button(self.t("btn_link"), Action.LINK)]]
        return [
            [
                self.button(self.t("btn_offers"), Action.OFFERS),
                self.button(self.t("btn_mine"), Action.MINE),
            ],
            [
                self.button(self.t("btn_cancel"), Action.CANCEL_START),
                self.button(self.t("btn_settings"), Action.SETTINGS),
            ],
        ]

    def abort_button(self) -> Button:
        return self.button(self.t("btn_abort"), Action.ABORT)

    # --- records ---------------------------------------------------------------------

    def funnel(self, event: str, **fields: Any) -> None:
        """Record a step of the sales funnel for the staff figures (stored with the turn)."""
        link = self.link
        record: dict[str, Any] = {
            "studio": link.studio if link else self.studio.name,
            "platform": self.platform,
            "chat_id": self.chat_id,
            "customer_id": link.customer_id if link else None,
            "contract_id": link.contract_id if link else None,
            "now": self.now,
        }
        record.update(fields)
        self.pending_funnel.append((event, record))

    def flush(self) -> None:
        """Store the turn's buttons and funnel events (inside the engine's transaction)."""
        store = self.services.store
        for token in self.pending_tokens:
            store.issue_token(**token)
        for event, record in self.pending_funnel:
            store.record_funnel(event, **record)
        self.pending_tokens.clear()
        self.pending_funnel.clear()
