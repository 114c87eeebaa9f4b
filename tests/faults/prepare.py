"""Bringing Telegram members to a confirmation before a real process takes over.

A member's dialog up to "Book and pay" is eight messages; through a real process, Telegram's
one message per second per chat makes that eight seconds. The steps are the engine's own
(``tests/conversations/member.py``) on the same database and the same sandbox (over HTTP),
under the Telegram platform name: the process then finds exactly what an earlier process
would have left, and the member's next press is delivered to it as a Telegram update.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from bot.config import StudioSettings
from bot.perfectgym import PerfectGymClient
from bot.store import SqliteStore
from conversations import Engine, Services, StudioRuntime
from testing.outside import Outside
from testing.store import open_store
from tests.conversations.member import Member

Steps = Callable[[Member], Awaitable[None]]


async def buy_sauna(member: Member) -> None:
    await member.press("Discover modules")
    await member.press("Sauna")
    await member.press("Book")
    await member.press("without trial")


async def cancel_sauna(member: Member) -> None:
    await member.press("My modules")
    await member.press("Sauna")
    await member.press("Cancel this module")
    await member.press(member.labels[0])  # the next possible date


async def at_confirmation(
    outside: Outside,
    database: Path,
    members: dict[int, tuple[str, str, Steps, str]],
) -> dict[int, str]:
    """Link each chat (customer number, date of birth), walk its steps, and return the token
    of the button named last (e.g. "Book and pay") per chat."""
    store = open_store(database)
    backend = SqliteStore.wrap(store)
    studio = outside.studio
    settings = StudioSettings(
        name=studio.name, base_url=outside.sandbox_url, api_key=studio.api_key, locale="en_GB"
    )
    client = PerfectGymClient(outside.sandbox_url, studio.api_key, backoff=0.01)
    services = Services(store=backend, studios={studio.name: StudioRuntime(settings, client)})
    engine = Engine(services)
    tokens = {}
    try:
        for chat_id, (number, born, steps, button) in members.items():
            member = Member(engine, str(chat_id), platform="telegram")
            await member.link(number, born, offers=False)
            await steps(member)
            tokens[chat_id] = member.button(button).token
    finally:
        await services.aclose()
        backend.close()
        store.close()
    return tokens
