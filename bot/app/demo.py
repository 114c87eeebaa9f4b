"""``upsell-bot demo``: the embedded sandbox, a fresh SQLite file and a console chat."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from adapters.console import ConsoleChat
from bot.config import StudioSettings
from bot.perfectgym import PerfectGymClient
from bot.sandbox import Sandbox, serve_sandbox
from bot.store import SqliteStore
from conversations import Engine, EventBus, Services, StaffEvent, StudioRuntime

INTRO = """\
Gym upsell bot: demo on the embedded PerfectGym sandbox (no credentials needed).
Answer with a button's number, its label, a /command (/help, /modules, /mine, /cancel,
/settings, /stop) or free text. Ctrl-D ends the chat.

Try it: choose "Berlin Mitte", send the customer number 1-1001 and the date of birth
12.03.1994, then "Discover modules" -> Sauna -> book. Other demo members:
"""


def demo_members(sandbox: Sandbox) -> str:
    lines = []
    for customer in sandbox.customers.values():
        if not customer.reachable:
            continue
        studio = sandbox.studios[customer.studio_id].name
        born = customer.date_of_birth.strftime("%d.%m.%Y")
        note = f" - {customer.demo_note}" if customer.demo_note else ""
        lines.append(f"  {customer.customer_number:<7} {born}  ({studio}){note}")
    return "\n".join(lines)


def sandbox_studios(sandbox: Sandbox, base_url: str) -> list[StudioSettings]:
    return [
        StudioSettings(
            name=studio.name,
            base_url=base_url,
            api_key=studio.api_key,
            webhook_key=studio.webhook_key,
            time_zone=studio.time_zone,
        )
        for studio in sandbox.studios.values()
    ]


async def run_demo(*, db: Path | None = None, language: str | None = None) -> int:
    sandbox = Sandbox.demo()
    with tempfile.TemporaryDirectory(prefix="upsell-demo-") as scratch:
        path = db or Path(scratch) / "demo.sqlite3"
        store = SqliteStore.open(path)
        events = EventBus()
        events.subscribe(_print_staff_event)
        async with serve_sandbox(sandbox) as base_url:
            studios = {
                s.name: StudioRuntime(s, PerfectGymClient(str(s.base_url), s.api_key))
                for s in sandbox_studios(sandbox, base_url)
            }
            services = Services(store=store, studios=studios, events=events)
            print(INTRO + demo_members(sandbox) + "\n", flush=True)
            try:
                await ConsoleChat(Engine(services), language_hint=language).run()
            finally:
                await services.aclose()
                await sandbox.aclose()
                store.close()
    return 0


async def _print_staff_event(event: StaffEvent) -> None:
    who = event.customer_number or event.customer_id or ""
    parts = [str(event.kind), event.module_name or "", str(who), event.status or ""]
    print(f"   (staff feed: {' | '.join(p for p in parts if p)})", file=sys.stdout, flush=True)
