"""The vendor's ``WebhookEventRequest``, validated leniently where it costs nothing.

``{entityId: int64, uuid: string, payload: [{timestamp: int64 ms, type: string, content?}]}``;
unknown properties are ignored (the vendor may add some), ``content`` is whatever object the
event type carries. Anything else is a malformed body (400): ``bot.bodies.MalformedBody``.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictInt, ValidationError

from bot.bodies import MalformedBody, loads_object

INT64_MAX = 2**63 - 1
MAX_BODY = 64 * 1024


class WebhookEvent(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    timestamp: StrictInt
    type: str = Field(min_length=1, max_length=100)
    content: Any = None

    def field(self, name: str) -> int | None:
        """An integer field of ``content`` (``contractId``, ``moduleContractId``), if present."""
        if not isinstance(self.content, dict):
            return None
        value = self.content.get(name)
        return value if isinstance(value, int) and not isinstance(value, bool) else None


class WebhookEventRequest(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    entityId: StrictInt = Field(ge=-INT64_MAX - 1, le=INT64_MAX)
    uuid: str = Field(min_length=1, max_length=100)
    payload: list[WebhookEvent] = Field(min_length=1, max_length=100)

    @property
    def event_type(self) -> str:
        return self.payload[0].type


def parse_body(raw: bytes) -> tuple[WebhookEventRequest, dict[str, Any]]:
    """The validated request and the JSON object it came from (stored as received).

    Raises ``bot.bodies.BodyTooLarge`` over ``MAX_BODY`` and ``MalformedBody`` otherwise.
    """
    document = loads_object(raw, max_bytes=MAX_BODY)
    try:
        return WebhookEventRequest.model_validate(document), document
    except ValidationError as exc:
        error = exc.errors(include_url=False, include_input=False)[0]
        where = ".".join(str(part) for part in error["loc"]) or "body"
        raise MalformedBody(f"{where}: {error['msg']}") from None
