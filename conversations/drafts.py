"""What a conversation remembers between turns, typed: one draft per dialog that waits.

The store keeps a conversation's ``data`` as JSON; ``Dialog`` is its shape: the member's
chosen language (kept even when a dialog expires), the number of the question asked last
(older answers are refused), and the draft of the dialog in progress, if any. Each draft
holds exactly what its dialog has gathered so far, so mypy sees a conversation's shape.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot.perfectgym import AdditionalModule


class Draft(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LinkDraft(Draft):
    """Linking: the studio chosen, the number given, the contracts to pick from."""

    kind: Literal["link"] = "link"
    studio: str | None = None
    number: str | None = None
    customer_id: int | None = None
    via: str | None = None
    contracts: dict[int, str] = Field(default_factory=dict)
    """Active main contracts by id, with their rate names, when there are several."""


class BookingDraft(Draft):
    """Booking: the module as PerfectGym offered it, then the payment option and the trial."""

    kind: Literal["booking"] = "booking"
    module: AdditionalModule
    frequency_id: int | None = None
    trial: bool | None = None

    def frequency(self) -> Any:
        """The chosen payment option (None before one is chosen or if it is gone)."""
        return next((f for f in self.module.paymentFrequencies if f.id == self.frequency_id), None)


class CancelDraft(Draft):
    """Cancelling: the module contract, the dates offered, the date and reason chosen."""

    kind: Literal["cancel"] = "cancel"
    module_contract_id: int
    module_name: str
    dates: list[dt.date]
    date: dt.date | None = None
    reasons: dict[int, str] = Field(default_factory=dict)
    """The studio's reasons offered to the member, by id."""
    silent_reason_id: int | None = None
    """The reason id that stands for "no reason" (configured default or "other")."""
    reason_id: int | None = None
    reason_name: str | None = None


class WithdrawDraft(Draft):
    """Taking a cancelation back: which module contract."""

    kind: Literal["withdraw"] = "withdraw"
    module_contract_id: int
    module_name: str


AnyDraft = Annotated[
    LinkDraft | BookingDraft | CancelDraft | WithdrawDraft, Field(discriminator="kind")
]


class Dialog(BaseModel):
    """A conversation's saved data."""

    model_config = ConfigDict(extra="ignore")

    language: str | None = None
    """The language the member chose before linking (a link keeps its own)."""
    step: int = 0
    """The number of the question asked last; a button of an older question is stale."""
    draft: AnyDraft | None = None

    @classmethod
    def load(cls, data: dict[str, Any]) -> Dialog:
        """From stored JSON; data of an older shape or a broken draft starts afresh."""
        try:
            return cls.model_validate(data)
        except ValidationError:
            language = data.get("language")
            return cls(language=language if isinstance(language, str) else None)

    def dump(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_none=True)


__all__ = [
    "AnyDraft",
    "BookingDraft",
    "CancelDraft",
    "Dialog",
    "Draft",
    "LinkDraft",
    "WithdrawDraft",
]
