"""Settings from the environment and an optional TOML file.

One studio can be configured by environment alone (``PERFECTGYM_BASE_URL``,
``PERFECTGYM_API_KEY``, ``PERFECTGYM_WEBHOOK_KEY``); a chain lists its studios as
``[[studios]]`` tables in ``upsell-bot.toml`` (or the file given with ``--config``).
Environment variables win over the file. Secrets are ``SecretStr`` so they never
show up in reprs, logs or error messages.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import tomllib
from datetime import time
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError
from pydantic import (
    AliasChoices,
    AnyHttpUrl,
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import (
    BaseSettings,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

DEFAULT_CONFIG_FILE = Path("upsell-bot.toml")
DEFAULT_DB = Path("upsell-bot.sqlite3")
POSTGRES_SCHEMES = ("postgresql", "postgres")

__all__ = [
    "LOG_LEVELS",
    "ConfigError",
    "ReminderSettings",
    "Settings",
    "StudioSettings",
    "load_settings",
    "log_level_name",
    "redact_url",
]


class ConfigError(Exception):
    """A setting is missing or invalid; the message is one line saying what to fix."""


class StudioSettings(BaseModel):
    """One PerfectGym studio the bot serves (one API key each)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, max_length=64)
    base_url: AnyHttpUrl
    api_key: SecretStr
    webhook_key: SecretStr | None = None
    time_zone: str = "Europe/Berlin"
    locale: str = "de_DE"
    default_cancelation_reason_id: int | None = None
    slack_channel: str | None = None
    quiet_hours_start: time = time(21, 0)
    quiet_hours_end: time = time(9, 0)
    requests_per_minute: int = Field(default=1000, ge=60, le=100_000)
    """PerfectGym's limit for this API key, per endpoint (1000 unless PerfectGym set another
    one for the key); the bot keeps 5% below it, whatever the number of replicas."""

    @model_validator(mode="before")
    @classmethod
    def _secrets_from_env(cls, values: Any) -> Any:
        """Let a TOML file name the variable holding a secret instead of the secret itself."""
        if not isinstance(values, dict):
            return values
        for field in ("api_key", "webhook_key"):
            env_name = values.pop(f"{field}_env", None)
            if env_name is not None and field not in values:
                if env_name not in os.environ:
                    raise ValueError(f"{field}_env names {env_name}, which is not set")
                values[field] = os.environ[env_name]
        return values

    @field_validator("api_key")
    @classmethod
    def _key_not_blank(cls, value: SecretStr) -> SecretStr:
        if not value.get_secret_value().strip():
            raise ValueError("must not be empty")
        return value

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @field_validator("locale")
    @classmethod
    def _known_locale(cls, value: str) -> str:
        try:
            Locale.parse(value)
        except (UnknownLocaleError, ValueError) as exc:
            raise ValueError(f"unknown locale {value!r}") from exc
        return value

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def language(self) -> str:
        """The studio's default chat language (``de`` or ``en``)."""
        return "de" if self.locale.lower().startswith("de") else "en"


REMINDER_RULES = ("cancelation", "trial", "viewed", "campaign")
"""Reminder rules whose message text a studio may override (``[reminders.texts.<rule>]``)."""

REMINDER_TEXT_FIELDS = frozenset({"module", "date", "days", "studio"})
"""Placeholders an overriding text may use, e.g. ``"{module} endet am {date}."``."""


