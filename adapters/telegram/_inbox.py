"""Telegram updates are stored before Telegram hears they arrived, and run until done.

Webhook: the update is stored (a few milliseconds; at most ``RECORD_WITHIN``) before the
200; a database that does not take it gets 503, so Telegram delivers it again. Polling:
PTB's updater confirms a batch by asking for the next one; ``AckAfterStored`` stores the
batch (one transaction) before that request goes out, and holds it back while the database
refuses. A turn marks its update done in its own final write; an update whose turn the
database failed (``TurnDeferred``) is run again after a pause, and an update a dead process
left is taken over when its lease ends (``Inbox.take_stranded``).

Writes are grouped: updates arriving together (a polling batch, concurrent webhook calls)
are stored in one transaction.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from telegram import Update
from telegram.error import NetworkError

from adapters.telegram._mapping import PLATFORM
from bot.clock import Clock
from bot.store import ChatUpdate, StoreError
from bot.store.protocols import UpdateStore

log = logging.getLogger("adapters.telegram")

LEASE = timedelta(seconds=30)
"""How long the receiving process owns a stored update before anyone may run it again."""
RECORD_WITHIN = 2.0
"""Seconds a webhook call waits for the database before answering 503 (Telegram retries)."""


def chat_of(update: Update) -> str | None:
    chat = update.effective_chat
    return str(chat.id) if chat is not None and type(chat.id) is int else None


class StoreNotTaking(NetworkError):
    """Polling waits: the database did not store the last batch (PTB backs off and asks
    again without confirming it)."""


class Inbox:
    """Group-commits updates into the store; says which were new."""

    def __init__(self, store: UpdateStore, clock: Clock, *, lease: timedelta = LEASE) -> None:
        self.store = store
        self.clock = clock
        self.lease = lease
        self._waiting: list[tuple[Update, asyncio.Future[bool]]] = []
        self._writer: asyncio.Task[None] | None = None

    async def record(self, update: Update) -> bool:
        """Store ``update``; True when it was new (run it), False for a repeat."""
        done: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        done.add_done_callback(_looked_at)
        self._waiting.append((update, done))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write_all(), name="telegram-inbox")
        return await asyncio.shield(done)  # a caller that gives up leaves the write alone

    async def _write_all(self) -> None:
        while self._waiting:
            batch, self._waiting = self._waiting, []
            try:
                new = set(
                    await self.store.receive_updates(
                        [_row(update) for update, _ in batch], self.clock.now(), self.lease
                    )
                )
            except Exception as exc:
                for _, done in batch:
                    if not done.done():
                        done.set_exception(exc)
                continue
            for update, done in batch:
                if not done.done():
                    done.set_result(str(update.update_id) in new)

    async def take_stranded(self, *, everything: bool = False) -> list[ChatUpdate]:
        """Updates nobody runs any more (lease over; ``everything``: any not done)."""
        now = self.clock.now()
        cutoff = now + self.lease if everything else now
        return await self.store.claim_stranded_updates(cutoff, self.lease)


def _looked_at(done: asyncio.Future[bool]) -> None:
    """A webhook call that gave up waiting (503) leaves nobody to read a failed write: read
    it here, or asyncio logs it with a traceback ("Future exception was never retrieved")."""
    if not done.cancelled():
        done.exception()


def _row(update: Update) -> ChatUpdate:
    return ChatUpdate(
        platform=PLATFORM,
        key=str(update.update_id),
        chat_id=chat_of(update),
        body=update.to_dict(),
    )


class InboxQueue(asyncio.Queue[Any]):
    """PTB's update queue: an update put by the updater is stored first, and queued to run
    only when new. ``confirmed()`` is what the updater awaits before it confirms a batch."""

    def __init__(self) -> None:
        super().__init__()
        self.inbox: Inbox | None = None
        """Set by the channel; without one (an Application alone) updates pass straight on."""
        self._storing: set[asyncio.Task[None]] = set()
        self._refused: list[Update] = []

    async def put(self, item: Any) -> None:
        if not isinstance(item, Update) or self.inbox is None:
            await super().put(item)
            return
        task = asyncio.create_task(self._store_then_queue(item))
        self._storing.add(task)
        task.add_done_callback(self._storing.discard)

    async def put_stored(self, item: Update) -> None:
        """Queue an update that is in the store already (webhook, stranded, a re-run)."""
        await super().put(item)

    async def _store_then_queue(self, update: Update) -> None:
        assert self.inbox is not None
        try:
            new = await self.inbox.record(update)
        except StoreError as exc:
            log.warning("telegram update not stored yet (%s); polling holds", exc)
            self._refused.append(update)
            return
        if new:
            await super().put(update)

    async def confirmed(self) -> None:
        """Wait until every polled update is stored; raise (no confirmation) when one
        could not be, after trying those again."""
        if self._storing:
            await asyncio.gather(*self._storing, return_exceptions=True)
        refused, self._refused = self._refused, []
        for update in refused:
            await self.put(update)
        if self._storing:
            await asyncio.gather(*self._storing, return_exceptions=True)
        if self._refused:
            raise StoreNotTaking("the database is not storing updates; not confirming them")


class AckAfterStored:
    """The updater's view of the bot: ``get_updates`` (which confirms the previous batch)
    waits until that batch is stored. Everything else is the bot's own."""

    def __init__(self, bot: Any, queue: InboxQueue) -> None:
        self._bot = bot
        self._queue = queue

    async def get_updates(self, *args: Any, **kwargs: Any) -> Sequence[Update]:
        await self._queue.confirmed()
        updates: Sequence[Update] = await self._bot.get_updates(*args, **kwargs)
        return updates

    def __getattr__(self, name: str) -> Any:
        return getattr(self._bot, name)
