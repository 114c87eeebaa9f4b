"""The operator's commands: ``upsell-bot reminders --dry-run``, ``campaign`` and ``stats``."""

from __future__ import annotations

import sys
from typing import TextIO

from bot.app.reminders import format_preview, preview
from bot.app.runtime import build, open_store
from bot.clock import SystemClock
from bot.config import Settings
from conversations.staff import StaffError, figures_csv, summary_lines


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


async def stats_command(
    settings: Settings,
    *,
    studio: str | None = None,
    days: int = 30,
    csv: bool = False,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """The upsell figures of every studio (or one), as text or CSV, from the database alone."""
    settings.require_studios()
    store = open_store(settings)
    runtime = build(settings, store).runtime
    desk = runtime.desk
    try:
        names = [desk.studio(studio).name] if studio else list(runtime.services.studios)
        figures = [await desk.stats(name, days, actor="cli") for name in names]
    except StaffError as exc:
        print(f"upsell-bot: {exc.words('en')}", file=err or sys.stderr)
        return 2
    finally:
        await runtime.services.aclose()
        store.close()
    zones = {name: s.settings.zone for name, s in runtime.services.studios.items()}
    if csv:
        print(figures_csv(figures, zones), end="", file=out or sys.stdout)
        return 0
    for index, stats in enumerate(figures):
        if index:
            print(file=out or sys.stdout)
        language = desk.language(stats.studio)
        for line in summary_lines(stats, language):
            print(line, file=out or sys.stdout)
    return 0
