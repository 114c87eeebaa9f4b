"""``PerfectGymClient``: one async client per studio (one API key), typed in and out.

Every call goes: limiter slot -> HTTP -> errors translated -> retried if safe -> body validated.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from datetime import date
from types import TracebackType
from typing import Any, Self, TypeVar
from urllib.parse import quote

import httpx
from pydantic import SecretStr, TypeAdapter

from bot import metrics
from bot.clock import Clock, SystemClock
from bot.retry import retry

from ._cache import CATALOGUE, CONTRACTS, PREFERENCES, PURCHASABLE, ReadCache
from ._communications import (
    CommunicationPreference,
    CommunicationThreadRequest,
    CommunicationThreadResponse,
)
from ._contracts import Contract, MembershipSelfServiceContractData
from ._customers import Customer, CustomerSearchRequest
from ._endpoints import (
    ADDITIONAL_MODULES,
    CANCEL_MODULE_CONTRACT,
    CANCELATION_REASONS,
    COMMUNICATION_PREFERENCES,
    COMMUNICATION_THREADS,
    CONFIRM_ACTIVATION,
    CONTRACT_DATA,
    CUSTOMER,
    CUSTOMER_BY,
    CUSTOMER_CONTRACTS,
    CUSTOMER_SEARCH,
    MODULE_CONTRACT,
    PURCHASABLE_MODULES,
    PURCHASE,
    STUDIO_INFORMATION,
    VALIDATE,
    WITHDRAW_CANCELATION,
)
from ._enums import ContractStatus
from ._errors import AuthenticationFailed, TransportError
from ._limiter import RequestLimiter, SlidingWindowLimiter
from ._models import (
    AdditionalModule,
    AdditionalModuleContract,
    AdditionalModuleContractCancelation,
    AdditionalModuleContractExtended,
    AdditionalModuleContractRequest,
    AdditionalModuleContractValidationStatus,
    ContractCancelationReason,
    VendorModel,
    VoidResult,
)
from ._retry import RetryPolicy
from ._studio import StudioInformation
from ._translate import error_from_response, parse, transport_errors

logger = logging.getLogger("bot.perfectgym")

T = TypeVar("T")

_MODULES = TypeAdapter(list[AdditionalModule])
_VALIDATION = TypeAdapter(AdditionalModuleContractValidationStatus)
_MODULE_CONTRACT_ID = TypeAdapter(AdditionalModuleContract)
_MODULE_CONTRACT_EXTENDED = TypeAdapter(AdditionalModuleContractExtended)
_VOID = TypeAdapter(VoidResult)
_CUSTOMER = TypeAdapter(Customer)
_CUSTOMERS = TypeAdapter(list[Customer])
_CONTRACTS = TypeAdapter(list[Contract])
_CONTRACT_DATA = TypeAdapter(list[MembershipSelfServiceContractData])
_REASONS = TypeAdapter(list[ContractCancelationReason])
_STUDIO = TypeAdapter(StudioInformation)
_PREFERENCES = TypeAdapter(list[CommunicationPreference])
_THREAD = TypeAdapter(CommunicationThreadResponse)


class PerfectGymClient:
    """Async PerfectGym Next Open API client for one studio; use as ``async with`` or ``aclose()``.

    Reads (GET/HEAD) are retried on timeouts, 429 and 503 with bounded backoff; writes (POST) are
    retried only when the request surely never left. ``language`` on any call sets
    ``Accept-Language`` so vendor messages come back in the member's language.

    ``cached=True`` on the catalogue, the purchasable list, the customer's contracts and the
    communication preferences may answer from ``cache`` (a ``ReadCache``: at most
    ``cache_seconds`` old, preferences ``preference_cache_seconds``); a write on a contract
    drops what it may have changed, webhooks drop the rest (``forget_customer``,
    ``forget_preferences``).
    """

    def __init__(
        self,
        base_url: str,
        api_key: str | SecretStr,
        *,
        timeout: float = 10.0,
        transport: httpx.AsyncBaseTransport | None = None,
        max_retries: int = 3,
        backoff: float = 0.5,
        max_retry_wait: float = 10.0,
        requests_per_minute: int = 950,
        clock: Clock | None = None,
        limiter: RequestLimiter | None = None,
        cache_seconds: float = 60.0,
        preference_cache_seconds: float = 600.0,
        cache_entries: int = 10_000,
    ) -> None:
        secret = api_key if isinstance(api_key, SecretStr) else SecretStr(api_key)
        if not secret.get_secret_value().strip():
            raise ValueError("PerfectGym API key is empty")
        self._api_key = secret
        self.base_url = _normalize_base_url(base_url)
        self._clock: Clock = clock or SystemClock()
        self._retry = RetryPolicy(max_retries, backoff, max_retry_wait)
        self._limiter = limiter or SlidingWindowLimiter(requests_per_minute, clock=self._clock)
        self.cache = ReadCache(
            self._clock,
            seconds=cache_seconds,
            preference_seconds=preference_cache_seconds,
            max_entries=cache_entries,
        )
        self._http = httpx.AsyncClient(
            base_url=self.base_url,
            transport=transport,
            timeout=httpx.Timeout(timeout),
            headers={
                "X-API-KEY": secret.get_secret_value(),
                "Accept": "application/json",
                "User-Agent": "gym-upsell-bot (PerfectGym Open API client)",
            },
            follow_redirects=False,
        )

    def __repr__(self) -> str:
        return f"PerfectGymClient(base_url={self.base_url!r})"

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._http.aclose()

    # --- additional modules --------------------------------------------------------------

    async def additional_modules(
        self, *, language: str | None = None, cached: bool = False
    ) -> list[AdditionalModule]:
        """Every module the studio offers online (the catalogue, not per customer)."""
        key = (CATALOGUE, language)
        if cached and (hit := self.cache.get(key)) is not None:
            return list(hit)
        response = await self._call("GET", ADDITIONAL_MODULES, language=language)
        modules = self._parse(_MODULES, response, "GET", ADDITIONAL_MODULES)
        self.cache.put(key, tuple(modules))
        return modules

    async def purchasable_modules(
        self, contract_id: int, *, language: str | None = None, cached: bool = False
    ) -> list[AdditionalModule]:
        """The modules this main contract (and so this customer) may book."""
        key = (PURCHASABLE, contract_id, language)
        if cached and (hit := self.cache.get(key)) is not None:
            return list(hit)
        path = {"contractId": contract_id}
        response = await self._call("GET", PURCHASABLE_MODULES, path, language=language)
        modules = self._parse(_MODULES, response, "GET", PURCHASABLE_MODULES)
        self.cache.put(key, tuple(modules), contracts=frozenset({contract_id}))
        return modules

    async def validate_purchase(
        self,
        contract_id: int,
        additional_module_id: int,
        payment_frequency_id: int,
        book_trial_period: bool,
        *,
        language: str | None = None,
    ) -> AdditionalModuleContractValidationStatus:
        """Ask whether the purchase would go through; book only on ``.purchasable``."""
        body = _module_request(additional_module_id, payment_frequency_id, book_trial_period)
        path = {"contractId": contract_id}
        response = await self._call("POST", VALIDATE, path, body=body, language=language)
        return self._parse(_VALIDATION, response, "POST", VALIDATE)

    async def purchase(
        self,
        contract_id: int,
        additional_module_id: int,
        payment_frequency_id: int,
        book_trial_period: bool,
        *,
        language: str | None = None,
    ) -> AdditionalModuleContract:
        """Book the module; never retried once sent (no idempotency key): reconcile instead."""
        body = _module_request(additional_module_id, payment_frequency_id, book_trial_period)
        path = {"contractId": contract_id}
        try:
            response = await self._call("POST", PURCHASE, path, body=body, language=language)
        finally:  # whatever the outcome, the contract may have changed
            self.cache.forget_contract(contract_id)
        return self._parse(_MODULE_CONTRACT_ID, response, "POST", PURCHASE)

    async def module_contract(
        self, contract_id: int, additional_module_contract_id: int, *, language: str | None = None
    ) -> AdditionalModuleContractExtended:
        """A booked module contract with its cancelation state and possible cancelation dates."""
        path = _module_contract_path(contract_id, additional_module_contract_id)
        response = await self._call("GET", MODULE_CONTRACT, path, language=language)
        return self._parse(_MODULE_CONTRACT_EXTENDED, response, "GET", MODULE_CONTRACT)

    async def cancel_module_contract(
        self,
        contract_id: int,
        additional_module_contract_id: int,
        cancelation_date: date,
        cancelation_reason_id: int,
        *,
        language: str | None = None,
    ) -> VoidResult:
        """Cancel to ``cancelation_date``; the studio may still have to verify it."""
        body = AdditionalModuleContractCancelation(
            cancelationDate=cancelation_date, cancelationReasonId=cancelation_reason_id
        )
        path = _module_contract_path(contract_id, additional_module_contract_id)
        try:
            response = await self._call(
                "POST", CANCEL_MODULE_CONTRACT, path, body=body, language=language
            )
        finally:
            self.cache.forget_contract(contract_id)
        return self._parse(_VOID, response, "POST", CANCEL_MODULE_CONTRACT)

    async def withdraw_cancelation(
        self, contract_id: int, additional_module_contract_id: int, *, language: str | None = None
    ) -> VoidResult:
        """Take back a cancelation while ``contractCancelationCanBeWithdrawn`` says so."""
        path = _module_contract_path(contract_id, additional_module_contract_id)
        try:
            response = await self._call("POST", WITHDRAW_CANCELATION, path, language=language)
        finally:
            self.cache.forget_contract(contract_id)
        return self._parse(_VOID, response, "POST", WITHDRAW_CANCELATION)

    # --- customers and contracts ---------------------------------------------------------

    async def customer(self, customer_id: int, *, language: str | None = None) -> Customer:
        path = {"customerId": customer_id}
        response = await self._call("GET", CUSTOMER, path, language=language)
        return self._parse(_CUSTOMER, response, "GET", CUSTOMER)

    async def customer_by_number(
        self, customer_number: str, *, language: str | None = None
    ) -> Customer:
        """Look a customer up by the number printed on their card or contract."""
        params = {"customerNumber": customer_number}
        response = await self._call("GET", CUSTOMER_BY, params=params, language=language)
        return self._parse(_CUSTOMER, response, "GET", CUSTOMER_BY)

    async def search_customers(
        self,
        *,
        first_name: str | None = None,
        last_name: str | None = None,
        email: str | None = None,
        date_of_birth: date | None = None,
        language: str | None = None,
    ) -> list[Customer]:
        """Names match a prefix, email and birth date exactly; at least one criterion is needed
        so that a slip never lists the whole studio."""
        body = CustomerSearchRequest(
            firstName=first_name, lastName=last_name, email=email, dateOfBirth=date_of_birth
        )
        if not body.model_dump(exclude_none=True):
            raise ValueError("search_customers needs at least one criterion")
        response = await self._call("POST", CUSTOMER_SEARCH, body=body, language=language)
        return self._parse(_CUSTOMERS, response, "POST", CUSTOMER_SEARCH)

    async def customer_contracts(
        self,
        customer_id: int,
        status: ContractStatus | str | None = None,
        *,
        language: str | None = None,
        cached: bool = False,
    ) -> list[Contract]:
        """Main contracts with their ``moduleContracts`` (the add-ons already booked)."""
        params: dict[str, str] = {}
        if status is not None:
            wanted = ContractStatus(status)
            if not wanted.known:
                raise ValueError(f"unknown contract status {status!r}; use ACTIVE or INACTIVE")
            params["status"] = wanted.value
        key = (CONTRACTS, customer_id, params.get("status"), language)
        if cached and (hit := self.cache.get(key)) is not None:
            return list(hit)
        path = {"customerId": customer_id}
        response = await self._call(
            "GET", CUSTOMER_CONTRACTS, path, params=params, language=language
        )
        contracts = self._parse(_CONTRACTS, response, "GET", CUSTOMER_CONTRACTS)
        ids = frozenset(contract.id for contract in contracts)
        self.cache.put(key, tuple(contracts), customer=customer_id, contracts=ids)
        return contracts

    async def contract_data(
        self, customer_id: int, *, language: str | None = None
    ) -> list[MembershipSelfServiceContractData]:
        """The customer's main contracts as self-service sees them (``id`` = ``contractId``)."""
        path = {"customerId": customer_id}
        response = await self._call("GET", CONTRACT_DATA, path, language=language)
        return self._parse(_CONTRACT_DATA, response, "GET", CONTRACT_DATA)

    async def cancelation_reasons(
        self, *, language: str | None = None
    ) -> list[ContractCancelationReason]:
        response = await self._call("GET", CANCELATION_REASONS, language=language)
        return self._parse(_REASONS, response, "GET", CANCELATION_REASONS)

    async def communication_preferences(
        self, customer_id: int, *, language: str | None = None, cached: bool = False
    ) -> list[CommunicationPreference]:
        key = (PREFERENCES, customer_id, language)
        if cached and (hit := self.cache.get(key)) is not None:
            return list(hit)
        path = {"customerId": customer_id}
        response = await self._call("GET", COMMUNICATION_PREFERENCES, path, language=language)
        preferences = self._parse(_PREFERENCES, response, "GET", COMMUNICATION_PREFERENCES)
        self.cache.put(key, tuple(preferences), customer=customer_id)
        return preferences

    async def create_communication_thread(
        self,
        customer_id: int,
        thread: CommunicationThreadRequest,
        *,
        language: str | None = None,
    ) -> CommunicationThreadResponse:
        """Log a conversation (e.g. a bot sale) on the customer; needs ``COMMUNICATION_WRITE``."""
        path = {"customerId": customer_id}
        response = await self._call(
            "POST", COMMUNICATION_THREADS, path, body=thread, language=language
        )
        return self._parse(_THREAD, response, "POST", COMMUNICATION_THREADS)

    # --- studio --------------------------------------------------------------------------

    async def studio_information(self, *, language: str | None = None) -> StudioInformation:
        response = await self._call("GET", STUDIO_INFORMATION, language=language)
        return self._parse(_STUDIO, response, "GET", STUDIO_INFORMATION)

    async def confirm_activation(self, *, language: str | None = None) -> None:
        """Switch webhook events on for this studio (answer: 200 with an empty body)."""
        await self._call("POST", CONFIRM_ACTIVATION, language=language)

    async def check_key(self, *, language: str | None = None) -> bool:
        """True if the API key is valid, False if the API rejects it; runs no business logic."""
        try:
            await self._call("HEAD", STUDIO_INFORMATION, language=language)
        except AuthenticationFailed:
            return False
        return True

    # --- plumbing ------------------------------------------------------------------------

    async def _call(
        self,
        method: str,
        template: str,
        path: Mapping[str, int | str] | None = None,
        *,
        params: Mapping[str, str] | None = None,
        body: VendorModel | None = None,
        language: str | None = None,
    ) -> httpx.Response:
        """Send with retries per ``RetryPolicy``; raise the last error when giving up."""

        def told(error: Exception, retries: int, wait: float) -> None:
            metrics.record_perfectgym_retry(f"{method} {template}")
            logger.info(
                "%s %s retry %d in %.2f s after %s",
                method, template, retries, wait, type(error).__name__,
            )  # fmt: skip

        return await retry(
            lambda: self._attempt(method, template, path, params, body, language),
            backoff=self._retry.schedule,
            clock=self._clock,
            should_retry=lambda error: self._retry.should_retry(method, error),
            on_retry=told,
        )

    async def _attempt(
        self,
        method: str,
        template: str,
        path: Mapping[str, int | str] | None,
        params: Mapping[str, str] | None,
        body: VendorModel | None,
        language: str | None,
    ) -> httpx.Response:
        endpoint = f"{method} {template}"
        await self._limiter.acquire(endpoint)
        url = template.format_map({k: quote(str(v), safe="") for k, v in (path or {}).items()})
        headers: dict[str, str] = {}
        if language:
            headers["Accept-Language"] = language
        content: bytes | None = None
        if body is not None:
            content = body.model_dump_json(exclude_none=True).encode()
            headers["Content-Type"] = "application/json"
        started = time.perf_counter()
        try:
            with transport_errors(endpoint, self._scrub):
                response = await self._http.request(
                    method, url, params=dict(params or {}), content=content, headers=headers
                )
        except TransportError as exc:
            _log(logging.WARNING, endpoint, type(exc).__name__, started, None)
            raise
        if response.is_success:
            _log(logging.INFO, endpoint, response.status_code, started, None)
            return response
        error = error_from_response(response, endpoint, self._clock.now(), self._scrub)
        _log(logging.WARNING, endpoint, response.status_code, started, error.trace_id)
        raise error

    def _parse(
        self, adapter: TypeAdapter[T], response: httpx.Response, method: str, template: str
    ) -> T:
        return parse(adapter, response, f"{method} {template}")

    def _scrub(self, text: str) -> str:
        """Remove the API key from any text that may end up in an exception or a log."""
        key = self._api_key.get_secret_value()
        return text.replace(key, "***") if key else text


