"""The turn stack: every cross-cutting concern of a member turn as one visible list of steps.

Like Starlette's middleware stack or Bolt's middleware, each step gets the turn in progress
and the rest of the stack (``call_next``); the list is built once, outermost first:

    correlate        the turn's log context: a correlation id, platform, hashed chat, studio
    measure          the turn counted by platform, flow and outcome, and timed (Prometheus)
    report_errors    any failure ends as "something went wrong", never as silence
    serialize        one turn per conversation at a time (a queue per chat, in order)
    deduplicate      a platform delivery already handled is dropped (checked under the lock)
    load             the conversation (state, typed dialog) and the chat's link; expiry
    save             after the rest: buttons, funnel rows, state, delivery mark: one transaction
    api_errors       PerfectGym failures become a clear answer; the state stays
    settle           writes a crash or an unclear answer left open are settled first
    redeem           a button's token becomes its action and typed payload, or is refused
    require_link     a flow that acts on a membership leads an unlinked chat to linking
    dispatch         the one flow the transition table allows runs, and its move is checked

Turns the bot starts itself (reminders, staff offers) run through ``correlate``,
``serialize``, ``load`` and ``save`` only, and let failures propagate to their caller.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from bot import logs, metrics
from bot.perfectgym import PerfectGymError
from bot.store import (
    Conversation,
    ConversationWrite,
    FunnelRow,
    StoreError,
    TokenExpired,
    TokenForeign,
    TokenRow,
    TokenUnknown,
    TokenUsed,
    TurnWrite,
)
from conversations import machine, payloads
from conversations.drafts import Dialog
from conversations.failures import reply_for_api_error
from conversations.flows import reconcile
from conversations.services import Services
from conversations.states import STEP_ACTIONS, Action, State, expired_text
from conversations.texts import language_from_hint, text
from conversations.turn import StaleAnswer, Turn
from conversations.types import Incoming, Outgoing, TurnDeferred

log = logging.getLogger("conversations.engine")

SystemFlow = Callable[[Turn], Awaitable[State | None]]
Deliver = Callable[[list[Outgoing]], Awaitable[Any]]


@dataclass
class TurnRun:
    """A turn on its way through the stack."""

    services: Services
    incoming: Incoming
    now: datetime
    deliver: Deliver | None = None
    """Sends the replies while the conversation is still held (so chats get them in order)."""
    flow: SystemFlow | None = None
    """A turn the bot starts itself runs this flow instead of the table's."""
    record: Conversation | None = None
    turn: Turn | None = None
    expired: State | None = None
    """The state the conversation was in when it expired (None: not expired)."""
    trigger: str | None = None
    redeemed: str | None = None
    """The button token the turn accepted; marked used in its final write."""
    next_state: State | None = None
    replies: list[Outgoing] = field(default_factory=list)
    flow_name: str = "none"
    """The dialog module that ran (``booking``, ``cancel``...), for the metrics."""
    outcome: str = "ok"
    """How the turn ended: ok, duplicate, refused, stale, api_error, deferred (the database
    failed it; it runs again) or error."""

    def require_turn(self) -> Turn:
        if self.turn is None:
            raise RuntimeError("the load step must run before this step")
        return self.turn


Next = Callable[[TurnRun], Awaitable[None]]
Step = Callable[[TurnRun, Next], Awaitable[None]]


def build_stack(steps: Sequence[Step], endpoint: Next) -> Next:
    """Wrap ``endpoint`` in ``steps``, the first outermost."""
    handler = endpoint
    for step in reversed(steps):
        handler = _bind(step, handler)
    return handler


def _bind(step: Step, call_next: Next) -> Next:
    async def bound(run: TurnRun) -> None:
        await step(run, call_next)

    return bound


# --- the steps ------------------------------------------------------------------------------


async def correlate(run: TurnRun, call_next: Next) -> None:
    """Everything logged during the turn carries its correlation id and whose turn it is (an
    id the adapter bound for the platform's delivery is kept)."""
    incoming = run.incoming
    with logs.bind(
        correlation_id=logs.current().get("correlation_id") or logs.new_correlation_id(),
        platform=incoming.platform,
        chat=logs.chat_hash(incoming.platform, incoming.chat_id),
        delivery=incoming.delivery,
    ):
        await call_next(run)


async def measure(run: TurnRun, call_next: Next) -> None:
    """Count the turn by platform, flow and outcome and time it, whatever happened."""
    started = run.services.clock.monotonic()
    try:
        await call_next(run)
    except BaseException:
        if run.outcome == "ok":
            run.outcome = "error"
        raise
    finally:
        elapsed = run.services.clock.monotonic() - started
        metrics.record_turn(run.incoming.platform, run.flow_name, run.outcome, elapsed)