class ReminderSettings(BaseModel):
    """Which reminder rules run, and when."""

    model_config = ConfigDict(extra="forbid")

    enabled: bool = True
    """Off: no reminder rule is planned; news of contract changes still goes out."""
    cancelation_days_before: int = Field(default=7, ge=1, le=60)
    cancelation_enabled: bool = True
    trial_days_before: int = Field(default=3, ge=1, le=30)
    trial_enabled: bool = True
    viewed_followup_hours: int = Field(default=24, ge=1, le=24 * 14)
    viewed_enabled: bool = True
    campaign_enabled: bool = True
    changes_enabled: bool = True
    """Tell members what changed when PerfectGym reports a change the bot did not make."""
    send_time: time = time(10, 0)
    """Local time (studio's zone) at which day-based reminders become due."""
    texts: dict[str, dict[str, str]] = Field(default_factory=dict)
    """Per rule and language (``de``/``en``), a text replacing the message's first paragraph."""
    interval_seconds: float = Field(default=60.0, gt=0)
    send_concurrency: int = Field(default=16, ge=1, le=256)
    max_attempts: int = Field(default=5, ge=1, le=20)
    """How often a reminder may be picked up (postponements and failed sends count)."""
    api_calls_per_minute: int = Field(default=400, ge=10, le=100_000)
    """PerfectGym calls per studio and endpoint that reminders may spend (checks and refreshes),
    leaving the rest of the key's limit (``requests_per_minute``, 1000 by default) to members
    in a chat; never more than the smallest studio's limit."""
    refresh_after_hours: float = Field(default=24.0, gt=0, le=24 * 30)
    """Re-read a linked member's module contracts when the last look is older than this."""

    @field_validator("texts")
    @classmethod
    def _known_texts(cls, value: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
        from string import Formatter

        for rule, languages in value.items():
            if rule not in REMINDER_RULES:
                raise ValueError(f"unknown rule {rule!r} (rules: {', '.join(REMINDER_RULES)})")
            for language, template in languages.items():
                if language not in ("de", "en"):
                    raise ValueError(f"{rule}: unknown language {language!r} (use de or en)")
                if not template.strip():
                    raise ValueError(f"{rule}.{language}: must not be empty")
                try:
                    names = {n for _, n, _, _ in Formatter().parse(template) if n is not None}
                except ValueError as exc:
                    raise ValueError(f"{rule}.{language}: {exc}") from None
                unknown = sorted(names - REMINDER_TEXT_FIELDS)
                if unknown:
                    allowed = ", ".join("{" + n + "}" for n in sorted(REMINDER_TEXT_FIELDS))
                    raise ValueError(
                        f"{rule}.{language}: unknown placeholder {{{unknown[0]}}} "
                        f"(allowed: {allowed})"
                    )
        return value

    def rule_enabled(self, rule: str) -> bool:
        """Whether a rule may plan and send (contract changes have their own switch)."""
        if rule == "contract_change":
            return self.changes_enabled
        return self.enabled and bool(getattr(self, f"{rule}_enabled", False))


class Settings(BaseSettings):
    """Everything the bot reads at start-up."""

    model_config = SettingsConfigDict(
        extra="ignore",
        case_sensitive=False,
        env_nested_delimiter="__",
    )

    studios: list[StudioSettings] = Field(default_factory=list)
    db_path: Path = Field(default=DEFAULT_DB, validation_alias=AliasChoices("upsell_db", "db_path"))
    """The SQLite file; a ``postgresql://`` URL given as UPSELL_DB lands in ``database_url``."""
    database_url: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("database_url")
    )
    """PostgreSQL (``postgresql://user:password@host:port/dbname``): from UPSELL_DB, or from
    DATABASE_URL unless UPSELL_DB names a SQLite file. A secret: it holds the password."""
    db_pool_size: int = Field(
        default=8,
        ge=1,
        le=100,
        validation_alias=AliasChoices("upsell_db_pool_size", "db_pool_size"),
    )
    """PostgreSQL connections (and worker threads) per process."""
    log_level: str = "INFO"
    log_format: Literal["text", "json"] = "text"
    """``json``: one JSON object per line with the turn's or delivery's context (LOG_FORMAT)."""
    secret_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("upsell_secret_key", "secret_key")
    )
    """Keys the hashes of staff link codes; set it in production (UPSELL_SECRET_KEY)."""

    # Single studio from the environment.
    perfectgym_base_url: AnyHttpUrl | None = None
    perfectgym_api_key: SecretStr | None = None
    perfectgym_webhook_key: SecretStr | None = None
    perfectgym_studio_name: str = "default"
    perfectgym_time_zone: str = "Europe/Berlin"
    perfectgym_locale: str = "de_DE"
    perfectgym_requests_per_minute: int = 1000
    perfectgym_cache_seconds: int = Field(default=60, ge=0, le=3600)
    """How old the module list and contracts a dialog reuses may be (0: always ask)."""
    perfectgym_preferences_cache_seconds: int = Field(default=600, ge=0, le=24 * 3600)
    """How old the communication preferences reminder checks reuse may be (0: always ask)."""

    # Member conversations.
    conversation_timeout_minutes: int = Field(default=30, ge=1, le=24 * 60)
    link_code_ttl_minutes: int = Field(default=24 * 60, ge=5, le=30 * 24 * 60)
    link_attempts_per_studio_minute: int = Field(default=30, ge=1, le=10_000)
    """Ceiling on date-of-birth checks per studio per minute, across all chats (staff told)."""

    # HTTP server (Telegram webhook, Slack events, PerfectGym webhooks, health).
    http_host: str = "127.0.0.1"
    http_port: int = Field(default=8080, ge=0, le=65535)

    # Prometheus metrics: GET /metrics on the main server behind METRICS_TOKEN (Bearer),
    # and/or alone on METRICS_HOST:METRICS_PORT (off the public port).
    metrics_token: SecretStr | None = None
    metrics_host: str = "127.0.0.1"
    metrics_port: int | None = Field(default=None, ge=0, le=65535)

    # Telegram.
    telegram_bot_token: SecretStr | None = None
    telegram_bot_username: str | None = None
    telegram_webhook_url: AnyHttpUrl | None = None
    telegram_webhook_secret: SecretStr | None = None
    telegram_webhook_path: str | None = None
    """Route of the webhook on this server; default: the path of TELEGRAM_WEBHOOK_URL."""
    telegram_api_base_url: AnyHttpUrl | None = None
    telegram_update_lease_seconds: int = Field(default=30, ge=2, le=600)
    """How long a stored update belongs to the process that received it; after that any
    process (replica) runs it if it is still not done (that process died)."""

    # Slack.
    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_api_base_url: AnyHttpUrl | None = None
    slack_staff_channel: str | None = None
    slack_team_id: str | None = None
    slack_allowed_users: Annotated[list[str], NoDecode] = Field(default_factory=list)
    slack_allowed_usergroups: Annotated[list[str], NoDecode] = Field(default_factory=list)
    slack_allowed_channels: Annotated[list[str], NoDecode] = Field(default_factory=list)
    """Channels (ids or names) where staff commands work; empty = any channel."""
    slack_open_to_workspace: bool = False
    """Everyone in the workspace may use the staff desk; without it (and without allowed
    users or user groups) the desk refuses everyone."""
    slack_command: str = Field(default="/upsell", pattern=r"^/[a-z0-9_-]{1,31}$")

    reminders: ReminderSettings = Field(default_factory=ReminderSettings)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """The environment overrides the TOML file (which arrives as init arguments)."""
        return (env_settings, init_settings)

    @model_validator(mode="before")
    @classmethod
    def _database_by_url(cls, values: Any) -> Any:
        """UPSELL_DB may be a ``postgresql://`` URL; it then wins over DATABASE_URL, as a
        SQLite file named by UPSELL_DB does (``postgres_url``)."""
        if not isinstance(values, dict):
            return values
        values = dict(values)
        for key in ("upsell_db", "db_path"):
            given = values.get(key)
            if isinstance(given, str) and "://" in given:
                values.pop(key)
                values["database_url"] = _database_url(given, "UPSELL_DB (or db_path)")
                return values
        url = values.get("database_url")
        if isinstance(url, str):
            values["database_url"] = _database_url(url, "DATABASE_URL (or database_url)")
        return values

    @property
    def postgres_url(self) -> str | None:
        """The PostgreSQL database to use, or None for the SQLite file ``db_path``."""
        if self.database_url is None or "db_path" in self.model_fields_set:
            return None
        return self.database_url.get_secret_value()

    @property
    def database_shadowed(self) -> bool:
        """DATABASE_URL is set but UPSELL_DB names a SQLite file, which wins."""
        return self.database_url is not None and "db_path" in self.model_fields_set

    def redact(self, text: str) -> str:
        """``text`` without the database password (the store never names it; this makes
        sure no message the bot prints ever does)."""
        url = self.database_url.get_secret_value() if self.database_url else ""
        password = urlsplit(url).password if url else None
        for form in {password, unquote(password)} if password else ():
            text = text.replace(form, "***")
        return text

    @property
    def database_label(self) -> str:
        """The database for messages and logs: the file, or the URL without its password."""
        url = self.postgres_url
        return str(self.db_path) if url is None else redact_url(url)

    @field_validator(
        "slack_allowed_users", "slack_allowed_usergroups", "slack_allowed_channels", mode="before"
    )
    @classmethod
    def _comma_list(cls, value: Any) -> Any:
        """``U1,U2`` or a JSON list, from the environment; a list from the TOML file."""
        if isinstance(value, str):
            if value.strip().startswith("["):
                return json.loads(value)
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("log_level")
    @classmethod
    def _known_log_level(cls, value: str) -> str:
        return log_level_name(value)

    @field_validator("log_format", mode="before")
    @classmethod
    def _log_format_lower(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("metrics_token")
    @classmethod
    def _metrics_token_long_enough(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value()) < 16:
            raise ValueError("must be at least 16 characters (e.g. openssl rand -hex 32)")
        return value

    def secrets(self) -> list[str]:
        """Every secret in the settings, for masking in logs."""
        values = [
            self.secret_key,
            self.perfectgym_api_key,
            self.perfectgym_webhook_key,
            self.telegram_bot_token,
            self.telegram_webhook_secret,
            self.slack_bot_token,
            self.slack_signing_secret,
            self.slack_app_token,
            self.metrics_token,
        ]
        for studio in self.studios:
            values += [studio.api_key, studio.webhook_key]
        return [v.get_secret_value() for v in values if v is not None]

    @model_validator(mode="after")
    def _slack_complete(self) -> Settings:
        """Slack needs a way in: a signing secret (HTTP) and/or an app token (Socket Mode)."""
        if self.slack_bot_token is None:
            if self.slack_signing_secret is not None or self.slack_app_token is not None:
                raise ValueError("SLACK_BOT_TOKEN is missing (other SLACK_* settings are set)")
        elif self.slack_signing_secret is None and self.slack_app_token is None:
            raise ValueError(
                "SLACK_BOT_TOKEN needs SLACK_SIGNING_SECRET (HTTP mode) "
                "or SLACK_APP_TOKEN (Socket Mode)"
            )
        if self.slack_open_to_workspace and (
            self.slack_allowed_users or self.slack_allowed_usergroups
        ):
            raise ValueError(
                "SLACK_OPEN_TO_WORKSPACE=true contradicts SLACK_ALLOWED_USERS / "
                "SLACK_ALLOWED_USERGROUPS: either list the staff or open the desk to everyone"
            )
        return self

    @field_validator("telegram_webhook_secret")
    @classmethod
    def _telegram_secret_charset(cls, value: SecretStr | None) -> SecretStr | None:
        """Telegram accepts 1-256 characters A-Z, a-z, 0-9, _ and - as a webhook secret."""
        allowed = r"[A-Za-z0-9_-]{1,256}"
        if value is not None and not re.fullmatch(allowed, value.get_secret_value()):
            raise ValueError("must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
        return value

    @field_validator("telegram_webhook_path")
    @classmethod
    def _path_starts_with_slash(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith("/"):
            raise ValueError("must start with /")
        return value

    @model_validator(mode="after")
    def _studio_from_env(self) -> Settings:
        """Turn the ``PERFECTGYM_*`` variables into a studio when no table lists one."""
        env_given = self.perfectgym_base_url is not None or self.perfectgym_api_key is not None
        if not env_given:
            pass
        elif self.studios:
            raise ValueError(
                "PERFECTGYM_BASE_URL/PERFECTGYM_API_KEY and [[studios]] are both set; use one"
            )
        elif self.perfectgym_base_url is None:
            raise ValueError("PERFECTGYM_BASE_URL is missing (PERFECTGYM_API_KEY is set)")
        elif self.perfectgym_api_key is None:
            raise ValueError("PERFECTGYM_API_KEY is missing (PERFECTGYM_BASE_URL is set)")
        else:
            self.studios = [
                _studio_from_variables(
                    name=self.perfectgym_studio_name,
                    base_url=self.perfectgym_base_url,
                    api_key=self.perfectgym_api_key,
                    webhook_key=self.perfectgym_webhook_key,
                    time_zone=self.perfectgym_time_zone,
                    locale=self.perfectgym_locale,
                    requests_per_minute=self.perfectgym_requests_per_minute,
                )
            ]
        names = [studio.name for studio in self.studios]
        if len(set(names)) != len(names):
            raise ValueError("two [[studios]] share a name; names must be unique")
        keys = [s.webhook_key.get_secret_value() for s in self.studios if s.webhook_key]
        if len(set(keys)) != len(keys):
            raise ValueError("two studios share a webhook_key; each studio needs its own")
        if (self.telegram_webhook_url is None) != (self.telegram_webhook_secret is None):
            raise ValueError("TELEGRAM_WEBHOOK_URL and TELEGRAM_WEBHOOK_SECRET go together")
        limits = [studio.requests_per_minute for studio in self.studios]
        if limits and self.reminders.api_calls_per_minute > min(limits):
            raise ValueError(
                f"[reminders] api_calls_per_minute ({self.reminders.api_calls_per_minute}) is "
                f"above a studio's PerfectGym limit ({min(limits)} requests a minute)"
            )
        return self

    def studio(self, name: str) -> StudioSettings:
        for studio in self.studios:
            if studio.name == name:
                return studio
        raise KeyError(name)

    def require_studios(self) -> None:
        if not self.studios:
            raise ConfigError(
                "no studio configured: set PERFECTGYM_BASE_URL and PERFECTGYM_API_KEY, "
                "or add [[studios]] tables to upsell-bot.toml"
            )


def _database_url(url: str, where: str) -> str:
    """A PostgreSQL URL libpq accepts, or a one-line error that never shows the URL."""
    scheme = url.split("://", 1)[0].lower()
    if scheme not in POSTGRES_SCHEMES:
        raise ValueError(
            f"{where}: unsupported database URL scheme {scheme[:20]!r}; give a SQLite file path "
            "or a postgresql://user:password@host:port/dbname URL"
        )
    try:
        urlsplit(url).port  # noqa: B018 - raises on a port that is no number
        from psycopg.conninfo import conninfo_to_dict

        conninfo_to_dict(url)
    except Exception:
        raise ValueError(
            f"{where} is not a valid PostgreSQL URL; check the host, the port and that special "
            "characters in the user or password are percent-encoded (@ as %40, : as %3A)"
        ) from None
    return url


def redact_url(url: str) -> str:
    """The URL with its password (in the user part or a ``password=`` parameter) as ``***``."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:
        user, _, host = netloc.rpartition("@")
        if ":" in user:
            user = user.split(":", 1)[0] + ":***"
        netloc = f"{user}@{host}"
    query = re.sub(r"(?i)(^|&)(password=)[^&]*", r"\1\2***", parts.query)
    return parts._replace(netloc=netloc, query=query).geturl()


LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def log_level_name(value: str) -> str:
    """``info`` -> ``INFO``; anything logging does not know is refused."""
    name = value.strip().upper()
    if name not in LOG_LEVELS:
        raise ValueError(f"unknown log level {value!r}; use one of {', '.join(LOG_LEVELS)}")
    return name


def load_settings(config_file: Path | None = None) -> Settings:
    """Read the TOML file (if any) and the environment; raise ConfigError on any problem."""
    path = config_file
    if path is None and DEFAULT_CONFIG_FILE.is_file():
        path = DEFAULT_CONFIG_FILE
    file_values = _read_toml(path) if path is not None else {}
    if path is not None:
        _check_file_keys(file_values, path)
    try:
        return Settings(**file_values)
    except ValidationError as exc:
        raise ConfigError(_first_error(exc, path)) from None
    except ValueError as exc:
        raise ConfigError(_one_line(f"configuration error: {exc}")) from None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(f"configuration file {path} does not exist") from None
    except IsADirectoryError:
        raise ConfigError(f"configuration file {path} is a directory, not a file") from None
    except PermissionError:
        raise ConfigError(f"configuration file {path} is not readable") from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise ConfigError(f"configuration file {path} cannot be read: {reason}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"configuration file {path} is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            _one_line(f"configuration file {path} is not valid TOML: {exc}")
        ) from None


def _check_file_keys(values: dict[str, Any], path: Path) -> None:
    """Refuse a top-level key that is no setting, e.g. ``db_pth`` for ``db_path``.

    ``Settings`` itself ignores unknown names (so does the environment, full of unrelated
    variables), and a typo would silently start on defaults. Tables check their own keys.
    """
    known = _setting_names()
    for key in values:
        if key.lower() not in known:
            close = difflib.get_close_matches(key.lower(), sorted(known), n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            raise ConfigError(
                _one_line(f"configuration error: unknown setting {key} in {path}{hint}")
            )


def _setting_names() -> set[str]:
    """Every name a setting answers to in the file: field names and their aliases."""
    names = set()
    for name, field in Settings.model_fields.items():
        names.add(name)
        alias = field.validation_alias
        choices = alias.choices if isinstance(alias, AliasChoices) else [alias]
        names.update(choice for choice in choices if isinstance(choice, str))
    return {name.lower() for name in names}


def _studio_from_variables(**values: Any) -> StudioSettings:
    """The studio of the ``PERFECTGYM_*`` variables; a bad value is reported by its variable."""
    try:
        return StudioSettings(**values)
    except ValidationError as exc:
        error = exc.errors(include_url=False, include_input=False)[0]
        field = str(error["loc"][0]) if error["loc"] else "api_key"
        variable = "PERFECTGYM_STUDIO_NAME" if field == "name" else f"PERFECTGYM_{field.upper()}"
        raise ValueError(f"{variable}: {_message(error['msg'])}") from None


def _first_error(exc: ValidationError, path: Path | None) -> str:
    """One line naming the setting, never echoing its value (it may be a secret)."""
    error = exc.errors(include_url=False, include_input=False)[0]
    loc = [str(part) for part in error["loc"]]
    file = path or DEFAULT_CONFIG_FILE
    if loc and loc[0] == "studios" and len(loc) > 1 and loc[1].isdigit():
        where = f"[[studios]] #{int(loc[1]) + 1}" + (f" {'.'.join(loc[2:])}" if loc[2:] else "")
    elif len(loc) > 1 and loc[1].isidentifier():  # a field of a table such as [reminders]
        where = f"{'__'.join(loc).upper()} (or [{loc[0]}] {'.'.join(loc[1:])} in {file})"
    elif loc:
        where = f"{loc[0].upper()} (or {loc[0]} in {file})"
        if loc[1:]:
            where += " item " + ".".join(loc[1:])
    else:  # a rule across settings; its message names them
        return _one_line(f"configuration error: {_message(error['msg'])}")
    return _one_line(f"configuration error: {where}: {_message(error['msg'])}")


def _message(msg: str) -> str:
    return str(msg).removeprefix("Value error, ")


def _one_line(text: str) -> str:
    """Start-up errors are one line, whatever a library put into its message."""
    return " ".join(text.split())