def _log(level: int, endpoint: str, outcome: Any, started: float, trace_id: str | None) -> None:
    """One line and one count per request (``outcome``: the status or the transport error)."""
    elapsed = time.perf_counter() - started
    metrics.record_perfectgym_request(endpoint, str(outcome), elapsed)
    logger.log(
        level, "%s -> %s %.0f ms traceId=%s", endpoint, outcome, elapsed * 1000, trace_id or "-"
    )


def _module_contract_path(contract_id: int, additional_module_contract_id: int) -> dict[str, int]:
    return {"contractId": contract_id, "additionalModuleContractId": additional_module_contract_id}


def _normalize_base_url(base_url: str) -> str:
    """Accept the tenant URL with or without the ``/v1`` the activation email may include."""
    url = base_url.strip().rstrip("/")
    if url.endswith("/v1"):
        url = url[: -len("/v1")]
    if not url.startswith(("https://", "http://")):
        raise ValueError(f"PerfectGym base URL must start with https:// (got {base_url!r})")
    return url


def _module_request(
    additional_module_id: int, payment_frequency_id: int, book_trial_period: bool
) -> AdditionalModuleContractRequest:
    """The body validate and purchase share."""
    return AdditionalModuleContractRequest(
        additionalModuleId=additional_module_id,
        paymentFrequencyId=payment_frequency_id,
        bookTrialPeriod=book_trial_period,
    )