async def report_errors(run: TurnRun, call_next: Next) -> None:
    try:
        await call_next(run)
    except StoreError as exc:
        if run.incoming.delivery is None:  # nobody delivers it again: say so now
            run.outcome = "error"
            _internal_error(run)
            log.warning("turn failed for %s chat: %s", run.incoming.platform, exc)
            return
        run.replies = []  # no answer now: the update runs again and answers then
        run.outcome = "deferred"
        log.warning("turn deferred for %s chat: %s", run.incoming.platform, exc)
        raise TurnDeferred(str(exc)) from exc
    except Exception:
        run.outcome = "error"
        log.exception("turn failed for %s chat", run.incoming.platform)
        _internal_error(run)


def _internal_error(run: TurnRun) -> None:
    hint = run.turn.language if run.turn is not None else None
    language = hint or language_from_hint(run.incoming.language_hint, "en")
    run.replies = [Outgoing(text=text("internal_error", language))]


class Serializer:
    """One turn per conversation at a time, across processes (the store holds the chat)."""

    async def __call__(self, run: TurnRun, call_next: Next) -> None:
        store = run.services.store
        async with store.hold_chat(run.incoming.platform, run.incoming.chat_id):
            await call_next(run)
            if run.deliver is not None and run.replies:
                await run.deliver(run.replies)


async def deduplicate(run: TurnRun, call_next: Next) -> None:
    """A delivery (Telegram ``update_id``) runs once; it is marked in the turn's final write."""
    key = run.incoming.delivery
    if key is not None and await run.services.store.was_processed(run.incoming.platform, key):
        log.debug("%s delivery %s already handled", run.incoming.platform, key)
        run.outcome = "duplicate"
        return
    await call_next(run)


async def load(run: TurnRun, call_next: Next) -> None:
    services, incoming = run.services, run.incoming
    store = services.store
    record = await store.load_conversation(incoming.platform, incoming.chat_id)
    state = State(record.state) if record else State.IDLE
    dialog = Dialog.load(dict(record.data)) if record else Dialog()
    expired = (
        state is not State.IDLE
        and record is not None
        and record.expires_at is not None
        and record.expires_at <= run.now
    )
    if expired:
        run.expired, state = state, State.IDLE
        dialog = Dialog(language=dialog.language, step=dialog.step)
    run.record = record
    link = await store.get_link(incoming.platform, incoming.chat_id)
    if link is not None:
        logs.annotate(studio=link.studio)
    if link is not None and link.unreachable and run.flow is None:
        # A member who writes has not blocked the bot (any more).
        await store.set_unreachable(incoming.platform, incoming.chat_id, False, now=run.now)
        link = replace(link, unreachable=False)
    run.turn = Turn(
        services=services,
        incoming=incoming,
        now=run.now,
        state=state,
        link=link,
        dialog=dialog,
    )
    await call_next(run)


async def save(run: TurnRun, call_next: Next) -> None:
    """Whatever happened: the turn's buttons, funnel rows, state and delivery mark, at once.

    Except when the database failed: then nothing of the turn is saved and its update is
    not marked, so it runs again (``report_errors``)."""
    store_failed = False
    try:
        await call_next(run)
    except StoreError:
        store_failed = True
        raise
    finally:
        if not store_failed:
            await _finish(run)


async def _finish(run: TurnRun) -> None:
    """One transaction: the turn's tokens, funnel rows, delivery mark and state."""
    turn = run.require_turn()
    run.replies = turn.out.messages
    services = run.services
    conversation = None
    if run.next_state is not None and not turn.erased:
        state = run.next_state
        turn.dialog.step = turn.out.step
        timeout = services.options.conversation_timeout
        conversation = ConversationWrite(
            state=state.value,
            data=turn.dialog.dump(),
            expires_at=None if state is State.IDLE else turn.now + timeout,
            expected_version=run.record.version if run.record else 0,
        )
    write = TurnWrite(
        platform=turn.platform,
        chat_id=turn.chat_id,
        now=turn.now,
        tokens=tuple(
            TokenRow(
                token=t.token,
                action=t.action.value,
                payload=t.payload,
                expires_at=t.expires_at,
            )
            for t in turn.out.tokens
        ),
        funnel=tuple(FunnelRow(event=r.event, fields=r.fields) for r in turn.records.funnel_rows),
        delivery=run.incoming.delivery,
        conversation=conversation,
        redeemed=run.redeemed,
        settled=tuple(turn.records.operation_marks),
        link=turn.records.new_link,
        cleared_attempts=tuple(turn.records.cleared_attempts),
        audits=tuple(turn.records.audits),
    )
    if not await services.store.finish_turn(write):
        log.warning("conversation changed by another process meanwhile; keeping theirs")
    for event in turn.records.events:
        await services.events.publish(event)


async def api_errors(run: TurnRun, call_next: Next) -> None:
    try:
        await call_next(run)
    except PerfectGymError as exc:
        run.outcome = "api_error"
        reply_for_api_error(run.require_turn(), exc)
        run.next_state = None


