"""The Slack Web API client every part of the desk uses (Bolt included), counted per call.

``api_call`` is the one public method every Web API method of ``AsyncWebClient`` goes
through, so counting there sees each call by method and outcome: ``200``, ``429``, Slack's
error word for an ``ok: false`` answer (``channel_not_found``, ``missing_scope``...) or
``network``. It also remembers the scopes Slack reports in the ``x-oauth-scopes`` header.
"""

from __future__ import annotations

from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.web.async_slack_response import AsyncSlackResponse

from bot import metrics

SCOPES_HEADER = "x-oauth-scopes"


class SlackWebClient(AsyncWebClient):
    """``AsyncWebClient`` that counts its calls and remembers the token's granted scopes."""

    granted_scopes: frozenset[str] | None = None
    """What the last answer's ``x-oauth-scopes`` header listed (None: not seen yet)."""

    def may(self, scope: str) -> bool:
        """False only when Slack said the token lacks ``scope`` (unknown scopes: try)."""
        return self.granted_scopes is None or scope in self.granted_scopes

    async def api_call(self, api_method: str, **kwargs: Any) -> AsyncSlackResponse:
        try:
            response = await super().api_call(api_method, **kwargs)
        except SlackApiError as exc:
            metrics.record_chat_api_call("slack", api_method, slack_status(exc.response))
            self._note_scopes(exc.response)
            raise
        except Exception:
            metrics.record_chat_api_call("slack", api_method, "network")
            raise
        metrics.record_chat_api_call("slack", api_method, slack_status(response))
        self._note_scopes(response)
        return response

    def _note_scopes(self, response: Any) -> None:
        scopes = granted_scopes(response)
        if scopes is not None:
            self.granted_scopes = scopes


def slack_status(response: Any) -> str:
    """``429`` for a rate limit, the error word of an ``ok: false`` answer, else the status."""
    status = getattr(response, "status_code", None)
    if status == 429:
        return "429"
    data = getattr(response, "data", None)
    if isinstance(data, dict) and data.get("ok") is False:
        return str(data.get("error") or "error")
    return str(status or "error")


def granted_scopes(response: Any) -> frozenset[str] | None:
    """The scopes of the token, as the ``x-oauth-scopes`` header of an answer lists them."""
    headers = getattr(response, "headers", None) or {}
    raw = next((v for k, v in headers.items() if k.lower() == SCOPES_HEADER), None)
    if raw is None:
        return None
    return frozenset(part.strip() for part in str(raw).split(",") if part.strip())
