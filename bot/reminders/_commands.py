"""The operator's reminder commands: ``upsell-bot reminders --dry-run`` and ``campaign``."""

from __future__ import annotations

import sys
from typing import TextIO

from bot.clock import SystemClock
from bot.config import Settings
from bot.reminders._campaigns import schedule_campaign
from bot.reminders._dry_run import format_preview, preview
from conversations.staff import StaffError


def dry_run_command(settings: Settings, *, out: TextIO | None = None) -> int:
    """Print what would be sent and when; reads the database only."""
    from bot.runner import open_store

    store = open_store(settings)
    try:
        rows = preview(store, settings, SystemClock().now())
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
    from bot.runner import build_runtime, open_store

    settings.require_studios()
    store = open_store(settings)
    runtime = build_runtime(settings, store)
    try:
        result = await schedule_campaign(
            runtime, studio, module, at, actor=actor, language=language, text=text
        )
    except StaffError as exc:
        print(f"upsell-bot: campaign not scheduled: {exc}", file=err or sys.stderr)
        return 1
    finally:
        await runtime.services.aclose()
        store.close()
    print(result.describe(), file=out or sys.stdout)
    return 0