async def settle(run: TurnRun, call_next: Next) -> None:
    await reconcile.settle_open_operations(run.require_turn())
    await call_next(run)


async def redeem(run: TurnRun, call_next: Next) -> None:
    """A button: its token becomes the action and typed payload; other input: its trigger."""
    turn = run.require_turn()
    incoming = turn.incoming
    if incoming.button is not None:
        action = await _redeem_token(run, turn)
        if action is None:
            run.outcome = "refused"
            return
        run.trigger = action.value
    elif incoming.command is not None:
        run.trigger = f"/{incoming.command.value}"
    else:
        message = incoming.text or ""
        if len(message) > turn.services.options.max_text_length:
            turn.out.say(turn.t("too_long"))
            run.outcome = "refused"
            return
        if run.expired is not None:
            turn.out.say(turn.t("step_expired"))
        run.trigger = machine.text_trigger(message)
    await call_next(run)


async def _redeem_token(run: TurnRun, turn: Turn) -> Action | None:
    """The pressed button's action, or None after saying why it cannot act."""
    store = turn.services.store
    pressed = turn.incoming.button or ""
    try:
        token = await store.check_token(pressed, turn.platform, turn.chat_id, turn.now)
    except (TokenUnknown, TokenForeign):
        return _refuse(turn, "button_unknown")
    except TokenUsed:
        if turn.incoming.rerun or await _double_tap(turn):
            return None  # the first tap's turn answers; a second answer would only scold
        return _refuse(turn, "button_used")
    except TokenExpired:
        expired = await store.peek_token(pressed)
        if expired is None or expired.action not in {a.value for a in STEP_ACTIONS}:
            return _refuse(turn, "button_expired")
        return _refuse(turn, expired_text(expired.action))
    run.redeemed = pressed  # used up with the turn's final write (or the ledger's intent)
    raw = dict(token.payload)
    step = raw.pop("_step", None)
    try:
        action = Action(token.action)
        payload = payloads.load(action, raw)
    except (ValueError, payloads.PayloadMismatch):
        return _refuse(turn, "button_unknown")
    turn.action, turn.payload = action, payload
    accepted = STEP_ACTIONS.get(action)
    if accepted is not None:
        if run.expired is not None and run.expired in accepted:
            return _refuse(turn, expired_text(action))
        if turn.state not in accepted or step != turn.out.asked:
            return _refuse(turn, "button_stale")
    return action


async def _double_tap(turn: Turn) -> bool:
    """True when the used button is the one this chat pressed last, only moments ago."""
    last = await turn.services.store.last_redeemed_token(turn.platform, turn.chat_id)
    if last is None or last.token != turn.incoming.button or last.used_at is None:
        return False
    return turn.now - last.used_at <= turn.services.options.double_tap_window


def _refuse(turn: Turn, key: str) -> Action | None:
    """A button that cannot act: say why, offer the menu, change nothing (no action)."""
    turn.out.say(turn.t(key), turn.out.menu_rows(), replace=False)
    return None


async def require_link(run: TurnRun, call_next: Next) -> None:
    """The one place of the rule "acting on a membership needs a linked chat"."""
    turn = run.require_turn()
    assert run.trigger is not None
    edge = machine.edge_for(turn.state, run.trigger)
    if edge is not None and edge.linked and (turn.link is None or turn.link.contract_id is None):
        run.trigger = machine.NEEDS_LINK
    await call_next(run)


async def dispatch(run: TurnRun) -> None:
    """Run the flow the table allows for this trigger in this state; check where it went."""
    turn = run.require_turn()
    before, trigger = turn.state, run.trigger
    assert trigger is not None
    edge = machine.edge_for(before, trigger)
    if edge is None:
        raise RuntimeError(f"no edge for {trigger!r} in state {before}")
    run.flow_name = edge.handler.__module__.rpartition(".")[2]
    try:
        after = await edge.handler(turn)
    except StaleAnswer:  # the button or the draft does not fit: start over from the menu
        run.outcome = "stale"
        turn.draft = None
        turn.out.say(turn.t("button_stale"), turn.out.menu_rows())
        run.next_state = State.IDLE
        return
    if not machine.allows(edge, before, after):
        raise RuntimeError(f"flow moved {before} -> {after} on {trigger!r}: not in the table")
    run.next_state = after


async def run_system_flow(run: TurnRun) -> None:
    """A turn the bot starts itself: the flow decides the next state (None: unchanged)."""
    assert run.flow is not None
    run.next_state = await run.flow(run.require_turn())


__all__ = [
    "Deliver",
    "Next",
    "Serializer",
    "Step",
    "SystemFlow",
    "TurnRun",
    "api_errors",
    "build_stack",
    "correlate",
    "deduplicate",
    "dispatch",
    "load",
    "measure",
    "redeem",
    "report_errors",
    "require_link",
    "run_system_flow",
    "save",
    "settle",
]
