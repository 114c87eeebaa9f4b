"""What a button means, typed: one payload shape per action, stored server-side with its token.

A button carries only an opaque token; its action and payload live in the store. ``PAYLOADS``
says which shape each action carries, so a flow reads ``turn.payload`` as a typed value and a
stored payload that does not fit its action is refused like an unknown button.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from conversations.states import Action


class Payload(BaseModel):
    """Base of every button payload: immutable, unknown fields refused."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class NoPayload(Payload):
    """Menu buttons and the like: the action says it all."""


class StudioChoice(Payload):
    studio: str


class ContractChoice(Payload):
    contract_id: int


class ModuleChoice(Payload):
    module_id: int


class FrequencyChoice(Payload):
    frequency_id: int


class TrialChoice(Payload):
    trial: bool


class BookingConfirmation(Payload):
    """The order button: exactly what the summary above it showed."""

    module_id: int
    frequency_id: int
    trial: bool


class ModuleContractChoice(Payload):
    module_contract_id: int


class DateChoice(Payload):
    date: dt.date


class ReasonChoice(Payload):
    reason_id: int | None = None
    """None: the member gives no reason (the studio's default or "other" reason is sent)."""


class CancelConfirmation(Payload):
    module_contract_id: int
    date: dt.date


class LanguageChoice(Payload):
    language: str


class ConsentChoice(Payload):
    given: bool
    via: str | None = None
    language: str | None = None
    """The language the question was worded in, for the proof of consent."""


PAYLOADS: dict[Action, type[Payload]] = {
    Action.MENU: NoPayload,
    Action.LINK: NoPayload,
    Action.OFFERS: NoPayload,
    Action.MODULE: ModuleChoice,
    Action.MINE: NoPayload,
    Action.MODULE_CONTRACT: ModuleContractChoice,
    Action.CANCEL_START: NoPayload,
    Action.CANCEL: ModuleContractChoice,
    Action.WITHDRAW: ModuleContractChoice,
    Action.SETTINGS: NoPayload,
    Action.LANGUAGE: LanguageChoice,
    Action.CONSENT: ConsentChoice,
    Action.FORGET: NoPayload,
    Action.STUDIO: StudioChoice,
    Action.CONTRACT: ContractChoice,
    Action.FREQUENCY: FrequencyChoice,
    Action.TRIAL: TrialChoice,
    Action.CONFIRM_BOOKING: BookingConfirmation,
    Action.CANCEL_DATE: DateChoice,
    Action.GIVE_REASON: NoPayload,
    Action.CANCEL_REASON: ReasonChoice,
    Action.CONFIRM_CANCEL: CancelConfirmation,
    Action.CONFIRM_WITHDRAW: ModuleContractChoice,
    Action.CONFIRM_FORGET: NoPayload,
    Action.ABORT: NoPayload,
}
"""The one payload shape each action carries."""


class PayloadMismatch(ValueError):
    """A payload does not have the shape its action carries."""


def check(action: Action, payload: Payload) -> Payload:
    """The payload, if it is the shape ``action`` carries (a programming error otherwise)."""
    expected = PAYLOADS[action]
    if type(payload) is not expected:
        raise PayloadMismatch(f"{action.value} carries {expected.__name__}, not {payload!r}")
    return payload


def load(action: Action, raw: dict[str, Any]) -> Payload:
    """A stored payload as its action's shape; ``PayloadMismatch`` if it does not fit."""
    try:
        return PAYLOADS[action].model_validate(raw)
    except ValidationError as exc:
        raise PayloadMismatch(f"stored payload of {action.value} does not fit") from exc


def dump(payload: Payload) -> dict[str, Any]:
    return payload.model_dump(mode="json", exclude_defaults=True)


__all__ = [
    "PAYLOADS",
    "BookingConfirmation",
    "CancelConfirmation",
    "ConsentChoice",
    "ContractChoice",
    "DateChoice",
    "FrequencyChoice",
    "LanguageChoice",
    "ModuleChoice",
    "ModuleContractChoice",
    "NoPayload",
    "Payload",
    "PayloadMismatch",
    "ReasonChoice",
    "StudioChoice",
    "TrialChoice",
    "check",
    "dump",
    "load",
]
