"""Vendor enums, lenient: a value the vendor adds later parses instead of failing the response.

An unknown value becomes a pseudo-member of its enum (``PaymentFrequencyType("WEEKLY")``) that
compares equal to its string and reports ``known is False``; code that switches on members falls
through to its default branch instead of losing a whole customer or catalogue.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class VendorEnum(StrEnum):
    """Base for vendor enums: unknown string values become pseudo-members instead of errors."""

    @classmethod
    def _missing_(cls, value: Any) -> VendorEnum | None:
        if not isinstance(value, str) or not value:
            return None
        member = str.__new__(cls, value)
        member._name_ = value
        member._value_ = value
        return member

    @property
    def known(self) -> bool:
        """True for values this code was written against, False for later vendor additions."""
        return type(self).__members__.get(self._name_) is self


class TermUnit(VendorEnum):
    DAY = "DAY"
    WEEK = "WEEK"
    MONTH = "MONTH"
    YEAR = "YEAR"


class PaymentFrequencyType(VendorEnum):
    FREE = "FREE"
    NON_RECURRING = "NON_RECURRING"
    RECURRING = "RECURRING"
    MONTH_DAY = "MONTH_DAY"
    TERM_BASED = "TERM_BASED"


class ExtensionType(VendorEnum):
    TERM_EXTENSION = "TERM_EXTENSION"
    NEW = "NEW"


class Month(VendorEnum):
    JANUARY = "JANUARY"
    FEBRUARY = "FEBRUARY"
    MARCH = "MARCH"
    APRIL = "APRIL"
    MAY = "MAY"
    JUNE = "JUNE"
    JULY = "JULY"
    AUGUST = "AUGUST"
    SEPTEMBER = "SEPTEMBER"
    OCTOBER = "OCTOBER"
    NOVEMBER = "NOVEMBER"
    DECEMBER = "DECEMBER"


class ValidationStatus(VendorEnum):
    """Answer of the validate call; only ``ADDITIONAL_MODULE_PURCHASABLE`` means go."""

    ADDITIONAL_MODULE_CONTRACT_ALREADY_PURCHASED = "ADDITIONAL_MODULE_CONTRACT_ALREADY_PURCHASED"
    ADDITIONAL_MODULE_CONTRACT_INVALID_STATUS = "ADDITIONAL_MODULE_CONTRACT_INVALID_STATUS"
    ADDITIONAL_MODULE_NOT_FOUND = "ADDITIONAL_MODULE_NOT_FOUND"
    ADDITIONAL_MODULE_NOT_ONLINE_PURCHASABLE = "ADDITIONAL_MODULE_NOT_ONLINE_PURCHASABLE"
    ADDITIONAL_MODULE_TRIAL_PERIOD_NOT_BOOKABLE = "ADDITIONAL_MODULE_TRIAL_PERIOD_NOT_BOOKABLE"
    ADDITIONAL_MODULE_PURCHASABLE = "ADDITIONAL_MODULE_PURCHASABLE"


class CancelationStatus(VendorEnum):
    CANCELED = "CANCELED"
    PENDING_VERIFICATION = "PENDING_VERIFICATION"
    PENDING_WITHDRAWAL_VERIFICATION = "PENDING_WITHDRAWAL_VERIFICATION"


class CancelationOrigin(VendorEnum):
    STUDIO = "STUDIO"
    CUSTOMER = "CUSTOMER"


class ContractStatus(VendorEnum):
    ACTIVE = "ACTIVE"
    INACTIVE = "INACTIVE"


class CardNumberFormat(VendorEnum):
    DECIMAL = "DECIMAL"
    HEX_MSB = "HEX_MSB"
    HEX_LSB = "HEX_LSB"


class Gender(VendorEnum):
    MALE = "MALE"
    FEMALE = "FEMALE"
    UNISEX = "UNISEX"


class CustomerStatus(VendorEnum):
    MEMBER = "MEMBER"
    PROSPECT = "PROSPECT"
    FORMER_MEMBER = "FORMER_MEMBER"


class AccessMediumType(VendorEnum):
    CARD_NUMBER = "CARD_NUMBER"
    PIN = "PIN"
    BARCODE = "BARCODE"
    WALLET_PASS = "WALLET_PASS"


class DayOfWeek(VendorEnum):
    MONDAY = "MONDAY"
    TUESDAY = "TUESDAY"
    WEDNESDAY = "WEDNESDAY"
    THURSDAY = "THURSDAY"
    FRIDAY = "FRIDAY"
    SATURDAY = "SATURDAY"
    SUNDAY = "SUNDAY"


class MessageCategory(VendorEnum):
    CONTRACT = "CONTRACT"
    GENERAL = "GENERAL"
    APPOINTMENT = "APPOINTMENT"
    NEWSLETTER = "NEWSLETTER"
    LOYALTY_PROGRAM = "LOYALTY_PROGRAM"


class CommunicationChannel(VendorEnum):
    LETTER = "LETTER"
    EMAIL = "EMAIL"
    TEXT_MESSAGE = "TEXT_MESSAGE"
    PHONE = "PHONE"
    FAX = "FAX"
    CONVERSATION = "CONVERSATION"
    CHAT = "CHAT"
    OTHER = "OTHER"


class CommunicationThreadStatus(VendorEnum):
    CREATED = "CREATED"
    ONGOING = "ONGOING"
    CLOSED = "CLOSED"


class CommunicationDirection(VendorEnum):
    INCOMING = "INCOMING"
    OUTGOING = "OUTGOING"


class TypedArgumentType(VendorEnum):
    TIMESTAMP = "TIMESTAMP"
    BOOLEAN = "BOOLEAN"
    DATE = "DATE"
    MONTH_DAY = "MONTH_DAY"
    TIME = "TIME"
    TERM = "TERM"
    TERM_LIST = "TERM_LIST"
    INTEGER = "INTEGER"
    DECIMAL = "DECIMAL"
    STRING = "STRING"
    MONEY = "MONEY"
    LIMITABLE_CONFIG_PROPERTY = "LIMITABLE_CONFIG_PROPERTY"
    I18N_KEY = "I18N_KEY"
    I18N_KEY_LIST = "I18N_KEY_LIST"
    PERMISSION_LIST = "PERMISSION_LIST"
    ENUM = "ENUM"
    AVAILABILITY_LIST = "AVAILABILITY_LIST"
