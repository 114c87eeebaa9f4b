"""The engine: one turn per incoming event, whatever the chat platform.

``Engine.handle`` runs a member's event through the turn stack (``conversations.stack``):
log context and metrics, errors to replies, one turn per chat at a time, deduplication, load,
save, API errors, settling open writes, the button token, the link requirement, and the one
transition the table (``conversations.machine``) allows. ``Engine.push`` runs a turn the bot
starts itself.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from conversations.flows import reconcile
from conversations.services import Services
from conversations.stack import (
    Deliver,
    Serializer,
    Step,
    SystemFlow,
    TurnRun,
    api_errors,
    build_stack,
    correlate,
    deduplicate,
    dispatch,
    load,
    measure,
    redeem,
    report_errors,
    require_link,
    run_system_flow,
    save,
    settle,
)
from conversations.types import Incoming, Outgoing


class Engine:
    """Turns member events into replies; safe to call concurrently for many chats."""

    def __init__(self, services: Services) -> None:
        self.services = services
        serialize = Serializer()
        self.member_steps: Sequence[Step] = (
            correlate,
            measure,
            report_errors,
            serialize,
            deduplicate,
            load,
            save,
            api_errors,
            settle,
            redeem,
            require_link,
        )
        self.system_steps: Sequence[Step] = (correlate, serialize, load, save)
        self._member_turn = build_stack(self.member_steps, dispatch)
        self._system_turn = build_stack(self.system_steps, run_system_flow)

    async def handle(self, incoming: Incoming, *, deliver: Deliver | None = None) -> list[Outgoing]:
        """Run one turn for a member event and return what to send back.

        ``deliver`` sends the replies while the chat is still held, so a chat's replies go
        out in the order its events came in.
        """
        run = TurnRun(self.services, incoming, self.services.clock.now(), deliver=deliver)
        await self._member_turn(run)
        return run.replies

    async def push(
        self, platform: str, chat_id: str, flow: SystemFlow, *, deliver: Deliver | None = None
    ) -> list[Outgoing]:
        """Run a turn the bot starts itself (reminder, staff offer, news from the studio).

        The flow sees the conversation like any member turn and returns the next state, or
        None to leave the conversation as it was. Failures propagate to the caller.
        """
        incoming = Incoming(platform=platform, chat_id=chat_id, user_id="", text="")
        run = TurnRun(self.services, incoming, self.services.clock.now(), deliver=deliver)
        run.flow = flow
        await self._system_turn(run)
        return run.replies

    async def reconcile_open_operations(
        self, deliver: Callable[[str, str, list[Outgoing]], Awaitable[object]] | None = None
    ) -> list[tuple[str, str, list[Outgoing]]]:
        """Settle operations a crash or an unclear answer left open; say how each ended.

        Runs at start-up (what a crash left open is settled at once) and then every few
        seconds: each chat's turn holds the chat, so a write still in flight is waited for,
        never second-guessed.

        ``deliver(platform, chat_id, replies)`` tells the member while the chat is held.
        """
        now = self.services.clock.now()
        options = self.services.options
        results: list[tuple[str, str, list[Outgoing]]] = []
        chats: set[tuple[str, str]] = set()
        for operation in await self.services.store.open_operations():
            platform, chat_id = operation.platform, operation.chat_id
            if platform is None or chat_id is None or (platform, chat_id) in chats:
                continue
            if operation.status == "unclear":  # asked before: again soon, then less often
                young = now - operation.created_at < options.landing_grace
                wait = options.recheck_unclear / 6 if young else options.recheck_unclear
                if now - operation.updated_at < wait:
                    continue
            # intent/sent: its turn is gone or still running; the chat's hold tells which
            chats.add((platform, chat_id))

            async def tell(
                replies: list[Outgoing], platform: str = platform, chat: str = chat_id
            ) -> None:
                if deliver is not None:
                    await deliver(platform, chat, replies)

            replies = await self.push(
                platform, chat_id, reconcile.settle_open_operations, deliver=tell
            )
            if replies:
                results.append((platform, chat_id, replies))
        return results


def _bound(
    deliver: Callable[[str, str, list[Outgoing]], Awaitable[object]], platform: str, chat_id: str
) -> Deliver:
    async def tell(replies: list[Outgoing]) -> None:
        await deliver(platform, chat_id, replies)

    return tell


__all__ = ["Engine", "SystemFlow"]
