"""The Slack part of the settings, read once: tokens, who may use the desk, where news goes."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.config import Settings

DEFAULT_API_BASE_URL = "https://slack.com/api/"
OPTIONAL_SCOPES = ("files:write", "chat:write.public")
"""``files:write``: charts and CSV files for ``/upsell stats`` and ``export``;
``chat:write.public``: feed channels the bot was not invited to."""


@dataclass(frozen=True)
class SlackOptions:
    """What the Slack desk needs; secrets stay plain strings only inside this object."""

    bot_token: str
    signing_secret: str | None = None
    app_token: str | None = None
    api_base_url: str = DEFAULT_API_BASE_URL
    command: str = "/upsell"
    team_id: str | None = None
    allowed_users: frozenset[str] = field(default_factory=frozenset)
    allowed_usergroups: tuple[str, ...] = ()
    allowed_channels: frozenset[str] = field(default_factory=frozenset)
    staff_channel: str | None = None
    open_to_workspace: bool = False
    """Everyone in the workspace may use the desk (only when the operator says so)."""

    @property
    def http_mode(self) -> bool:
        """Requests arrive at ``/slack/events`` (needs the signing secret)."""
        return self.signing_secret is not None

    @property
    def socket_mode(self) -> bool:
        return self.app_token is not None

    @property
    def required_scopes(self) -> tuple[str, ...]:
        """Bot token scopes the desk cannot work without (README, "Slack staff desk")."""
        scopes = ("commands", "chat:write", "app_mentions:read")
        return scopes + (("usergroups:read",) if self.allowed_usergroups else ())

    def __repr__(self) -> str:  # never show tokens
        return f"SlackOptions(command={self.command!r}, team_id={self.team_id!r})"

    @classmethod
    def from_settings(cls, settings: Settings) -> SlackOptions | None:
        """None when Slack is not configured (no ``SLACK_BOT_TOKEN``)."""
        if settings.slack_bot_token is None:
            return None
        base = str(settings.slack_api_base_url or DEFAULT_API_BASE_URL)
        return cls(
            bot_token=settings.slack_bot_token.get_secret_value(),
            signing_secret=_secret(settings.slack_signing_secret),
            app_token=_secret(settings.slack_app_token),
            api_base_url=base if base.endswith("/") else base + "/",
            command=settings.slack_command,
            team_id=settings.slack_team_id,
            allowed_users=frozenset(settings.slack_allowed_users),
            allowed_usergroups=tuple(settings.slack_allowed_usergroups),
            allowed_channels=frozenset(c.lstrip("#") for c in settings.slack_allowed_channels),
            staff_channel=settings.slack_staff_channel,
            open_to_workspace=settings.slack_open_to_workspace,
        )


def _secret(value: object) -> str | None:
    getter = getattr(value, "get_secret_value", None)
    return None if getter is None else str(getter())
