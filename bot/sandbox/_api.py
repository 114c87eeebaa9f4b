"""The 17 vendor operations of the excerpt, as handlers returning the vendor's JSON."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from bot.sandbox import _render as render
from bot.sandbox._errors import VendorError
from bot.sandbox._http import Call
from bot.sandbox._model import Customer
from bot.sandbox._parse import (
    bool_field,
    date_field,
    int_field,
    json_object,
    optional_date,
    optional_date_time,
    optional_str,
    path_id,
    query_choice,
    required_str,
)
from bot.sandbox._sandbox import ModuleRequest

CARD_NUMBER_FORMATS = ("DECIMAL", "HEX_MSB", "HEX_LSB")
CHANNELS = ("LETTER", "EMAIL", "TEXT_MESSAGE", "PHONE", "FAX", "CONVERSATION", "CHAT", "OTHER")
THREAD_STATUSES = ("CREATED", "ONGOING", "CLOSED")
DIRECTIONS = ("INCOMING", "OUTGOING")


# -- membership self-service: additional modules --------------------------------------------


async def get_additional_modules(call: Call) -> Any:
    modules = [m for m in call.studio.modules.values() if m.listed]
    return [render.additional_module(m, call.currency) for m in modules]


async def get_purchasable_additional_modules(call: Call) -> Any:
    contract = call.sandbox.contract_of(call.studio, path_id(call.request, "contractId"))
    modules = call.sandbox.purchasable_modules(call.studio, contract)
    return [render.additional_module(m, call.currency) for m in modules]


async def _module_request(call: Call) -> ModuleRequest:
    body = await json_object(call.request)
    return ModuleRequest(
        additional_module_id=int_field(body, "additionalModuleId"),
        payment_frequency_id=int_field(body, "paymentFrequencyId"),
        book_trial_period=bool_field(body, "bookTrialPeriod"),
    )


async def validate_additional_module_contract_request(call: Call) -> Any:
    contract = call.sandbox.contract_of(call.studio, path_id(call.request, "contractId"))
    request = await _module_request(call)
    return {"validationStatus": call.sandbox.validation_status(call.studio, contract, request)}


async def purchase_additional_module_contract(call: Call) -> Any:
    contract = call.sandbox.contract_of(call.studio, path_id(call.request, "contractId"))
    request = await _module_request(call)
    module_contract = call.sandbox.purchase(call.studio, contract, request)
    return {"id": module_contract.id}


def _module_contract(call: Call) -> Any:
    return call.sandbox.module_contract_on(
        call.studio,
        path_id(call.request, "contractId"),
        path_id(call.request, "additionalModuleContractId"),
    )


async def get_additional_module_contract(call: Call) -> Any:
    return render.module_contract_extended(_module_contract(call), call.today, call.currency)


async def create_module_contract_cancelation_amendment(call: Call) -> Any:
    module_contract = _module_contract(call)
    body = await json_object(call.request)
    day = date_field(body, "cancelationDate")
    reason_id = int_field(body, "cancelationReasonId")
    call.sandbox.cancel(call.studio, module_contract, day, reason_id)
    return {"success": "true"}


async def withdraw_additional_module_contract_cancelation(call: Call) -> Any:
    call.sandbox.withdraw(call.studio, _module_contract(call))
    return {"success": "true"}


# -- membership self-service: contracts and reasons -------------------------------------------


async def get_contract_data(call: Call) -> Any:
    customer = call.sandbox.customer_of(call.studio, path_id(call.request, "customerId"))
    return [
        render.contract_data(c, call.today, call.currency)
        for c in call.sandbox.contracts_of(customer.id)
    ]


async def get_contract_cancelation_reason_data(call: Call) -> Any:
    return render.cancelation_reasons(call.studio)


# -- customers ----------------------------------------------------------------------------------


def _card_number_format(call: Call) -> str:
    return query_choice(call.request, "cardNumberFormat", CARD_NUMBER_FORMATS) or "DECIMAL"


async def get_customer_by_id(call: Call) -> Any:
    card_format = _card_number_format(call)
    customer = call.sandbox.customer_of(call.studio, path_id(call.request, "customerId"))
    return render.customer(customer, call.studio, card_format)


_IDENTIFIERS = ("customerNumber", "cardNumber", "barcode", "qrCodeUuid", "debtorId", "pin")


async def get_customer_by(call: Call) -> Any:
    """Lookup by one of the vendor's identifiers (the first one given decides).

    Every identifier is optional in the vendor's description, so a lookup without one is
    not malformed: it matches no one, which is 404 like any other miss.
    """
    card_format = _card_number_format(call)
    params = call.request.query_params
    given = [(n, params[n]) for n in _IDENTIFIERS if params.get(n)]
    if given:
        name, value = given[0]
        for customer in _customers(call):
            identifier = _identifier(customer, name, card_format)
            if identifier and value.upper() == identifier.upper():
                return render.customer(customer, call.studio, card_format)
    raise VendorError(404, "CUSTOMER_NOT_FOUND", reference=given[0][0] if given else None)


def _identifier(customer: Customer, name: str, card_format: str) -> str | None:
    if name == "customerNumber":
        return customer.customer_number
    if name == "cardNumber" and customer.card_number:
        return render.format_card_number(customer.card_number, card_format)
    if name == "barcode":
        return customer.card_number
    if name == "qrCodeUuid":
        return customer.uuid
    if name == "debtorId":
        return customer.debtor_id
    if name == "pin":
        return customer.pin
    return None


async def search_customers(call: Call) -> Any:
    """firstName/lastName match a prefix, email and dateOfBirth exactly (case-insensitive).

    Every criterion is optional in the vendor's description: without one, every customer of
    the studio matches.
    """
    body = await json_object(call.request)
    first = optional_str(body, "firstName")
    last = optional_str(body, "lastName")
    email = optional_str(body, "email")
    born = optional_date(body, "dateOfBirth")
    card_format = optional_str(body, "cardNumberFormat", CARD_NUMBER_FORMATS) or "DECIMAL"

    def matches(c: Customer) -> bool:
        return (
            (first is None or c.first_name.lower().startswith(first.lower()))
            and (last is None or c.last_name.lower().startswith(last.lower()))
            and (email is None or c.email.lower() == email.lower())
            and (born is None or c.date_of_birth == born)
        )

    return [render.customer(c, call.studio, card_format) for c in _customers(call) if matches(c)]


async def get_customers_contracts(call: Call) -> Any:
    status = query_choice(call.request, "status", ("ACTIVE", "INACTIVE"))
    customer = call.sandbox.customer_of(call.studio, path_id(call.request, "customerId"))
    contracts = [
        c
        for c in call.sandbox.contracts_of(customer.id)
        if status is None or c.status(call.today) == status
    ]
    return [
        render.contract(c, call.sandbox.module_contracts_of(c.id), call.today, call.currency)
        for c in contracts
    ]


def _customers(call: Call) -> list[Customer]:
    return [
        c for c in call.sandbox.customers.values() if c.studio_id == call.studio.id and c.reachable
    ]


# -- communications and studio ------------------------------------------------------------------


async def get_communication_preferences(call: Call) -> Any:
    customer = call.sandbox.customer_of(call.studio, path_id(call.request, "customerId"))
    return render.communication_preferences(customer)


async def create_communication_in_new_communication_thread(call: Call) -> Any:
    customer = call.sandbox.customer_of(call.studio, path_id(call.request, "customerId"))
    body = await json_object(call.request)
    status = required_str(body, "communicationThreadStatus", THREAD_STATUSES)
    fields: dict[str, Any] = {
        "communicationThreadStatus": status,
        "subject": required_str(body, "subject"),
        "content": required_str(body, "content"),
        "communicationDirection": required_str(body, "communicationDirection", DIRECTIONS),
        "communicationChannel": required_str(body, "communicationChannel", CHANNELS),
    }
    for name in ("ticketNumber", "ticketLink", "agent"):
        value = optional_str(body, name)
        if value is not None:
            fields[name] = value
    optional_date_time(body, "communicationDateTime")  # validated only; the answer omits it
    thread = call.sandbox.log_communication(customer, fields)
    return {
        "customerId": customer.id,
        "communicationId": thread.communication_id,
        "threadId": thread.thread_id,
        **fields,
    }


async def get_studio_information(call: Call) -> Any:
    return render.studio_information(call.studio)


async def confirm_activation(call: Call) -> Any:
    call.studio.activation_confirmed = True
    return Response(status_code=200)


# (method, path, operationId, handler) in routing order: literal paths before templated ones
OPERATIONS = (
    ("GET", "/v1/memberships/self-service/additional-modules",
     "getAdditionalModules", get_additional_modules),
    ("GET", "/v1/memberships/self-service/contract-cancelation-reasons",
     "getContractCancelationReasonData", get_contract_cancelation_reason_data),
    ("GET", "/v1/memberships/{customerId}/self-service/contract-data",
     "getContractData", get_contract_data),
    ("GET", "/v1/memberships/{contractId}/self-service/additional-modules/purchasable",
     "getPurchasableAdditionalModules", get_purchasable_additional_modules),
    ("POST", "/v1/memberships/{contractId}/self-service/additional-modules/validate",
     "validateAdditionalModuleContractRequest", validate_additional_module_contract_request),
    ("POST", "/v1/memberships/{contractId}/self-service/additional-modules/purchase",
     "purchaseAdditionalModuleContract", purchase_additional_module_contract),
    ("GET", "/v1/memberships/{contractId}/self-service/additional-module-contracts/"
     "{additionalModuleContractId}",
     "getAdditionalModuleContract", get_additional_module_contract),
    ("POST", "/v1/memberships/{contractId}/self-service/additional-module-contracts/"
     "{additionalModuleContractId}/ordinary-cancelation",
     "createModuleContractCancelationAmendment", create_module_contract_cancelation_amendment),
    ("POST", "/v1/memberships/{contractId}/self-service/additional-module-contracts/"
     "{additionalModuleContractId}/withdraw-cancelation",
     "withdrawAdditionalModuleContractCancelation",
     withdraw_additional_module_contract_cancelation),
    ("POST", "/v1/studios/confirmActivation", "confirmActivation", confirm_activation),
    ("GET", "/v1/studios/information", "getStudioInformation", get_studio_information),
    ("GET", "/v1/customers/by", "getCustomerBy", get_customer_by),
    ("POST", "/v1/customers/search", "searchCustomers", search_customers),
    ("GET", "/v1/customers/{customerId}", "getCustomerById", get_customer_by_id),
    ("GET", "/v1/customers/{customerId}/contracts",
     "getCustomersContracts", get_customers_contracts),
    ("GET", "/v1/communications/{customerId}/communication-preferences",
     "getCommunicationPreferences", get_communication_preferences),
    ("POST", "/v1/communications/{customerId}/threads",
     "createCommunicationInNewCommunicationThread",
     create_communication_in_new_communication_thread),
)  # fmt: skip
