"""The sandbox's state and the vendor's business rules on it.

Every change is synchronous (no await between check and write), so concurrent requests in
one event loop see a consistent state: of two simultaneous purchases of the same module on
the same contract exactly one succeeds.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import httpx

from bot.clock import Clock, SystemClock
from bot.sandbox._errors import VendorError
from bot.sandbox._faults import Faults
from bot.sandbox._inflight import InFlight
from bot.sandbox._model import (
    ACTIVE,
    CANCELED,
    PENDING_VERIFICATION,
    AdditionalModule,
    Cancelation,
    CommunicationPreference,
    CommunicationThread,
    Customer,
    MainContract,
    ModuleContract,
    Studio,
)
from bot.sandbox._ratelimit import RateLimit
from bot.sandbox._webhooks import WebhookSender

ALREADY_PURCHASED = "ADDITIONAL_MODULE_CONTRACT_ALREADY_PURCHASED"
INVALID_STATUS = "ADDITIONAL_MODULE_CONTRACT_INVALID_STATUS"
NOT_FOUND = "ADDITIONAL_MODULE_NOT_FOUND"
NOT_ONLINE_PURCHASABLE = "ADDITIONAL_MODULE_NOT_ONLINE_PURCHASABLE"
TRIAL_NOT_BOOKABLE = "ADDITIONAL_MODULE_TRIAL_PERIOD_NOT_BOOKABLE"
PURCHASABLE = "ADDITIONAL_MODULE_PURCHASABLE"

# which request field a refused purchase points at
_REFERENCES = {
    ALREADY_PURCHASED: "additionalModuleId",
    INVALID_STATUS: "contractId",
    NOT_FOUND: "additionalModuleId",
    NOT_ONLINE_PURCHASABLE: "additionalModuleId",
    TRIAL_NOT_BOOKABLE: "bookTrialPeriod",
}


@dataclass(frozen=True)
class ModuleRequest:
    """`AdditionalModuleContractRequest`, the body of validate and purchase."""

    additional_module_id: int
    payment_frequency_id: int
    book_trial_period: bool


class Sandbox:
    """Studios, customers and contracts of a PerfectGym stand-in, plus its test knobs."""

    def __init__(
        self,
        clock: Clock | None = None,
        *,
        webhook_url: str | None = None,
        webhook_transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.clock: Clock = clock or SystemClock()
        self.studios: dict[int, Studio] = {}
        self.customers: dict[int, Customer] = {}
        self.contracts: dict[int, MainContract] = {}
        self.module_contracts: dict[int, ModuleContract] = {}
        self.communications: list[CommunicationThread] = []
        self.faults = Faults()
        self.in_flight = InFlight()
        self.rate_limit = RateLimit(self.clock)
        self.calls: Counter[str] = Counter()
        """Requests received per vendor operation (``operationId``), for counting tests."""
        self.webhooks = WebhookSender(self.clock, url=webhook_url, transport=webhook_transport)
        self._ids = itertools.count(9500)

    @classmethod
    def demo(
        cls,
        clock: Clock | None = None,
        webhook_url: str | None = None,
        *,
        webhook_transport: httpx.AsyncBaseTransport | None = None,
    ) -> Sandbox:
        """A sandbox seeded with the demo studios and customers (see `bot.sandbox._demo`)."""
        from bot.sandbox._demo import seed

        sandbox = cls(clock, webhook_url=webhook_url, webhook_transport=webhook_transport)
        seed(sandbox)
        return sandbox

    # -- set-up and lookups ---------------------------------------------------------------

    @property
    def webhook_url(self) -> str | None:
        return self.webhooks.url

    @webhook_url.setter
    def webhook_url(self, url: str | None) -> None:
        self.webhooks.url = url

    def now(self) -> datetime:
        return self.clock.now()

    def today(self, studio: Studio) -> date:
        return studio.today(self.clock.now())

    def next_id(self) -> int:
        return next(self._ids)

    def studio_for_key(self, api_key: str | None) -> Studio | None:
        """The studio an `X-API-KEY` belongs to (None for a missing or unknown key)."""
        if not api_key:
            return None
        return next((s for s in self.studios.values() if s.api_key == api_key), None)

    def studio_of_customer(self, customer_id: int) -> Studio:
        return self.studios[self.customers[customer_id].studio_id]

    def customer_of(self, studio: Studio, customer_id: int) -> Customer:
        """The studio's reachable customer, else 404."""
        customer = self.customers.get(customer_id)
        if customer is None or customer.studio_id != studio.id or not customer.reachable:
            raise VendorError(404, "CUSTOMER_NOT_FOUND", reference="customerId")
        return customer

    def contract_of(self, studio: Studio, contract_id: int) -> MainContract:
        """The studio's main contract, else 404."""
        contract = self.contracts.get(contract_id)
        if contract is None:
            raise VendorError(404, "CONTRACT_NOT_FOUND", reference="contractId")
        customer = self.customers[contract.customer_id]
        if customer.studio_id != studio.id or not customer.reachable:
            raise VendorError(404, "CONTRACT_NOT_FOUND", reference="contractId")
        return contract

    def module_contract_on(
        self, studio: Studio, contract_id: int, module_contract_id: int
    ) -> ModuleContract:
        """The module contract attached to that main contract of the studio, else 404."""
        contract = self.contract_of(studio, contract_id)
        module_contract = self.module_contracts.get(module_contract_id)
        if module_contract is None or module_contract.contract_id != contract.id:
            raise VendorError(
                404,
                "ADDITIONAL_MODULE_CONTRACT_NOT_FOUND",
                reference="additionalModuleContractId",
            )
        return module_contract

    def contracts_of(self, customer_id: int) -> list[MainContract]:
        return [c for c in self.contracts.values() if c.customer_id == customer_id]

    def module_contracts_of(self, contract_id: int) -> list[ModuleContract]:
        """Every module contract on a main contract, oldest first."""
        return [m for m in self.module_contracts.values() if m.contract_id == contract_id]

    # -- vendor operations ------------------------------------------------------------------

    def purchasable_modules(self, studio: Studio, contract: MainContract) -> list[AdditionalModule]:
        """Listed modules this contract can still get (none once it has ended).

        A running contract that is being canceled still lists them, as the vendor lists
        whatever is online-bookable; validate then answers INVALID_STATUS.
        """
        today = self.today(studio)
        if contract.status(today) != ACTIVE:
            return []
        return [
            module
            for module in studio.modules.values()
            if module.listed and not self._has_active_module(contract, module.id, today)
        ]

    def validation_status(
        self, studio: Studio, contract: MainContract, request: ModuleRequest
    ) -> str:
        """The vendor's `validationStatus` for buying that module on that contract."""
        module = studio.modules.get(request.additional_module_id)
        if module is None or not module.active:
            return NOT_FOUND
        if not module.listed:
            return NOT_ONLINE_PURCHASABLE
        if module.frequency(request.payment_frequency_id) is None:
            raise VendorError(400, "PAYMENT_FREQUENCY_NOT_FOUND", reference="paymentFrequencyId")
        today = self.today(studio)
        if not contract.accepts_modules(today):
            return INVALID_STATUS
        if self._has_active_module(contract, module.id, today):
            return ALREADY_PURCHASED
        if request.book_trial_period and (
            module.trial is None or self._trial_used(contract.customer_id, module.id)
        ):
            return TRIAL_NOT_BOOKABLE
        return PURCHASABLE

    def purchase(
        self, studio: Studio, contract: MainContract, request: ModuleRequest
    ) -> ModuleContract:
        """Create the module contract (starting tomorrow), or refuse with 400."""
        status = self.validation_status(studio, contract, request)
        if status != PURCHASABLE:
            raise VendorError(400, status, reference=_REFERENCES[status])
        module = studio.modules[request.additional_module_id]
        frequency = module.frequency(request.payment_frequency_id)
        assert frequency is not None  # checked by validation_status
        today = self.today(studio)
        start = today + timedelta(days=1)
        module_contract = ModuleContract(
            id=self.next_id(),
            contract_id=contract.id,
            customer_id=contract.customer_id,
            module=module,
            frequency=frequency,
            start_date=start,
            amount=frequency.price_on(today),
            trial_start=start if request.book_trial_period else None,
        )
        self.module_contracts[module_contract.id] = module_contract
        self._module_changed(module_contract, "CONTRACT_ADDITIONAL_MODULE_CREATED")
        return module_contract

    def cancel(
        self, studio: Studio, module_contract: ModuleContract, day: date, reason_id: int
    ) -> None:
        """Create the cancelation amendment: PENDING_VERIFICATION or CANCELED per studio."""
        today = self.today(studio)
        if module_contract.cancelation is not None:
            raise VendorError(400, "ADDITIONAL_MODULE_CONTRACT_ALREADY_CANCELED")
        if module_contract.status(today) != ACTIVE:
            raise VendorError(400, "ADDITIONAL_MODULE_CONTRACT_NOT_ACTIVE")
        reason = studio.cancelation_reasons.get(reason_id)
        if reason is None:
            raise VendorError(400, "CANCELATION_REASON_NOT_FOUND", reference="cancelationReasonId")
        if day not in [o.end for o in module_contract.cancelation_options(today)]:
            raise VendorError(400, "CANCELATION_DATE_NOT_AVAILABLE", reference="cancelationDate")
        status = PENDING_VERIFICATION if studio.cancelation_needs_verification else CANCELED
        module_contract.cancelation = Cancelation(day, reason, today, status)
        self._module_changed(module_contract, "CONTRACT_ADDITIONAL_MODULE_CANCELLED")

    def withdraw(self, studio: Studio, module_contract: ModuleContract) -> None:
        """Remove a cancelation that has not taken effect yet."""
        if not module_contract.can_be_withdrawn(self.today(studio)):
            raise VendorError(400, "ADDITIONAL_MODULE_CONTRACT_CANCELATION_NOT_WITHDRAWABLE")
        module_contract.cancelation = None
        self._module_changed(module_contract, "CONTRACT_ADDITIONAL_MODULE_UPDATED")

    def log_communication(
        self, customer: Customer, fields: dict[str, object]
    ) -> CommunicationThread:
        """Record a communication thread created through the API."""
        thread = CommunicationThread(self.next_id(), self.next_id(), customer.id, fields)
        self.communications.append(thread)
        return thread

    # -- what staff do in PerfectGym ----------------------------------------------------------

    def confirm_cancelation(self, module_contract_id: int) -> None:
        """Staff verify a pending cancelation: PENDING_VERIFICATION -> CANCELED."""
        module_contract = self._module_contract(module_contract_id)
        cancelation = module_contract.cancelation
        if cancelation is None or cancelation.status != PENDING_VERIFICATION:
            raise VendorError(400, "CANCELATION_NOT_PENDING_VERIFICATION")
        cancelation.status = CANCELED
        self._module_changed(module_contract, "CONTRACT_ADDITIONAL_MODULE_UPDATED")

    def add_module_at_desk(
        self, contract_id: int, additional_module_id: int, payment_frequency_id: int | None = None
    ) -> ModuleContract:
        """Staff book a module at the desk, starting today; online bookability does not matter.

        Without `payment_frequency_id` the module's first payment frequency is used.
        """
        contract = self.contracts.get(contract_id)
        if contract is None:
            raise VendorError(404, "CONTRACT_NOT_FOUND", reference="contractId")
        studio = self.studio_of_customer(contract.customer_id)
        module = studio.modules.get(additional_module_id)
        if module is None or not module.active or module.plan is None:
            raise VendorError(400, "ADDITIONAL_MODULE_NOT_FOUND", reference="additionalModuleId")
        if payment_frequency_id is None:
            frequency = next(iter(module.payment_frequencies), None)
        else:
            frequency = module.frequency(payment_frequency_id)
        if frequency is None:
            raise VendorError(400, "PAYMENT_FREQUENCY_NOT_FOUND", reference="paymentFrequencyId")
        today = self.today(studio)
        if not contract.accepts_modules(today):
            raise VendorError(400, INVALID_STATUS, reference="contractId")
        if self._has_active_module(contract, module.id, today):
            raise VendorError(400, ALREADY_PURCHASED, reference="additionalModuleId")
        module_contract = ModuleContract(
            id=self.next_id(),
            contract_id=contract.id,
            customer_id=contract.customer_id,
            module=module,
            frequency=frequency,
            start_date=today,
            amount=frequency.price_on(today),
        )
        self.module_contracts[module_contract.id] = module_contract
        self._module_changed(module_contract, "CONTRACT_ADDITIONAL_MODULE_CREATED")
        return module_contract

    def delete_customer(self, customer_id: int) -> None:
        """The customer is deleted in PerfectGym: gone from the API, CUSTOMER_DELETED sent."""
        customer = self._customer(customer_id)
        customer.deleted = True
        self._notify(customer, [("CUSTOMER_DELETED", {})])

    def disable_access(self, customer_id: int) -> None:
        """The integration loses access to the customer: CUSTOMER_ACCESS_DISABLED sent."""
        customer = self._customer(customer_id)
        customer.access_disabled = True
        self._notify(customer, [("CUSTOMER_ACCESS_DISABLED", {})])

    async def settle(self) -> None:
        """Release hanging requests, let every received one finish, let queued webhooks go out."""
        self.faults.release_hangs()
        await self.in_flight.drain()
        await self.webhooks.drain()

    async def aclose(self) -> None:
        """Settle, then close the webhooks' HTTP client."""
        await self.settle()
        await self.webhooks.aclose()

    # -- internals ----------------------------------------------------------------------------

    def _customer(self, customer_id: int) -> Customer:
        customer = self.customers.get(customer_id)
        if customer is None or not customer.reachable:
            raise VendorError(404, "CUSTOMER_NOT_FOUND", reference="customerId")
        return customer

    def _module_contract(self, module_contract_id: int) -> ModuleContract:
        module_contract = self.module_contracts.get(module_contract_id)
        if module_contract is None:
            raise VendorError(
                404,
                "ADDITIONAL_MODULE_CONTRACT_NOT_FOUND",
                reference="additionalModuleContractId",
            )
        return module_contract

    def _has_active_module(self, contract: MainContract, module_id: int, today: date) -> bool:
        return any(
            m.module.id == module_id and m.status(today) == ACTIVE
            for m in self.module_contracts_of(contract.id)
        )

    def _trial_used(self, customer_id: int, module_id: int) -> bool:
        return any(
            m.customer_id == customer_id and m.module.id == module_id and m.trial_start is not None
            for m in self.module_contracts.values()
        )

    def _module_changed(self, module_contract: ModuleContract, event: str) -> None:
        content: dict[str, object] = {"contractId": module_contract.contract_id}
        self._notify(
            self.customers[module_contract.customer_id],
            [
                ("CONTRACT_UPDATED", content),
                (event, {**content, "moduleContractId": module_contract.id}),
            ],
        )

    def set_communication_preferences(
        self, customer_id: int, preferences: tuple[CommunicationPreference, ...]
    ) -> None:
        """The member changes their preferences; PerfectGym tells the partner by webhook."""
        customer = self.customers[customer_id]
        customer.communication_preferences = preferences
        self._notify(customer, [("CUSTOMER_COMMUNICATION_PREFERENCES_UPDATED", {})])

    def _notify(self, customer: Customer, events: list[tuple[str, dict[str, object]]]) -> None:
        studio = self.studios[customer.studio_id]
        self.webhooks.emit(
            studio_id=studio.id,
            webhook_key=studio.webhook_key,
            customer_id=customer.id,
            events=events,
        )
