"""``upsell-bot check``: the configuration, and each configured service reached once.

One line per item, ``OK``, ``WARN`` (works, with less) or ``FAIL`` and what to fix; the exit
code is 1 when any line failed. Items, in order: the configuration; per studio the API key
(``check_key``) and the scopes the bot needs, one cheap read per scope group (a 403 names
the missing scope); Telegram ``getMe``; Slack ``auth.test`` with the workspace and the
token's scopes (Slack lists them in the ``x-oauth-scopes`` header); the database (the SQLite
file or PostgreSQL) and its schema version (newer than this bot: fail). Nothing is written:
the database is not created or migrated, no message is sent.
"""

from __future__ import annotations

import enum
import sqlite3
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.config import ConfigError, Settings, StudioSettings
from bot.perfectgym import (
    ApiError,
    BadRequest,
    Forbidden,
    NotFound,
    PerfectGymClient,
    PerfectGymError,
    TransportError,
)
from bot.store import Store, StoreError


class Status(enum.StrEnum):
    OK = "OK"
    WARN = "WARN"
    FAIL = "FAIL"


@dataclass(frozen=True)
class Line:
    status: Status
    item: str
    detail: str

    def __str__(self) -> str:
        return f"{self.status.value:<4}  {self.item}: {self.detail}"


Probe = Callable[[PerfectGymClient], Awaitable[object]]

SCOPE_PROBES: tuple[tuple[str, Probe], ...] = (
    ("Studios", lambda client: client.studio_information()),
    ("Membership Self-service", lambda client: client.additional_modules()),
    ("Customers", lambda client: client.customer_by_number("0")),
    ("Customers Communication", lambda client: client.communication_preferences(0)),
)
"""One read per scope group (the vendor's tags): the bot needs every one of them. A 404 or 400
for the made-up customer still shows the key may read there."""


async def run_checks(settings: Settings) -> list[Line]:
    lines = [_configuration(settings)]
    for studio in settings.studios:
        lines += await _studio(studio)
    lines.append(await _telegram(settings))
    lines += await _slack(settings)
    lines.append(_database(settings))
    return lines


async def check_command(settings: Settings | None, error: ConfigError | None = None) -> int:
    """Print one line per item; 0 when nothing failed, else 1."""
    if settings is None:
        print(Line(Status.FAIL, "configuration", str(error).removeprefix("configuration error: ")))
        return 1
    lines = await run_checks(settings)
    for line in lines:
        print(line)
    return 1 if any(line.status is Status.FAIL for line in lines) else 0


def _configuration(settings: Settings) -> Line:
    if not settings.studios:
        return Line(
            Status.FAIL,
            "configuration",
            "no studio configured: set PERFECTGYM_BASE_URL and PERFECTGYM_API_KEY, or add "
            "[[studios]] tables to upsell-bot.toml",
        )
    channels = [
        name
        for name, on in (
            ("Telegram", settings.telegram_bot_token),
            ("Slack", settings.slack_bot_token),
        )
        if on is not None
    ]
    detail = f"{len(settings.studios)} studio(s); channels: {', '.join(channels) or 'none'}"
    if not channels:
        return Line(Status.WARN, "configuration", detail + " (set TELEGRAM_BOT_TOKEN)")
    if settings.secret_key is None:
        return Line(Status.WARN, "configuration", detail + "; set UPSELL_SECRET_KEY")
    return Line(Status.OK, "configuration", detail)


async def _studio(studio: StudioSettings) -> list[Line]:
    item = f"PerfectGym {studio.name}"
    client = PerfectGymClient(str(studio.base_url), studio.api_key, timeout=10.0, max_retries=0)
    try:
        try:
            valid = await client.check_key()
        except TransportError as exc:
            return [Line(Status.FAIL, item, f"cannot reach {client.base_url} ({_why(exc)})")]
        except PerfectGymError as exc:
            return [Line(Status.FAIL, item, f"{client.base_url} answered {_why(exc)}")]
        if not valid:
            return [Line(Status.FAIL, item, "the API key was rejected (401): check api_key")]
        lines = [Line(Status.OK, item, f"API key accepted at {client.base_url}")]
        missing, trouble = [], []
        for scope, read in SCOPE_PROBES:
            try:
                await read(client)
            except Forbidden:
                missing.append(scope)
            except (NotFound, BadRequest):
                pass  # allowed to read there; the made-up customer is not found
            except PerfectGymError as exc:
                trouble.append(f"{scope}: {_why(exc)}")
        scopes_item = f"PerfectGym {studio.name} scopes"
        if missing:
            detail = f"missing scope {', '.join(missing)} (403): ask PerfectGym to grant it"
            lines.append(Line(Status.FAIL, scopes_item, detail))
        elif trouble:
            lines.append(Line(Status.FAIL, scopes_item, "; ".join(trouble)))
        else:
            granted = ", ".join(scope for scope, _ in SCOPE_PROBES)
            lines.append(Line(Status.OK, scopes_item, granted))
        return lines
    finally:
        await client.aclose()


