"""Staff desk functions, platform-neutral: the Slack adapter (or the CLI) calls these.

Every staff action is written to the audit log with who did it.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime

from bot.perfectgym import (
    AdditionalModule,
    AdditionalModuleContractExtended,
    BadRequest,
    Contract,
    Customer,
    NotFound,
    PerfectGymError,
)
from bot.store import ChatLink
from conversations.services import Services, StudioRuntime


class StaffError(Exception):
    """A staff request that cannot be carried out; the message says why, for staff."""


class UnknownStudio(StaffError):
    """The studio named is not configured."""


class CustomerNotFound(StaffError):
    """No customer with that number or id in the studio."""


@dataclass(frozen=True)
class LinkCodeIssued:
    """A one-time code for a member; shown once to the staff member who asked."""

    code: str
    deep_link: str | None
    expires_at: datetime
    studio: str
    customer_id: int
    customer_number: str | None
    customer_name: str


@dataclass(frozen=True)
class ModuleContractView:
    id: int
    name: str
    status: str
    start_date: str
    price: str
    currency: str
    cancelation_status: str | None = None
    cancelation_date: str | None = None
    can_withdraw: bool = False


@dataclass(frozen=True)
class ContractView:
    id: int
    rate_name: str
    status: str
    start_date: str
    modules: list[ModuleContractView] = field(default_factory=list)


@dataclass(frozen=True)
class CustomerOverview:
    """What staff see about a member: identity, chat links, contracts and modules."""

    studio: str
    customer: Customer
    links: list[ChatLink]
    contracts: list[ContractView]

    @property
    def name(self) -> str:
        return full_name(self.customer)

    @property
    def pending_cancelations(self) -> list[ModuleContractView]:
        return [
            m
            for c in self.contracts
            for m in c.modules
            if m.cancelation_status in ("PENDING_VERIFICATION", "PENDING_WITHDRAWAL_VERIFICATION")
        ]


def full_name(customer: Customer) -> str:
    parts = [customer.firstName, customer.lastName]
    return " ".join(p for p in parts if p) or f"#{customer.id}"


class StaffDesk:
    """Look-ups and actions for studio staff."""

    def __init__(self, services: Services) -> None:
        self.services = services

    def studio(self, name: str | None) -> StudioRuntime:
        studios = self.services.studios
        if name is None:
            if len(studios) == 1:
                return next(iter(studios.values()))
            raise UnknownStudio("several studios are configured; name one")
        if name not in studios:
            raise UnknownStudio(f"unknown studio {name!r}")
        return studios[name]

    async def find_customer(self, studio: StudioRuntime, reference: str) -> Customer:
        """A customer by customer number (``1-1001``) or by id (``1001``)."""
        reference = reference.strip()
        client = studio.client
        if not reference:
            raise CustomerNotFound("give a customer number or id")
        try:
            if reference.isdigit():
                try:
                    return await client.customer(int(reference))
                except NotFound:
                    pass
            return await client.customer_by_number(reference)
        except (NotFound, BadRequest):
            raise CustomerNotFound(f"no customer {reference!r} in {studio.name}") from None

    async def issue_link_code(
        self, studio_name: str | None, reference: str, *, actor: str
    ) -> LinkCodeIssued:
        studio = self.studio(studio_name)
        customer = await self.find_customer(studio, reference)
        now = self.services.clock.now()
        ttl = self.services.options.link_code_ttl
        code = self.services.store.create_link_code(
            studio.name, customer.id, created_by=actor, ttl=ttl, now=now
        )
        self.services.store.audit(
            actor,
            "link_code_issued",
            studio=studio.name,
            subject=str(customer.id),
            now=now,
        )
        username = self.services.options.telegram_bot_username
        deep_link = f"https://t.me/{username}?start={code}" if username else None
        return LinkCodeIssued(
            code=code,
            deep_link=deep_link,
            expires_at=now + ttl,
            studio=studio.name,
            customer_id=customer.id,
            customer_number=customer.customerNumber,
            customer_name=full_name(customer),
        )

    async def customer_overview(
        self, studio_name: str | None, reference: str, *, actor: str
    ) -> CustomerOverview:
        studio = self.studio(studio_name)
        customer = await self.find_customer(studio, reference)
        contracts = await studio.client.customer_contracts(customer.id)
        views = [await self._contract_view(studio, c) for c in contracts]
        links = self.services.store.links_for_customer(studio.name, customer.id)
        self.services.store.audit(
            actor,
            "customer_viewed",
            studio=studio.name,
            subject=str(customer.id),
            now=self.services.clock.now(),
        )
        return CustomerOverview(studio.name, customer, links, views)

    async def catalogue(self, studio_name: str | None) -> list[AdditionalModule]:
        return await self.studio(studio_name).client.additional_modules()

    async def _contract_view(self, studio: StudioRuntime, contract: Contract) -> ContractView:
        subs = contract.moduleContracts or []
        details = await asyncio.gather(
            *(self._details(studio, contract.id, sub.id) for sub in subs)
        )
        modules = []
        for sub, extended in zip(subs, details, strict=True):
            price = sub.priceDetails.currentPrice
            modules.append(
                ModuleContractView(
                    id=sub.id,
                    name=sub.rateName,
                    status=str(sub.contractStatus),
                    start_date=sub.startDate.isoformat(),
                    price=str(price.amount),
                    currency=price.currency,
                    cancelation_status=str(extended.contractCancelationStatus)
                    if extended and extended.contractCancelationStatus
                    else ("CANCELED" if sub.cancelled else None),
                    cancelation_date=(
                        extended.cancelationDate.isoformat()
                        if extended and extended.cancelationDate
                        else (sub.cancellationDate.isoformat() if sub.cancellationDate else None)
                    ),
                    can_withdraw=bool(extended and extended.contractCancelationCanBeWithdrawn),
                )
            )
        return ContractView(
            id=contract.id,
            rate_name=contract.rateName,
            status=str(contract.contractStatus),
            start_date=contract.startDate.isoformat(),
            modules=modules,
        )

    async def _details(
        self, studio: StudioRuntime, contract_id: int, module_contract_id: int
    ) -> AdditionalModuleContractExtended | None:
        try:
            return await studio.client.module_contract(contract_id, module_contract_id)
        except PerfectGymError:
            return None
