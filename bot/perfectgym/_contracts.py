"""Main contracts and their sub-contracts, as the customer and self-service endpoints return them.

Mind the vendor's two spellings: ``Contract`` writes "cancell-ation" (double l),
``MembershipSelfServiceContractData`` writes "cancel-ation" (single l).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import Field

from ._enums import CancelationOrigin, CancelationStatus, ContractStatus, PaymentFrequencyType
from ._models import Money, MonthDayToPrice, RateCode, Term, TermToPrice, TimePeriod, VendorModel
from ._types import Amount, EmptyIfNull

ContractMonthDayToPrice = MonthDayToPrice
"""Same shape as the module variant; the vendor names it separately."""

ContractTermToPrice = TermToPrice
"""Same shape as the module variant; the vendor names it separately."""


class ContractPaymentFrequency(VendorModel):
    id: int | None = None
    type: PaymentFrequencyType
    term: Term | None = None
    price: Money | None = None
    monthDaysToPrices: Annotated[list[MonthDayToPrice], EmptyIfNull] = Field(default_factory=list)
    termsToPrices: Annotated[list[TermToPrice], EmptyIfNull] = Field(default_factory=list)


class PriceDetails(VendorModel):
    """``currentPrice`` includes adjustments to ``basePrice``; show that one."""

    basePrice: Money
    currentPrice: Money
    paymentFrequency: ContractPaymentFrequency


class SubContract(VendorModel):
    """A flat-fee or module contract on a main contract; a module's ``id`` is very likely the
    ``additionalModuleContractId`` (UNCONFIRMED by the vendor)."""

    id: int
    rateName: str
    startDate: date
    endDate: date | None = None
    paymentFrequency: PaymentFrequencyType
    price: Amount
    priceDetails: PriceDetails
    cancelled: bool
    cancellationDate: date | None = None
    cancellationReceiptDate: date | None = None
    contractStatus: ContractStatus
    rateCodes: Annotated[list[RateCode], EmptyIfNull] = Field(default_factory=list)


class Contract(VendorModel):
    """A customer's main contract with its ``moduleContracts`` (the add-ons already booked)."""

    id: int
    createdDate: date
    startDate: date
    endDate: date
    rateName: str
    rateCodes: Annotated[list[RateCode], EmptyIfNull] = Field(default_factory=list)
    contractStatus: ContractStatus
    cancellationPeriod: TimePeriod | None = None
    cancelled: bool
    cancellationDate: date | None = None
    cancellationReceiptDate: date | None = None
    cancellationReason: str | None = None
    price: Amount
    priceDetails: PriceDetails
    lastPossibleCancellationDate: date
    term: TimePeriod
    extensionTerm: TimePeriod
    flatFeeContracts: Annotated[list[SubContract], EmptyIfNull] = Field(default_factory=list)
    moduleContracts: Annotated[list[SubContract], EmptyIfNull] = Field(default_factory=list)
    signedDocumentUrl: str | None = None
    thirdPartyId: str | None = None


class MembershipSelfServiceContractData(VendorModel):
    """A main contract as self-service sees it; its ``id`` is the ``contractId`` of add-on calls."""

    id: int
    startDate: date
    endDate: date
    rateName: str
    contractStatus: ContractStatus
    cancelationPeriod: TimePeriod | None = None
    cancelationStatus: CancelationStatus | None = None  # required in the spec; see API.md §4
    cancelationDate: date | None = None
    cancelationReason: str | None = None
    price: Amount
    priceDetails: PriceDetails
    lastPossibleCancelationDate: date | None = None
    availableCancelationDates: Annotated[list[date], EmptyIfNull] = Field(default_factory=list)
    cancelationOrigin: CancelationOrigin | None = None
    rateCodes: Annotated[list[RateCode], EmptyIfNull] = Field(default_factory=list)