async def _telegram(settings: Settings) -> Line:
    if settings.telegram_bot_token is None:
        return Line(Status.WARN, "Telegram", "off (TELEGRAM_BOT_TOKEN is not set)")
    from adapters.telegram import probe

    base = settings.telegram_api_base_url
    try:
        username = await probe(
            settings.telegram_bot_token.get_secret_value(), str(base) if base else None
        )
    except ConfigError as exc:
        return Line(Status.FAIL, "Telegram", str(exc))
    override = settings.telegram_bot_username
    if override and override.lstrip("@").lower() != username.lower():
        return Line(
            Status.FAIL,
            "Telegram",
            f"the token belongs to @{username}, not TELEGRAM_BOT_USERNAME @{override}",
        )
    return Line(Status.OK, "Telegram", f"getMe: @{username}")


async def _slack(settings: Settings) -> list[Line]:
    from adapters.slack import SlackOptions, probe
    from adapters.slack._options import OPTIONAL_SCOPES

    options = SlackOptions.from_settings(settings)
    if options is None:
        return [Line(Status.WARN, "Slack", "off (SLACK_BOT_TOKEN is not set)")]
    try:
        found = await probe(options)
    except ConfigError as exc:
        return [Line(Status.FAIL, "Slack", str(exc))]
    if options.team_id is not None and found.team_id != options.team_id:
        detail = f"SLACK_BOT_TOKEN belongs to workspace {found.team_id}, not SLACK_TEAM_ID"
        return [Line(Status.FAIL, "Slack", detail)]
    lines = [Line(Status.OK, "Slack", f"auth.test: {found.user} in workspace {found.team_id}")]
    if found.scopes is None:
        lines.append(Line(Status.WARN, "Slack scopes", "Slack did not list the token's scopes"))
        return lines
    missing = found.missing(options.required_scopes)
    if missing:
        detail = (
            f"missing scope {', '.join(missing)}: add it under OAuth & Permissions and "
            "reinstall the app"
        )
        lines.append(Line(Status.FAIL, "Slack scopes", detail))
        return lines
    lacking = found.missing(OPTIONAL_SCOPES)
    if "files:write" in lacking:
        detail = "without files:write: /upsell stats and export answer with text only"
        lines.append(Line(Status.WARN, "Slack scopes", detail))
    else:
        lines.append(Line(Status.OK, "Slack scopes", ", ".join(sorted(found.scopes))))
    return lines


def _database(settings: Settings) -> Line:
    """The SQLite file (not created yet is fine) or the PostgreSQL database, and its schema."""
    url = settings.postgres_url
    item = f"database {settings.database_label}"
    if url is None and not settings.db_path.exists():
        return Line(Status.OK, item, "not created yet: start-up (or upsell-bot migrate) makes it")
    try:
        opened = (
            Store.open(settings.db_path, migrate=False)
            if url is None
            else Store.connect(url, migrate=False)
        )
        with opened as store:
            version = store.schema_version()
    except (StoreError, sqlite3.Error) as exc:
        return Line(Status.FAIL, item, settings.redact(str(exc)))
    if version < Store.LATEST_SCHEMA_VERSION:
        detail = (
            f"schema version {version} of {Store.LATEST_SCHEMA_VERSION}: start-up (or upsell-bot "
            "migrate) upgrades it"
        )
        return Line(Status.OK, item, detail)
    return Line(Status.OK, item, f"schema version {version} (current)")


def _why(exc: PerfectGymError) -> str:
    if isinstance(exc, ApiError):
        return f"{exc.status_code} {exc.error_code or ''}".strip()
    return type(exc).__name__


__all__ = ["SCOPE_PROBES", "Line", "Status", "check_command", "run_checks"]
