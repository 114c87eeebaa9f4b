"""The ``upsell-bot`` command: demo, run, sandbox, migrate and the operator's tools."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from bot import logs
from bot.config import ConfigError, Settings, load_settings, log_level_name

log = logging.getLogger("bot.app.cli")

DESCRIPTION = """\
Chat assistant that sells and manages PerfectGym Next additional modules
(sauna, towels, drinks...) for gym members on Telegram, with a Slack staff desk.

Configuration comes from environment variables and an optional TOML file
(upsell-bot.toml in the working directory, or --config PATH); see README.md.
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="upsell-bot",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--config",
        type=Path,
        default=None,
        help="TOML configuration file (default: upsell-bot.toml if present)",
    )
    parser.add_argument(
        "--log-level", type=_log_level, default=None, help="DEBUG, INFO, WARNING or ERROR"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    demo = sub.add_parser(
        "demo",
        help="chat with the bot in this terminal, on the embedded sandbox (no credentials)",
        description="Starts the embedded PerfectGym sandbox, a fresh SQLite file and a console "
        "chat. Type a button's number, its label, a /command or free text. Works with piped "
        "input too: printf '1\\n1-1001\\n12.03.1994\\n' | upsell-bot demo",
    )
    demo.add_argument(
        "--db", type=Path, default=None, help="SQLite file (default: a fresh temporary file)"
    )
    demo.add_argument("--language", default=None, help="language hint, e.g. de or en")

    sub.add_parser(
        "run",
        help="run the bot: Telegram, Slack, webhooks and reminders in one process",
        description="Starts every configured channel (Telegram, Slack), the HTTP server for "
        "webhooks and /healthz, and the reminder loop. Stops cleanly on SIGINT/SIGTERM.",
    )

    sandbox = sub.add_parser(
        "sandbox",
        help="serve the embedded PerfectGym stand-in on a port",
        description="Serves the PerfectGym sandbox with its demo data and prints its base URL, "
        "API keys, webhook keys and demo customers, so the bot (or curl) can use it.",
    )
    sandbox.add_argument("--host", default="127.0.0.1")
    sandbox.add_argument("--port", type=int, default=8089)
    sandbox.add_argument("--webhook-url", default=None, help="where to POST PerfectGym webhooks")

    migrate = sub.add_parser(
        "migrate",
        help="create or upgrade the database, SQLite or PostgreSQL (also done at start-up)",
        description="Applies the pending schema migrations to the database named by UPSELL_DB "
        "(a SQLite file, or a postgresql:// URL; or db_path in the configuration file; or "
        "DATABASE_URL) and prints the schema version. With --copy-from FILE it copies that "
        "SQLite database into the configured PostgreSQL database, which must be empty.",
    )
    migrate.add_argument(
        "--copy-from",
        type=Path,
        default=None,
        metavar="FILE",
        help="SQLite file to copy into the (empty) PostgreSQL database",
    )

    activate = sub.add_parser(
        "activate-webhooks",
        help="switch PerfectGym webhook events on for each studio (confirmActivation)",
        description="Calls POST /v1/studios/confirmActivation with each configured studio's API "
        "key, which PerfectGym requires once before it sends webhooks to the bot.",
    )
    activate.add_argument(
        "--studio", action="append", default=[], help="only this studio (repeatable)"
    )

    reminders = sub.add_parser(
        "reminders",
        help="list the reminders that would be sent, and when (--dry-run)",
        description="Reminders are sent by 'upsell-bot run'. With --dry-run this lists what is "
        "queued and what the planner would add, with the time in each studio's zone (after "
        "quiet hours), from the database alone: nothing is sent or changed.",
    )
    reminders.add_argument("--dry-run", action="store_true", help="list, do not send")

    campaign = sub.add_parser(
        "campaign",
        help="schedule a campaign: offer a module to linked members at a given time",
        description="Stores a campaign that 'upsell-bot run' sends at --at to every linked "
        "member who said yes to offers and whose contract can book the module and does not "
        "have it (checked right before each message), outside quiet hours.",
    )
    campaign.add_argument("--studio", default=None, help="studio name (needed if several)")
    campaign.add_argument("--module", required=True, help="module id or name, e.g. 201 or Sauna")
    campaign.add_argument(
        "--at",
        required=True,
        help="ISO time in the studio's zone (2026-12-01T18:00), a date, or 'now'",
    )
    campaign.add_argument("--text", default=None, help="your own first paragraph (optional)")
    campaign.add_argument("--language", default=None, choices=["de", "en"])

    sub.add_parser(
        "check",
        help="pre-flight: check the configuration and reach every configured service once",
        description="Validates the configuration, then reaches each configured service once: "
        "PerfectGym per studio (the API key and the scopes the bot needs), Telegram (getMe), "
        "Slack (auth.test and the scopes the staff desk needs) and the database (its schema "
        "version). Prints one line per item, OK or what to fix; exits 1 if anything failed. "
        "Sends no message and changes nothing.",
    )

    stats = sub.add_parser(
        "stats",
        help="the upsell figures of each studio (--csv for a spreadsheet)",
        description="The figures /upsell stats shows, from the database alone: the funnel, "
        "purchases, monthly recurring revenue added (also per week and module), conversion "
        "and cancellation reasons. --csv prints them as CSV, one row per number.",
    )
    stats.add_argument("--studio", default=None, help="only this studio")
    stats.add_argument("--days", type=int, default=30, help="the last N days (1-366, default 30)")
    stats.add_argument("--csv", action="store_true", help="CSV instead of text")

    export = sub.add_parser(
        "consent-export",
        help="print the proof of consent to offers (current answers and history) as JSON",
        description="Prints, from the database alone, each chat link's answer to the offers "
        "question (yes/no, when, wording version) and every answer ever recorded in the audit "
        "log, with the wording the member saw: the proof GDPR Art. 7(1) asks for.",
    )
    export.add_argument("--studio", default=None, help="only this studio")
    export.add_argument("--customer", type=int, default=None, help="only this customer id")
    return parser


def _log_level(value: str) -> str:
    try:
        return log_level_name(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = load_settings(args.config) if args.command not in ("demo", "sandbox") else None
    except ConfigError as exc:
        if args.command == "check":
            from bot.app.check import check_command

            return asyncio.run(check_command(None, exc))
        print(f"upsell-bot: {exc}", file=sys.stderr)
        return 2
    _configure_logging(args, settings)
    try:
        return asyncio.run(_dispatch(args, settings))
    except ConfigError as exc:
        print(f"upsell-bot: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _configure_logging(args: argparse.Namespace, settings: Settings | None) -> None:
    level = args.log_level or (settings.log_level if settings else "WARNING")
    if settings is None:
        logs.configure_logging(level)
        return
    secret = settings.secret_key.get_secret_value().encode() if settings.secret_key else None
    logs.configure_logging(level, settings.log_format, secrets=settings.secrets(), hash_key=secret)


async def _dispatch(args: argparse.Namespace, settings: Settings | None) -> int:
    if args.command == "demo":
        from bot.app.demo import run_demo

        return await run_demo(db=args.db, language=args.language)
    if args.command == "sandbox":
        from bot.app.sandbox_cli import run_sandbox

        return await run_sandbox(args.host, args.port, args.webhook_url)
    assert settings is not None
    if args.command == "migrate":
        from bot.app.migrate import migrate_command

        return migrate_command(settings, copy_from=args.copy_from)
    if args.command == "run":
        from bot.app.runner import run_bot

        return await run_bot(settings)
    if args.command == "activate-webhooks":
        return await _activate_webhooks(settings, args.studio)
    if args.command == "reminders":
        if not args.dry_run:
            print(
                "upsell-bot: reminders are sent by 'upsell-bot run'; add --dry-run to list them",
                file=sys.stderr,
            )
            return 2
        from bot.app.operator import dry_run_command

        return await dry_run_command(settings)
    if args.command == "campaign":
        from bot.app.operator import campaign_command

        return await campaign_command(
            settings,
            studio=args.studio,
            module=args.module,
            at=args.at,
            text=args.text,
            language=args.language,
        )
    if args.command == "check":
        from bot.app.check import check_command

        return await check_command(settings)
    if args.command == "stats":
        from bot.app.operator import stats_command

        return await stats_command(settings, studio=args.studio, days=args.days, csv=args.csv)
    if args.command == "consent-export":
        from bot.app.consent_export import consent_export_command

        return consent_export_command(settings, studio=args.studio, customer_id=args.customer)
    raise AssertionError(args.command)


async def _activate_webhooks(settings: Settings, studios: list[str]) -> int:
    from bot.app.webhooks import activate_webhooks

    settings.require_studios()
    known = {studio.name for studio in settings.studios}
    unknown = [name for name in studios if name not in known]
    if unknown:
        raise ConfigError(f"unknown studio {unknown[0]!r} (configured: {', '.join(sorted(known))})")
    results = await activate_webhooks(settings, studios)
    for result in results:
        outcome = "webhooks activated" if result.ok else f"failed: {result.error}"
        print(f"{result.studio}: {outcome}")
    return 0 if all(result.ok for result in results) else 1
