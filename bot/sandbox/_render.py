"""The sandbox's state in the vendor's JSON shapes (schemas of the Open API description)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from bot.sandbox._model import (
    CANCELED,
    AdditionalModule,
    Customer,
    MainContract,
    ModuleContract,
    PaymentFrequency,
    Studio,
)

Json = dict[str, Any]
MONTHS = (
    "JANUARY", "FEBRUARY", "MARCH", "APRIL", "MAY", "JUNE",
    "JULY", "AUGUST", "SEPTEMBER", "OCTOBER", "NOVEMBER", "DECEMBER",
)  # fmt: skip


def zoned_datetime(moment: datetime, time_zone: str) -> str:
    """Java ZonedDateTime style, as the vendor sends it: `...+01:00[Europe/Berlin]`."""
    from zoneinfo import ZoneInfo

    local = moment.astimezone(ZoneInfo(time_zone))
    return f"{local.isoformat(timespec='milliseconds')}[{time_zone}]"


def money(amount: Decimal, currency: str) -> Json:
    return {"amount": float(amount), "currency": currency}


def payment_frequency(frequency: PaymentFrequency, currency: str) -> Json:
    """`AdditionalModulePaymentFrequency` (same shape as `ContractPaymentFrequency`)."""
    body: Json = {"id": frequency.id, "type": frequency.type}
    if frequency.term is not None:
        body["term"] = frequency.term.as_term()
    if frequency.amount is not None:
        body["price"] = money(frequency.amount, currency)
    if frequency.month_day_prices:
        body["monthDaysToPrices"] = [
            {
                "monthDay": {
                    "month": MONTHS[p.month - 1],
                    "monthValue": p.month,
                    "dayOfMonth": p.day,
                },
                "price": money(p.amount, currency),
            }
            for p in frequency.month_day_prices
        ]
    if frequency.term_prices:
        body["termsToPrices"] = [
            {"term": p.term.as_term(), "price": money(p.amount, currency)}
            for p in frequency.term_prices
        ]
    return body


def additional_module(module: AdditionalModule, currency: str) -> Json:
    assert module.plan is not None  # only listed modules are rendered
    plan = module.plan
    term_information: Json = {"term": plan.term.as_term()}
    if module.extension_type is not None and plan.extension is not None:
        extension: Json = {
            "extensionType": module.extension_type,
            "termExtension": plan.extension.as_term(),
        }
        ext_period = plan.extension_cancelation_period or plan.cancelation_period
        if ext_period is not None:
            extension["extensionCancelationPeriod"] = ext_period.as_term()
        term_information["extension"] = extension
    if plan.cancelation_period is not None:
        term_information["cancelationPeriod"] = plan.cancelation_period.as_term()
    body: Json = {
        "id": module.id,
        "name": module.name,
        "description": module.description,
        "imageUrl": module.image_url,
        "paymentFrequencies": [payment_frequency(f, currency) for f in module.payment_frequencies],
        "termInformation": term_information,
    }
    if module.trial is not None:
        trial: Json = {"term": module.trial.as_term()}
        if module.trial_description:
            trial["description"] = module.trial_description
        body["trialPeriodConfig"] = trial
    if module.rate_codes:
        body["rateCodes"] = [{"name": n, "identifier": i} for n, i in module.rate_codes]
    return body


def price_details(
    base: Decimal, current: Decimal, frequency: PaymentFrequency, currency: str
) -> Json:
    return {
        "basePrice": money(base, currency),
        "currentPrice": money(current, currency),
        "paymentFrequency": payment_frequency(frequency, currency),
    }


def sub_contract(module_contract: ModuleContract, today: date, currency: str) -> Json:
    """A module contract inside `Contract.moduleContracts`; `id` = additionalModuleContractId."""
    cancelation = module_contract.cancelation
    body: Json = {
        "id": module_contract.id,
        "rateName": module_contract.module.name,
        "startDate": module_contract.start_date.isoformat(),
        "paymentFrequency": module_contract.frequency.type,
        "price": float(module_contract.amount),
        "priceDetails": price_details(
            module_contract.frequency.base_amount,
            module_contract.amount,
            module_contract.frequency,
            currency,
        ),
        "cancelled": cancelation is not None and cancelation.status == CANCELED,
        "contractStatus": module_contract.status(today),
    }
    end = module_contract.end_date()
    if end is not None:
        body["endDate"] = end.isoformat()
    if cancelation is not None:
        body["cancellationDate"] = cancelation.date.isoformat()
        body["cancellationReceiptDate"] = cancelation.receipt_date.isoformat()
    return body


def module_contract_extended(module_contract: ModuleContract, today: date, currency: str) -> Json:
    """`AdditionalModuleContractExtended` (getAdditionalModuleContract)."""
    cancelation = module_contract.cancelation
    options = module_contract.cancelation_options(today)
    body: Json = {
        "name": module_contract.module.name,
        "price": money(module_contract.amount, currency),
        "startDate": module_contract.start_date.isoformat(),
        "contractCancelationCanBeWithdrawn": module_contract.can_be_withdrawn(today),
        "availableCancelationDates": [o.end.isoformat() for o in options],
    }
    end = module_contract.end_date()
    if end is not None:
        body["endDate"] = end.isoformat()
    if options:
        body["lastPossibleCancelationDate"] = options[0].deadline.isoformat()
    if cancelation is not None:
        body["cancelationDate"] = cancelation.date.isoformat()
        body["cancelationReason"] = cancelation.reason
        body["contractCancelationStatus"] = cancelation.status
    if module_contract.trial_start is not None and module_contract.module.trial is not None:
        body["trialPeriod"] = {
            "term": module_contract.module.trial.as_term(),
            "startDate": module_contract.trial_start.isoformat(),
        }
    if module_contract.module.rate_codes:
        body["rateCodes"] = [
            {"name": n, "identifier": i} for n, i in module_contract.module.rate_codes
        ]
    return body


def contract(
    main: MainContract, module_contracts: list[ModuleContract], today: date, currency: str
) -> Json:
    """`Contract` (getCustomersContracts), with its module contracts."""
    plan = main.plan
    amount = main.frequency.price_on(main.start_date)
    body: Json = {
        "id": main.id,
        "createdDate": main.created_date.isoformat(),
        "startDate": main.start_date.isoformat(),
        "endDate": main.end_date(today).isoformat(),
        "rateName": main.rate_name,
        "contractStatus": main.status(today),
        "cancelled": main.cancelation is not None,
        "price": float(amount),
        "priceDetails": price_details(amount, amount, main.frequency, currency),
        "lastPossibleCancellationDate": _last_possible_cancelation(main, today).isoformat(),
        "term": plan.term.as_period(),
        "extensionTerm": (plan.extension or plan.term).as_period(),
        "flatFeeContracts": [],
        "moduleContracts": [sub_contract(m, today, currency) for m in module_contracts],
    }
    if plan.cancelation_period is not None:
        body["cancellationPeriod"] = plan.cancelation_period.as_period()
    if main.cancelation is not None:
        body["cancellationDate"] = main.cancelation.date.isoformat()
        body["cancellationReceiptDate"] = main.cancelation.receipt_date.isoformat()
        body["cancellationReason"] = main.cancelation.reason
    return body


def contract_data(main: MainContract, today: date, currency: str) -> Json:
    """`MembershipSelfServiceContractData` (getContractData).

    `cancelationStatus` is required by the description but has no value for a contract
    nobody canceled; the sandbox leaves it out then rather than invent one (API.md §4).
    """
    plan = main.plan
    amount = main.frequency.price_on(main.start_date)
    body: Json = {
        "id": main.id,
        "startDate": main.start_date.isoformat(),
        "endDate": main.end_date(today).isoformat(),
        "rateName": main.rate_name,
        "contractStatus": main.status(today),
        "price": float(amount),
        "priceDetails": price_details(amount, amount, main.frequency, currency),
        "lastPossibleCancelationDate": _last_possible_cancelation(main, today).isoformat(),
    }
    if plan.cancelation_period is not None:
        body["cancelationPeriod"] = plan.cancelation_period.as_period()
    if main.cancelation is not None:
        body["cancelationStatus"] = main.cancelation.status
        body["cancelationDate"] = main.cancelation.date.isoformat()
        body["cancelationReason"] = main.cancelation.reason
        body["cancelationOrigin"] = main.cancelation.origin
    elif main.accepts_modules(today):
        options = plan.cancelation_options(main.start_date, today)
        body["availableCancelationDates"] = [o.end.isoformat() for o in options]
    return body


def _last_possible_cancelation(main: MainContract, today: date) -> date:
    if main.accepts_modules(today):
        options = main.plan.cancelation_options(main.start_date, today, limit=1)
        if options:
            return options[0].deadline
    end = main.end_date(today)
    last = main.plan.current_term_end(main.start_date, end)
    return last.deadline


def customer(person: Customer, studio: Studio, card_number_format: str = "DECIMAL") -> Json:
    """`Customer` (getCustomerById, getCustomerBy, searchCustomers)."""
    body: Json = {
        "id": person.id,
        "customerNumber": person.customer_number,
        "firstName": person.first_name,
        "lastName": person.last_name,
        "dateOfBirth": person.date_of_birth.isoformat(),
        "email": person.email,
        "gender": person.gender,
        "street": person.street,
        "houseNumber": person.house_number,
        "zipCode": person.zip_code,
        "city": person.city,
        "country": "DE",
        "status": person.status,
        "phonePrivateMobile": person.phone_mobile,
        "idlePeriods": [],
        "accessRefusal": person.access_refusal,
        "accessRestrictions": [],
        "uuid": person.uuid,
        "studioId": studio.id,
        "preferredLanguage": {"languageCode": person.language, "countryCode": "DE"},
        "createdDateTime": zoned_datetime(person.created, studio.time_zone),
        "additionalInformationFieldAssignments": [],
    }
    mediums: list[Json] = []
    if person.card_number:
        card_number = format_card_number(person.card_number, card_number_format)
        mediums.append({"id": person.id * 10 + 1, "type": "CARD_NUMBER", "value": card_number})
    if person.pin:
        mediums.append({"id": person.id * 10 + 2, "type": "PIN", "value": person.pin})
    if mediums:
        body["accessMediums"] = mediums
    return body


def format_card_number(decimal_number: str, card_number_format: str) -> str:
    """A card number as DECIMAL, HEX_MSB (big-endian hex) or HEX_LSB (byte-reversed hex)."""
    if card_number_format == "DECIMAL":
        return decimal_number
    value = int(decimal_number)
    raw = value.to_bytes(max(1, (value.bit_length() + 7) // 8), "big")
    if card_number_format == "HEX_LSB":
        raw = raw[::-1]
    return raw.hex().upper()


def communication_preferences(person: Customer) -> list[Json]:
    return [
        {
            "messageCategory": preference.message_category,
            "channels": [
                {
                    "communicationChannel": c.channel,
                    "customerOverridable": c.customer_overridable,
                    "active": c.active,
                }
                for c in preference.channels
            ],
        }
        for preference in person.communication_preferences
    ]


def studio_information(studio: Studio) -> Json:
    """`StudioInformation`; the vendor gives neither currency nor time zone here."""
    body: Json = {
        "studioId": studio.id,
        "name": studio.name,
        "country": "Germany",
        "countryCode": "DE",
        "email": studio.email,
        "telephone": studio.telephone,
        "website": f"https://www.sandbox.invalid/{studio.id}",
        "street": studio.street,
        "houseNumber": studio.house_number,
        "zip": studio.zip_code,
        "city": studio.city,
        "accessCodeConfiguration": {"enabled": False},
        "location": {"latitude": studio.latitude, "longitude": studio.longitude},
        "openingHours": [
            {
                "dayOfWeekFrom": "MONDAY",
                "dayOfWeekTo": "FRIDAY",
                "timeFrom": "06:00:00",
                "timeTo": "23:00:00",
            },
            {
                "dayOfWeekFrom": "SATURDAY",
                "dayOfWeekTo": "SUNDAY",
                "timeFrom": "08:00:00",
                "timeTo": "21:00:00",
            },
        ],
        "studioTags": [{"name": "Sauna"}, {"name": "Sandbox"}],
    }
    if studio.opening_date is not None:
        body["openingDate"] = studio.opening_date.isoformat()
    return body


def cancelation_reasons(studio: Studio) -> list[Json]:
    return [
        {"cancelationReasonId": reason_id, "cancelationReasonName": name}
        for reason_id, name in studio.cancelation_reasons.items()
    ]
