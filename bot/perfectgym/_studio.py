"""The studio bound to the API key: name, address, hours. No currency or time zone in here."""

from __future__ import annotations

from datetime import date, time
from typing import Annotated

from pydantic import Field

from ._enums import DayOfWeek
from ._models import VendorModel
from ._types import DateTime, EmptyIfNull, LenientStr


class StudioAccessCodeConfiguration(VendorModel):
    enabled: bool | None = None


class StudioOpeningHours(VendorModel):
    dayOfWeekFrom: DayOfWeek | None = None
    dayOfWeekTo: DayOfWeek | None = None
    timeFrom: time | None = None
    timeTo: time | None = None


class StudioClosingHours(VendorModel):
    """A closure; the vendor sends these times without offset, so they are studio-local."""

    reason: str | None = None
    dateTimeFrom: DateTime | None = None
    dateTimeTo: DateTime | None = None


class Availability(VendorModel):
    dayOfWeek: DayOfWeek
    timeFrom: time
    timeTo: time


class StudioOpeningHoursCategory(VendorModel):
    categoryId: int
    name: str
    openingHours: list[Availability]


class StudioLocation(VendorModel):
    longitude: float | None = None
    latitude: float | None = None


class Tag(VendorModel):
    name: str


class StudioInformation(VendorModel):
    studioId: int
    name: str | None = None
    description: str | None = None
    country: str | None = None
    countryCode: str | None = None
    openingDate: date | None = None
    closingDate: date | None = None
    email: str | None = None
    logoUrl: str | None = None
    telephone: str | None = None
    website: str | None = None
    openingHours: Annotated[list[StudioOpeningHours], EmptyIfNull] = Field(default_factory=list)
    publicOpeningHours: Annotated[list[StudioOpeningHours], EmptyIfNull] = Field(
        default_factory=list
    )
    closingHours: Annotated[list[StudioClosingHours], EmptyIfNull] = Field(default_factory=list)
    openingHoursCategories: Annotated[list[StudioOpeningHoursCategory], EmptyIfNull] = Field(
        default_factory=list
    )
    street: str | None = None
    houseNumber: LenientStr | None = None
    zip: str | None = None
    city: str | None = None
    secondStreet: str | None = None
    cityPart: str | None = None
    district: str | None = None
    streetType: str | None = None
    streetBlock: str | None = None
    portal: str | None = None
    stairway: str | None = None
    door: str | None = None
    province: str | None = None
    provinceCode: str | None = None
    additionalAddressInformation: str | None = None
    floor: str | None = None
    buildingName: str | None = None
    accessCodeConfiguration: StudioAccessCodeConfiguration
    location: StudioLocation | None = None
    studioTags: Annotated[list[Tag], EmptyIfNull] = Field(default_factory=list)
