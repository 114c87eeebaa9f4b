"""The operator's reminder commands: ``upsell-bot reminders --dry-run`` and ``campaign``."""

from __future__ import annotations

import sys
from typing import TextIO

from bot.app.reminders import format_preview, preview
from bot.app.runtime import build, open_store
from bot.clock import SystemClock
from bot.config import Settings
from conversations.staff import StaffError


async def dry_run_command(settings: Settings, *, out: TextIO | None = None) -> int:
    """Print what would be sent and when; reads the database only."""
    store = open_store(settings)
    try:
        rows = await preview(store, settings, SystemClock().now())
    finally:
        store.close()
    for line in format_preview(rows, settings):
        print(line, file=out or sys.stdout)
    return 0


async def campaign_command(
    settings: Settings,
    *,
    studio: str | None,
    module: str,
    at: str,
    text: str | None = None,
    language: str | None = None,
    actor: str = "cli",
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Schedule a campaign; the running bot sends it at its time."""
    settings.require_studios()
    store = open_store(settings)
    runtime = build(settings, store).runtime
    try:
        result = await runtime.desk.schedule_campaign(
            studio, module, at, actor=actor, language=language, text=text
        )
    except StaffError as exc:
        print(f"upsell-bot: campaign not scheduled: {exc}", file=err or sys.stderr)
        return 1
    finally:
        await runtime.services.aclose()
        store.close()
    print(result.describe(), file=out or sys.stdout)
    return 0
