"""The models accept the vendor's own examples, quirks included, and match the vendor schemas."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from pydantic import BaseModel, TypeAdapter, ValidationError

import bot.perfectgym as pg
from bot.perfectgym import (
    AdditionalModule,
    AdditionalModuleContractValidationStatus,
    Contract,
    Customer,
    ErrorResponse,
    PaymentFrequencyType,
    StudioInformation,
    ValidationStatus,
    parse_vendor_datetime,
)

from .vendor import example, ok_schema, operations

RESPONSE_TYPES: dict[str, Any] = {
    "getAdditionalModules": list[pg.AdditionalModule],
    "getPurchasableAdditionalModules": list[pg.AdditionalModule],
    "validateAdditionalModuleContractRequest": pg.AdditionalModuleContractValidationStatus,
    "purchaseAdditionalModuleContract": pg.AdditionalModuleContract,
    "getAdditionalModuleContract": pg.AdditionalModuleContractExtended,
    "createModuleContractCancelationAmendment": pg.VoidResult,
    "withdrawAdditionalModuleContractCancelation": pg.VoidResult,
    "getCustomerById": pg.Customer,
    "getCustomerBy": pg.Customer,
    "searchCustomers": list[pg.Customer],
    "getCustomersContracts": list[pg.Contract],
    "getContractData": list[pg.MembershipSelfServiceContractData],
    "getContractCancelationReasonData": list[pg.ContractCancelationReason],
    "getStudioInformation": pg.StudioInformation,
    "getCommunicationPreferences": list[pg.CommunicationPreference],
    "createCommunicationInNewCommunicationThread": pg.CommunicationThreadResponse,
    "confirmActivation": None,
}

SCHEMA_MODELS: dict[str, type[BaseModel]] = {
    "ErrorResponse": pg.ErrorResponse,
    "TypedArgumentDto": pg.TypedArgument,
    "Money": pg.Money,
    "Term": pg.Term,
    "VoidResult": pg.VoidResult,
    "RateCode": pg.RateCode,
    "AdditionalModuleContractRequest": pg.AdditionalModuleContractRequest,
    "AdditionalModuleContractValidationStatus": pg.AdditionalModuleContractValidationStatus,
    "AdditionalModuleContract": pg.AdditionalModuleContract,
    "AdditionalModuleContractCancelation": pg.AdditionalModuleContractCancelation,
    "AdditionalModule": pg.AdditionalModule,
    "AdditionalModuleExtension": pg.Extension,
    "AdditionalModuleMonthDayToPrice": pg.MonthDayToPrice,
    "AdditionalModulePaymentFrequency": pg.PaymentFrequency,
    "AdditionalModuleTermToPrice": pg.TermToPrice,
    "AdditionalModuleTrialPeriodConfig": pg.TrialPeriodConfig,
    "TermInformation": pg.TermInformation,
    "AdditionalModuleContractExtended": pg.AdditionalModuleContractExtended,
    "AdditionalModuleContractTrialPeriod": pg.AdditionalModuleContractTrialPeriod,
    "ContractCancelationReason": pg.ContractCancelationReason,
    "TimePeriod": pg.TimePeriod,
    "ContractMonthDayToPrice": pg.ContractMonthDayToPrice,
    "ContractPaymentFrequency": pg.ContractPaymentFrequency,
    "ContractTermToPrice": pg.ContractTermToPrice,
    "PriceDetails": pg.PriceDetails,
    "MembershipSelfServiceContractData": pg.MembershipSelfServiceContractData,
    "Contract": pg.Contract,
    "SubContract": pg.SubContract,
    "CustomerSearchRequest": pg.CustomerSearchRequest,
    "Tag": pg.Tag,
    "AdditionalInformationFieldAssignment": pg.AdditionalInformationFieldAssignment,
    "AccessRestriction": pg.AccessRestriction,
    "AccessMediumDto": pg.AccessMedium,
    "CommunicationThreadRequest": pg.CommunicationThreadRequest,
    "CommunicationThreadResponse": pg.CommunicationThreadResponse,
    "CommunicationChannelWrapper": pg.CommunicationChannelWrapper,
    "CommunicationPreference": pg.CommunicationPreference,
    "Language": pg.Language,
    "BankAccount": pg.BankAccount,
    "Customer": pg.Customer,
    "CustomerIdlePeriod": pg.CustomerIdlePeriod,
    "SimpleContract": pg.SimpleContract,
    "Availability": pg.Availability,
    "StudioAccessCodeConfiguration": pg.StudioAccessCodeConfiguration,
    "StudioClosingHours": pg.StudioClosingHours,
    "StudioInformation": pg.StudioInformation,
    "StudioLocation": pg.StudioLocation,
    "StudioOpeningHours": pg.StudioOpeningHours,
    "StudioOpeningHoursCategory": pg.StudioOpeningHoursCategory,
}
ENUM_SCHEMAS = {"ContractStatus", "CardNumberFormat"}


def assert_nothing_dropped(raw: Any, parsed: Any, where: str = "") -> None:
    """Every field the vendor sent landed on an attribute of the same name (no typo'd fields)."""
    if isinstance(raw, list):
        assert len(raw) == len(parsed), where
        for i, (r, p) in enumerate(zip(raw, parsed, strict=True)):
            assert_nothing_dropped(r, p, f"{where}[{i}]")
    elif isinstance(parsed, BaseModel):
        for key, value in raw.items():
            assert key in type(parsed).model_fields, f"{where}.{key} has no model field"
            attr = getattr(parsed, key)
            assert attr is not None, f"{where}.{key} was dropped"
            assert_nothing_dropped(value, attr, f"{where}.{key}")


def test_every_excerpt_operation_has_a_response_type(vendor_spec: dict[str, Any]) -> None:
    assert set(operations(vendor_spec)) == set(RESPONSE_TYPES)


@pytest.mark.parametrize("operation_id", sorted(RESPONSE_TYPES))
def test_models_accept_the_vendor_example(vendor_spec: dict[str, Any], operation_id: str) -> None:
    schema = ok_schema(operations(vendor_spec)[operation_id][2])
    response_type = RESPONSE_TYPES[operation_id]
    if response_type is None:
        assert schema is None  # confirmActivation: 200 with an empty body
        return
    assert schema is not None
    raw = example(vendor_spec, schema)
    parsed = TypeAdapter(response_type).validate_json(json.dumps(raw))
    assert_nothing_dropped(raw, parsed, operation_id)


def test_error_response_accepts_the_vendor_example(vendor_spec: dict[str, Any]) -> None:
    raw = example(vendor_spec, vendor_spec["components"]["schemas"]["ErrorResponse"])
    parsed = ErrorResponse.model_validate_json(json.dumps(raw))
    assert parsed.reference == "parent.child"
    assert_nothing_dropped(raw, parsed, "ErrorResponse")


def test_every_vendor_schema_has_a_model(vendor_spec: dict[str, Any]) -> None:
    assert set(vendor_spec["components"]["schemas"]) == set(SCHEMA_MODELS) | ENUM_SCHEMAS


@pytest.mark.parametrize("schema_name", sorted(SCHEMA_MODELS))
def test_model_fields_and_required_match_the_vendor(
    vendor_spec: dict[str, Any], schema_name: str
) -> None:
    schema = vendor_spec["components"]["schemas"][schema_name]
    fields = SCHEMA_MODELS[schema_name].model_fields
    assert set(fields) == set(schema["properties"])
    required = {name for name, info in fields.items() if info.is_required()}
    relaxed = LENIENT_REQUIRED.get(schema_name, set())
    assert required == set(schema.get("required", [])) - relaxed


LENIENT_REQUIRED = {
    # Required by the spec, yet what it holds for a contract nobody canceled is UNCONFIRMED
    # (API.md §4); the client accepts its absence rather than losing the whole contract list.
    "MembershipSelfServiceContractData": {"cancelationStatus"},
}


def test_vendor_examples_carry_the_documented_quirks(vendor_spec: dict[str, Any]) -> None:
    schemas = vendor_spec["components"]["schemas"]
    customer = example(vendor_spec, schemas["Customer"])
    studio = example(vendor_spec, schemas["StudioInformation"])
    assert customer["houseNumber"] == 89
    assert customer["createdDateTime"].endswith("[Europe/Berlin]")
    assert studio["closingHours"][0]["dateTimeFrom"] == "2025-09-21T00:00:00"


def test_customer_quirks_parse_to_useful_values(vendor_spec: dict[str, Any]) -> None:
    raw = example(vendor_spec, vendor_spec["components"]["schemas"]["Customer"])
    customer = Customer.model_validate_json(json.dumps(raw))
    assert customer.houseNumber == "89"
    created = customer.createdDateTime
    assert created is not None and created.utcoffset() == timedelta(hours=2)
    assert str(created.tzinfo) == "Europe/Berlin"
    assert created == datetime(2022, 6, 15, 21, 59, 59, 999000, tzinfo=UTC)


def test_studio_closing_hours_without_offset_are_studio_local(vendor_spec: dict[str, Any]) -> None:
    raw = example(vendor_spec, vendor_spec["components"]["schemas"]["StudioInformation"])
    studio = StudioInformation.model_validate_json(json.dumps(raw))
    assert studio.closingHours[0].dateTimeFrom == datetime(2025, 9, 21)
    assert studio.houseNumber == "83"


@pytest.mark.parametrize(
    ("text", "expected", "zone"),
    [
        (
            "2022-06-15T23:59:59.999+02:00[Europe/Berlin]",
            "2022-06-15T21:59:59.999+00:00",
            "Europe/Berlin",
        ),
        ("2022-01-15T10:00:00+01:00[Europe/Berlin]", "2022-01-15T09:00:00+00:00", "Europe/Berlin"),
        ("2022-01-15T10:00:00[Europe/Berlin]", "2022-01-15T09:00:00+00:00", "Europe/Berlin"),
        ("2022-01-15T10:00:00+01:00[Mars/Olympus]", "2022-01-15T09:00:00+00:00", "UTC+01:00"),
        ("2023-12-03T10:15:30Z[UTC]", "2023-12-03T10:15:30+00:00", "UTC"),
    ],
)
def test_zone_id_suffix_gives_an_aware_datetime(text: str, expected: str, zone: str) -> None:
    parsed = parse_vendor_datetime(text)
    assert parsed == datetime.fromisoformat(expected)
    assert str(parsed.tzinfo) == zone


def test_plain_rfc3339_datetimes_are_left_to_pydantic() -> None:
    assert parse_vendor_datetime("2023-12-03T10:15:30+01:00") == "2023-12-03T10:15:30+01:00"


def test_unknown_enum_values_do_not_invalidate_the_response() -> None:
    module = {
        "id": 7,
        "name": "Sauna",
        "imageUrl": "https://example.com/s.png",
        "paymentFrequencies": [
            {"id": 1, "type": "RECURRING"},
            {"id": 2, "type": "WEEKLY_BUNDLE"},
        ],
        "termInformation": {"term": {"value": 1, "unit": "FORTNIGHT"}},
    }
    parsed = AdditionalModule.model_validate(module)
    known, later = (f.type for f in parsed.paymentFrequencies)
    assert known is PaymentFrequencyType.RECURRING and known.known
    assert later == "WEEKLY_BUNDLE" and not later.known
    assert isinstance(later, PaymentFrequencyType)
    assert parsed.termInformation.term.unit == "FORTNIGHT"


def test_an_unknown_validation_status_is_never_purchasable() -> None:
    status = AdditionalModuleContractValidationStatus.model_validate(
        {"validationStatus": "ADDITIONAL_MODULE_ON_HOLD"}
    )
    assert not status.purchasable
    ok = AdditionalModuleContractValidationStatus.model_validate(
        {"validationStatus": "ADDITIONAL_MODULE_PURCHASABLE"}
    )
    assert ok.purchasable and ok.validationStatus is ValidationStatus.ADDITIONAL_MODULE_PURCHASABLE


def test_enum_fields_still_reject_non_strings() -> None:
    with pytest.raises(ValidationError):
        pg.Term.model_validate({"value": 1, "unit": 5})


def test_money_is_exact_decimal_and_a_number_on_the_wire() -> None:
    money = pg.Money.model_validate_json('{"amount": 9.9, "currency": "EUR"}')
    assert money.amount == Decimal("9.9")
    assert json.loads(money.model_dump_json()) == {"amount": 9.9, "currency": "EUR"}


def test_required_fields_are_enforced() -> None:
    with pytest.raises(ValidationError, match="accessRefusal"):
        Customer.model_validate({"id": 1, "status": "MEMBER"})


def test_unknown_fields_are_ignored_and_null_arrays_are_empty(vendor_spec: dict[str, Any]) -> None:
    raw = example(vendor_spec, vendor_spec["components"]["schemas"]["Contract"])
    raw.update(moduleContracts=None, somethingNew={"x": 1})
    contract = Contract.model_validate(raw)
    assert contract.moduleContracts == []
    assert not hasattr(contract, "somethingNew")


def test_dates_parse_as_dates(vendor_spec: dict[str, Any]) -> None:
    raw = example(
        vendor_spec, vendor_spec["components"]["schemas"]["AdditionalModuleContractExtended"]
    )
    parsed = pg.AdditionalModuleContractExtended.model_validate(raw)
    assert parsed.startDate == date(2022, 1, 15)
    assert parsed.price.amount == Decimal(20)
