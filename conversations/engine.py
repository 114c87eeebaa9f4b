"""The engine: one turn per incoming event, whatever the chat platform.

``Engine.handle`` takes the conversation's lock, loads its state from SQLite, settles any
operation a crash left open, runs the one transition the table allows, saves with an
optimistic version check and returns the replies. Cross-cutting concerns wrap the turn as one
visible stack, outermost first: error-to-reply, per-conversation lock, input limits,
reconciliation, token check, dispatch, save.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from bot.perfectgym import PerfectGymError
from bot.store import (
    StaleConversation,
    TokenExpired,
    TokenForeign,
    TokenUnknown,
    TokenUsed,
)
from conversations import machine
from conversations.failures import reply_for_api_error
from conversations.flows import reconcile
from conversations.locks import KeyedLocks
from conversations.services import Services
from conversations.states import NEEDS_LINK, STEP_ACTIONS, Action, State, expired_text
from conversations.turn import NotLinked, Turn
from conversations.types import Command, Incoming, Outgoing

log = logging.getLogger("conversations.engine")

SystemFlow = Callable[[Turn], Awaitable[State | None]]
_PRESERVED = ("language",)
_COMMANDS_NEEDING_LINK = frozenset({Command.MODULES, Command.MINE, Command.CANCEL})


class Engine:
    """Turns member events into replies; safe to call concurrently for many chats."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self._locks = KeyedLocks()

    async def handle(self, incoming: Incoming) -> list[Outgoing]:
        """Run one turn for a member event and return what to send back."""
        try:
            async with self._locks.hold((incoming.platform, incoming.chat_id)):
                return await self._turn(incoming, None)
        except Exception:
            log.exception("turn failed for %s chat", incoming.platform)
            return [Outgoing(text=_fallback_error(incoming))]

    async def push(
        self, platform: str, chat_id: str, flow: SystemFlow, **payload: Any
    ) -> list[Outgoing]:
        """Run a turn the bot starts itself (reminder, staff offer, news from the studio).

        The flow sees the conversation like any member turn and returns the next state, or
        None to leave the conversation as it was. The caller delivers the replies.
        """
        incoming = Incoming(platform=platform, chat_id=chat_id, user_id="", text="")
        async with self._locks.hold((platform, chat_id)):
            return await self._turn(incoming, (flow, payload))

    async def reconcile_open_operations(self) -> list[tuple[str, str, list[Outgoing]]]:
        """Settle operations a crash or an unclear answer left open; say how each ended."""
        now = self.services.clock.now()
        results: list[tuple[str, str, list[Outgoing]]] = []
        for operation in self.services.store.open_operations(
            updated_before=now - self.services.options.orphan_after
        ):
            if operation.platform is None or operation.chat_id is None:
                continue
            replies = await self.push(
                operation.platform, operation.chat_id, reconcile.settle_open_operations
            )
            if replies:
                results.append((operation.platform, operation.chat_id, replies))
        return results

    # --- one turn --------------------------------------------------------------------

    async def _turn(
        self, incoming: Incoming, system: tuple[SystemFlow, dict[str, Any]] | None
    ) -> list[Outgoing]:
        services = self.services
        store = services.store
        now = services.clock.now()
        record = store.load_conversation(incoming.platform, incoming.chat_id)
        state = State(record.state) if record else State.IDLE
        data: dict[str, Any] = dict(record.data) if record else {}
        version = record.version if record else 0
        expired = (
            state is not State.IDLE
            and record is not None
            and record.expires_at is not None
            and record.expires_at <= now
        )
        turn = Turn(
            services=services,
            incoming=incoming,
            now=now,
            state=State.IDLE if expired else state,
            data={k: data[k] for k in _PRESERVED if k in data} if expired else data,
            link=store.get_link(incoming.platform, incoming.chat_id),
            step_base=int(data.get("_step", 0)),
        )
        try:
            if system is None:
                await reconcile.settle_open_operations(turn)
                next_state = await self._dispatch(turn, state if expired else None)
            else:
                flow, payload = system
                turn.payload = payload
                next_state = await flow(turn)
        except PerfectGymError as exc:
            if system is not None:
                with store.transaction():
                    turn.flush()
                raise
            reply_for_api_error(turn, exc)
            next_state = None
        finally:
            for event in turn.events:
                await services.events.publish(event)
        with store.transaction():
            turn.flush()
            if next_state is not None and not turn.erased:
                self._save(turn, next_state, version)
        return turn.replies

    async def _dispatch(self, turn: Turn, expired_state: State | None) -> State | None:
        """Pick the edge for this event, check it is allowed now, run its flow."""
        incoming = turn.incoming
        before = turn.state
        if incoming.button is not None:
            trigger = await self._redeem(turn, expired_state)
            if trigger is None:
                return None
        elif incoming.command is not None:
            trigger = f"/{incoming.command.value}"
            if incoming.command in _COMMANDS_NEEDING_LINK and turn.link is None:
                trigger = machine.NEEDS_LINK
        else:
            message = incoming.text or ""
            if len(message) > turn.services.options.max_text_length:
                turn.say(turn.t("too_long"))
                return None
            if expired_state is not None:
                turn.say(turn.t("step_expired"))
            trigger = machine.text_trigger(message)
        edge = machine.edge_for(before, trigger)
        if edge is None:
            raise RuntimeError(f"no edge for {trigger!r} in state {before}")
        try:
            after = await edge.handler(turn)
        except NotLinked:
            edge = machine.edge_for(before, machine.NEEDS_LINK)
            assert edge is not None
            after = await edge.handler(turn)
        if not machine.allows(edge, before, after):
            raise RuntimeError(f"flow moved {before} -> {after} on {trigger!r}: not in the table")
        return after

    async def _redeem(self, turn: Turn, expired_state: State | None) -> str | None:
        """Turn a button token into its action; refuse forged, foreign, used or stale ones."""
        store = turn.services.store
        try:
            token = store.redeem_token(
                turn.incoming.button or "", turn.platform, turn.chat_id, turn.now
            )
        except (TokenUnknown, TokenForeign):
            return _refuse(turn, "button_unknown")
        except TokenUsed:
            if _double_tap(turn):
                return None  # the first tap's turn answers; a second answer would only scold
            return _refuse(turn, "button_used")
        except TokenExpired:
            expired = store.peek_token(turn.incoming.button or "")
            if expired is None or expired.action not in {a.value for a in STEP_ACTIONS}:
                return _refuse(turn, "button_expired")
            return _refuse(turn, expired_text(expired.action))
        try:
            action = Action(token.action)
        except ValueError:
            return _refuse(turn, "button_unknown")
        turn.action = action
        turn.payload = dict(token.payload)
        accepted = STEP_ACTIONS.get(action)
        if accepted is not None:
            if expired_state is not None and expired_state in accepted:
                return _refuse(turn, expired_text(action))
            step = turn.payload.pop("_step", None)
            if turn.state not in accepted or step != turn.step_base:
                return _refuse(turn, "button_stale")
        if action in NEEDS_LINK and turn.link is None:
            return machine.NEEDS_LINK
        return action.value

    def _save(self, turn: Turn, state: State, version: int) -> None:
        services = turn.services
        data = dict(turn.data)
        data["_step"] = turn.step_base
        timeout = services.options.conversation_timeout
        expires_at = None if state is State.IDLE else turn.now + timeout
        try:
            with services.store.transaction():  # a savepoint: a lost race keeps the buttons
                services.store.save_conversation(
                    turn.platform,
                    turn.chat_id,
                    state.value,
                    data,
                    expires_at,
                    expected_version=version,
                    now=turn.now,
                )
        except StaleConversation:
            log.warning("conversation changed by another process meanwhile; keeping theirs")


def _double_tap(turn: Turn) -> bool:
    """True when the used button is the one this chat pressed last, only moments ago."""
    last = turn.services.store.last_redeemed_token(turn.platform, turn.chat_id)
    if last is None or last.token != turn.incoming.button or last.used_at is None:
        return False
    return turn.now - last.used_at <= turn.services.options.double_tap_window


def _refuse(turn: Turn, key: str) -> str | None:
    """A button that cannot act: say why, offer the menu, change nothing (no trigger)."""
    turn.say(turn.t(key), turn.menu_rows(), replace=False)
    return None


def _fallback_error(incoming: Incoming) -> str:
    from conversations.texts import language_from_hint, text

    return text("internal_error", language_from_hint(incoming.language_hint, "en"))


__all__ = ["Engine", "SystemFlow"]
