"""Customers: the person behind a contract, and the search request used to find one."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import Field

from ._enums import AccessMediumType, CardNumberFormat, CustomerStatus, Gender
from ._models import VendorModel
from ._types import DateTime, EmptyIfNull, LenientStr


class SimpleContract(VendorModel):
    id: int
    rateName: str


class CustomerIdlePeriod(VendorModel):
    id: int
    startDate: date
    endDate: date
    reason: str | None = None
    contract: SimpleContract | None = None
    unlimited: bool


class BankAccount(VendorModel):
    accountHolder: str | None = None
    bankName: str | None = None
    bic: str | None = None
    iban: str | None = None


class AccessRestriction(VendorModel):
    reason: str
    startDate: date | None = None
    endDate: date | None = None


class AccessMedium(VendorModel):
    """The vendor's ``AccessMediumDto``: a card number, PIN, barcode or wallet pass."""

    id: int | None = None
    type: AccessMediumType | None = None
    value: str | None = None


class Language(VendorModel):
    languageCode: str
    countryCode: str | None = None


class AdditionalInformationFieldAssignment(VendorModel):
    additionalInformationFieldId: int
    value: str


class Customer(VendorModel):
    """A studio customer; ``dateOfBirth`` and ``customerNumber`` are what self-service linking
    compares."""

    id: int
    customerNumber: str | None = None
    firstName: str | None = None
    secondFirstName: str | None = None
    lastName: str | None = None
    secondLastName: str | None = None
    dateOfBirth: date | None = None
    email: str | None = None
    gender: Gender | None = None
    street: str | None = None
    houseNumber: LenientStr | None = None
    zipCode: str | None = None
    city: str | None = None
    country: str | None = None
    secondStreet: str | None = None
    cityPart: str | None = None
    district: str | None = None
    streetType: str | None = None
    streetBlock: str | None = None
    portal: str | None = None
    stairway: str | None = None
    door: str | None = None
    province: str | None = None
    additionalAddressInformation: str | None = None
    floor: str | None = None
    buildingName: str | None = None
    status: CustomerStatus
    cardNumbers: Annotated[list[str], EmptyIfNull] = Field(default_factory=list)
    imageUrl: str | None = None
    phonePrivate: str | None = None
    phonePrivateMobile: str | None = None
    phoneBusiness: str | None = None
    phoneBusinessMobile: str | None = None
    idlePeriods: Annotated[list[CustomerIdlePeriod], EmptyIfNull] = Field(default_factory=list)
    bankAccount: BankAccount | None = None
    accessRefusal: bool
    accessRestrictions: Annotated[list[AccessRestriction], EmptyIfNull] = Field(
        default_factory=list
    )
    uuid: str | None = None
    referralCode: str | None = None
    studioId: int | None = None
    preferredLanguage: Language | None = None
    additionalInformationFieldAssignments: Annotated[
        list[AdditionalInformationFieldAssignment], EmptyIfNull
    ] = Field(default_factory=list)
    thirdPartyId: str | None = None
    createdDateTime: DateTime | None = None
    accessMediums: Annotated[list[AccessMedium], EmptyIfNull] = Field(default_factory=list)


class CustomerSearchRequest(VendorModel):
    """Body of customer search: names match a prefix, ``email`` and ``dateOfBirth`` exactly."""

    firstName: str | None = None
    lastName: str | None = None
    email: str | None = None
    dateOfBirth: date | None = None
    cardNumberFormat: CardNumberFormat | None = None
