"""Communication preferences (may we remind this member?) and the communication log."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from ._enums import (
    CommunicationChannel,
    CommunicationDirection,
    CommunicationThreadStatus,
    MessageCategory,
)
from ._models import VendorModel
from ._types import DateTime, EmptyIfNull


class CommunicationChannelWrapper(VendorModel):
    communicationChannel: CommunicationChannel
    customerOverridable: bool | None = None
    active: bool | None = None


class CommunicationPreference(VendorModel):
    """The channels a customer accepts for one message category."""

    messageCategory: MessageCategory | None = None
    channels: Annotated[list[CommunicationChannelWrapper], EmptyIfNull] = Field(
        default_factory=list
    )


class CommunicationThreadRequest(VendorModel):
    """Body that logs a conversation on the customer, e.g. a bot sale, for the studio's records."""

    communicationThreadStatus: CommunicationThreadStatus
    ticketNumber: str | None = None
    subject: str
    content: str
    communicationDirection: CommunicationDirection
    ticketLink: str | None = None
    communicationChannel: CommunicationChannel
    agent: str | None = None
    communicationDateTime: DateTime | None = None


class CommunicationThreadResponse(VendorModel):
    customerId: int
    communicationId: int
    threadId: int
    communicationThreadStatus: CommunicationThreadStatus
    ticketNumber: str | None = None
    subject: str
    content: str
    communicationDirection: CommunicationDirection
    ticketLink: str | None = None
    communicationChannel: CommunicationChannel
    agent: str | None = None
