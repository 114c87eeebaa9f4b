"""Shared shapes and the additional-module ("add-on") models, spelled as the vendor spells them.

Attribute names are the API's camelCase field names, so a model reads like the vendor docs.
Required fields follow the vendor schema exactly; optional ones default to ``None`` (arrays to
``[]``). Unknown fields are ignored: the vendor adds fields without notice.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from ._enums import (
    CancelationStatus,
    ExtensionType,
    Month,
    PaymentFrequencyType,
    TermUnit,
    TypedArgumentType,
    ValidationStatus,
)
from ._types import Amount, EmptyIfNull


class VendorModel(BaseModel):
    """Base of every PerfectGym model: immutable, tolerant of fields added later."""

    model_config = ConfigDict(extra="ignore", frozen=True)


class Money(VendorModel):
    amount: Amount
    currency: str


class Term(VendorModel):
    value: int
    unit: TermUnit


class TimePeriod(VendorModel):
    periodValue: int
    periodUnit: TermUnit


class RateCode(VendorModel):
    name: str | None = None
    identifier: str | None = None


class VoidResult(VendorModel):
    """Answer of cancel and withdraw; the content of ``success`` is undocumented."""

    success: str | None = None


class TypedArgument(VendorModel):
    value: Any = None
    type: TypedArgumentType | None = None


class ErrorResponse(VendorModel):
    """Body of every 4xx/5xx answer; ``errorMessage`` is in the requested language."""

    errorMessage: str
    errorCode: str | None = None
    traceId: str | None = None
    args: Annotated[list[Any], EmptyIfNull] = Field(default_factory=list)
    typedArgs: Annotated[list[TypedArgument], EmptyIfNull] = Field(default_factory=list)
    reference: str | None = None


# --- additional modules (the catalogue) ---------------------------------------------------


class MonthDay(VendorModel):
    month: Month | None = None
    monthValue: int | None = None
    dayOfMonth: int | None = None


class MonthDayToPrice(VendorModel):
    """A price valid from a day of the year (payment frequency type MONTH_DAY)."""

    monthDay: MonthDay
    price: Money


class TermToPrice(VendorModel):
    """A price that becomes active AFTER ``term`` has passed (payment frequency TERM_BASED)."""

    term: Term
    price: Money


class PaymentFrequency(VendorModel):
    """One way to pay for a module; its ``id`` is the ``paymentFrequencyId`` of a purchase."""

    id: int | None = None
    type: PaymentFrequencyType
    term: Term | None = None
    price: Money | None = None
    monthDaysToPrices: Annotated[list[MonthDayToPrice], EmptyIfNull] = Field(default_factory=list)
    termsToPrices: Annotated[list[TermToPrice], EmptyIfNull] = Field(default_factory=list)


class Extension(VendorModel):
    """What happens when the module's term ends without a cancelation."""

    extensionType: ExtensionType
    termExtension: Term | None = None
    extensionCancelationPeriod: Term | None = None


class TermInformation(VendorModel):
    term: Term
    extension: Extension | None = None
    cancelationPeriod: Term | None = None


class TrialPeriodConfig(VendorModel):
    """Present on a module that can be booked with ``bookTrialPeriod=true``."""

    term: Term
    description: str | None = None


class AdditionalModule(VendorModel):
    """A bookable add-on (sauna, towels...); its ``id`` is the ``additionalModuleId``."""

    id: int
    name: str
    description: str | None = None
    imageUrl: str
    paymentFrequencies: list[PaymentFrequency]
    termInformation: TermInformation
    trialPeriodConfig: TrialPeriodConfig | None = None
    rateCodes: Annotated[list[RateCode], EmptyIfNull] = Field(default_factory=list)


# --- additional module contracts (booking, reading back, canceling) -----------------------


class AdditionalModuleContractRequest(VendorModel):
    """Body of validate and purchase."""

    additionalModuleId: int
    paymentFrequencyId: int
    bookTrialPeriod: bool


class AdditionalModuleContractValidationStatus(VendorModel):
    validationStatus: ValidationStatus

    @property
    def purchasable(self) -> bool:
        """True only for ``ADDITIONAL_MODULE_PURCHASABLE``; anything else must not be booked."""
        return self.validationStatus is ValidationStatus.ADDITIONAL_MODULE_PURCHASABLE


class AdditionalModuleContract(VendorModel):
    """Answer of purchase: ``id`` is the new ``additionalModuleContractId``."""

    id: int | None = None


class AdditionalModuleContractTrialPeriod(VendorModel):
    term: Term | None = None
    startDate: date | None = None


class AdditionalModuleContractExtended(VendorModel):
    """A booked module contract as read back after purchase or before canceling."""

    name: str
    price: Money
    startDate: date
    endDate: date | None = None
    cancelationDate: date | None = None
    lastPossibleCancelationDate: date | None = None
    cancelationReason: str | None = None
    contractCancelationStatus: CancelationStatus | None = None
    contractCancelationCanBeWithdrawn: bool
    trialPeriod: AdditionalModuleContractTrialPeriod | None = None
    rateCodes: Annotated[list[RateCode], EmptyIfNull] = Field(default_factory=list)
    availableCancelationDates: Annotated[list[date], EmptyIfNull] = Field(default_factory=list)


class AdditionalModuleContractCancelation(VendorModel):
    """Body of the ordinary-cancelation call; a reason id is mandatory."""

    cancelationDate: date
    cancelationReasonId: int


class ContractCancelationReason(VendorModel):
    cancelationReasonId: int
    cancelationReasonName: str
