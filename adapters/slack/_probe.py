"""``upsell-bot check`` for Slack: does the bot token work, in which workspace, with what scopes."""

from __future__ import annotations

from dataclasses import dataclass

import aiohttp
from slack_sdk.errors import SlackApiError

from adapters.slack._client import SlackWebClient
from adapters.slack._options import SlackOptions
from bot.config import ConfigError


@dataclass(frozen=True)
class SlackProbe:
    """What ``auth.test`` said: the bot user, the workspace, the token's scopes (None: not
    listed in the answer)."""

    user: str
    team_id: str
    scopes: frozenset[str] | None

    def missing(self, scopes: tuple[str, ...]) -> list[str]:
        return [] if self.scopes is None else [s for s in scopes if s not in self.scopes]


async def probe(options: SlackOptions, *, seconds: int = 10) -> SlackProbe:
    """One ``auth.test``; ``ConfigError`` with one line when the token fails or Slack is away."""
    client = SlackWebClient(token=options.bot_token, base_url=options.api_base_url, timeout=seconds)
    try:
        auth = await client.auth_test()
    except SlackApiError as exc:
        error = exc.response.get("error") if exc.response is not None else None
        raise ConfigError(f"Slack refused SLACK_BOT_TOKEN ({error})") from None
    except (aiohttp.ClientError, OSError, TimeoutError) as exc:
        raise ConfigError(
            f"cannot reach the Slack Web API at {options.api_base_url} ({type(exc).__name__})"
        ) from None
    return SlackProbe(str(auth.get("user")), str(auth.get("team_id")), client.granted_scopes)
