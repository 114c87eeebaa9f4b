"""Path templates exactly as the vendor spec writes them; "METHOD template" keys the rate limit."""

from __future__ import annotations

_MEMBERSHIP = "/v1/memberships/{contractId}/self-service"
_MODULE_CONTRACT = _MEMBERSHIP + "/additional-module-contracts/{additionalModuleContractId}"
ADDITIONAL_MODULES = "/v1/memberships/self-service/additional-modules"
PURCHASABLE_MODULES = _MEMBERSHIP + "/additional-modules/purchasable"
VALIDATE = _MEMBERSHIP + "/additional-modules/validate"
PURCHASE = _MEMBERSHIP + "/additional-modules/purchase"
MODULE_CONTRACT = _MODULE_CONTRACT
CANCEL_MODULE_CONTRACT = _MODULE_CONTRACT + "/ordinary-cancelation"
WITHDRAW_CANCELATION = _MODULE_CONTRACT + "/withdraw-cancelation"
CUSTOMER = "/v1/customers/{customerId}"
CUSTOMER_BY = "/v1/customers/by"
CUSTOMER_SEARCH = "/v1/customers/search"
CUSTOMER_CONTRACTS = "/v1/customers/{customerId}/contracts"
CONTRACT_DATA = "/v1/memberships/{customerId}/self-service/contract-data"
CANCELATION_REASONS = "/v1/memberships/self-service/contract-cancelation-reasons"
STUDIO_INFORMATION = "/v1/studios/information"
COMMUNICATION_PREFERENCES = "/v1/communications/{customerId}/communication-preferences"
COMMUNICATION_THREADS = "/v1/communications/{customerId}/threads"
CONFIRM_ACTIVATION = "/v1/studios/confirmActivation"
