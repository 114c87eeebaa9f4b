"""Staff desk functions, platform-neutral: the Slack adapter (or the CLI) calls these.

Every staff action is written to the audit log with who did it. Besides look-ups and link
codes the desk sends personal offers (through the engine, with the member's consent), counts
the sales funnel, and fans staff notices out to whichever adapter registered a sink.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot.perfectgym import (
    AdditionalModule,
    AdditionalModuleContractExtended,
    BadRequest,
    Contract,
    Customer,
    NotFound,
    PerfectGymError,
)
from bot.store import ChatLink, FunnelCounts
from conversations.flows import offer
from conversations.flows.offer import OfferOutcome, OfferResult
from conversations.services import Services, StudioRuntime

if TYPE_CHECKING:
    from conversations.engine import Engine

log = logging.getLogger("conversations.staff")

MAX_STATS_DAYS = 366


class StaffError(Exception):
    """A staff request that cannot be carried out; the message says why, for staff."""


class UnknownStudio(StaffError):
    """The studio named is not configured."""


class CustomerNotFound(StaffError):
    """No customer with that number or id in the studio."""


class ModuleNotFound(StaffError):
    """No module with that id or name in the studio's catalogue."""


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


@dataclass(frozen=True)
class Catalogue:
    """The studio's modules with their prices.

    The Open API lists only modules the studio enabled for online booking (active, with a
    term and a payment method), so every module here is online-bookable; desk-only modules
    are invisible to the bot.
    """

    studio: str
    modules: list[AdditionalModule]
    online_bookable_only: bool = True


@dataclass(frozen=True)
class StudioStats:
    """Upsell figures of one studio for the last ``days`` days."""

    studio: str
    days: int
    since: datetime
    until: datetime
    counts: FunnelCounts

    @property
    def personal_offers(self) -> int:
        """Personal offers staff sent that reached a member's chat."""
        return self.counts.count(offer.OFFER_SENT)

    @property
    def conversion(self) -> float | None:
        """Purchases per offer list shown (``None`` when none was shown)."""
        return self.counts.conversion


@dataclass(frozen=True)
class StaffNotice:
    """A free-form message for a studio's staff feed (e.g. a change PerfectGym reported)."""

    studio: str
    title: str
    text: str
    customer_id: int | None = None
    """Set it to get a "look up customer" action beside the notice."""
    needs_action: bool = False
    """True when a person has to do something (highlighted)."""
    at: datetime | None = None


NoticeSink = Callable[[StaffNotice], Awaitable[None]]


class StaffDesk:
    """Look-ups and actions for studio staff."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self._notice_sinks: list[NoticeSink] = []

    def studio(self, name: str | None) -> StudioRuntime:
        """The studio by name (case, spaces and dashes do not matter); the only one if None."""
        studios = self.services.studios
        if name is None:
            if len(studios) == 1:
                return next(iter(studios.values()))
            raise UnknownStudio("several studios are configured; name one")
        if name in studios:
            return studios[name]
        wanted = _loose(name)
        found = [studio for key, studio in studios.items() if _loose(key) == wanted]
        if len(found) != 1:
            known = ", ".join(sorted(studios))
            raise UnknownStudio(f"unknown studio {name!r} (configured: {known})")
        return found[0]

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

    async def module_catalogue(self, studio_name: str | None, *, actor: str) -> Catalogue:
        """The catalogue for staff (every module listed is online-bookable; see ``Catalogue``)."""
        studio = self.studio(studio_name)
        modules = await studio.client.additional_modules()
        self._audit(actor, "catalogue_viewed", studio.name)
        return Catalogue(studio.name, modules)

    def stats(self, studio_name: str | None, days: int = 30, *, actor: str) -> StudioStats:
        """Funnel figures for the last ``days`` days (1..366)."""
        if not 1 <= days <= MAX_STATS_DAYS:
            raise StaffError(f"days must be between 1 and {MAX_STATS_DAYS}")
        studio = self.studio(studio_name)
        until = self.services.clock.now()
        since = until - timedelta(days=days)
        counts = self.services.store.funnel_counts(studio.name, since)
        self._audit(actor, "stats_viewed", studio.name, detail={"days": days})
        return StudioStats(studio.name, days, since, until, counts)

    # --- personal offers -----------------------------------------------------------------

    async def send_offer(
        self,
        studio_name: str | None,
        customer_ref: str,
        module_ref: str,
        *,
        actor: str,
        engine: Engine,
        deliver: offer.Deliver,
    ) -> OfferResult:
        """Send a linked member one module as a personal offer in their chat, with consent.

        ``deliver`` sends the offer (``Runtime.push`` fits). The consent rules are in
        ``conversations.flows.offer``; refusals come back as an ``OfferResult``, unknown
        customers and modules raise ``StaffError``s. Every attempt is audited.
        """
        studio = self.studio(studio_name)
        customer = await self.find_customer(studio, customer_ref)
        module = await self.find_module(studio, module_ref)
        result = await offer.send(
            self.services, studio, customer, module, actor=actor, engine=engine, deliver=deliver
        )
        self._audit(
            actor,
            offer.OFFER_SENT if result.sent else "offer_not_sent",
            studio.name,
            subject=str(customer.id),
            detail={
                "module_id": module.id,
                "module_name": module.name,
                "outcome": result.outcome.value,
                "platform": result.platform,
                "reason": result.reason,
            },
        )
        return result

    async def find_module(self, studio: StudioRuntime, reference: str) -> AdditionalModule:
        """A catalogue module by id (``201``) or name (``sauna``, or a unique beginning)."""
        wanted = reference.strip()
        modules = await studio.client.additional_modules()
        if wanted.isdigit():
            found = [m for m in modules if m.id == int(wanted)]
        else:
            loose = _loose(wanted)
            found = [m for m in modules if _loose(m.name) == loose] or [
                m for m in modules if loose and _loose(m.name).startswith(loose)
            ]
        if len(found) != 1:
            names = ", ".join(f"{m.name} ({m.id})" for m in modules) or "none"
            raise ModuleNotFound(f"no single module {wanted!r} in {studio.name}; modules: {names}")
        return found[0]

    # --- notices for the staff feed ------------------------------------------------------

    def add_notice_sink(self, sink: NoticeSink) -> None:
        """Register where staff notices go (the Slack desk registers itself at start)."""
        self._notice_sinks.append(sink)

    async def post_notice(self, notice: StaffNotice) -> int:
        """Hand a notice to every registered sink; returns how many took it (0 = nobody).

        Sinks only queue; this never waits for Slack. A failing sink is logged and skipped.
        """
        taken = 0
        for sink in list(self._notice_sinks):
            try:
                await sink(notice)
            except Exception:
                log.exception("a staff notice sink failed")
            else:
                taken += 1
        if not taken:
            log.info("staff notice for %s (no sink): %s", notice.studio, notice.title)
        return taken

    def _audit(
        self,
        actor: str,
        action: str,
        studio: str,
        *,
        subject: str | None = None,
        detail: dict[str, object] | None = None,
    ) -> None:
        self.services.store.audit(
            actor,
            action,
            studio=studio,
            subject=subject,
            detail=detail,
            now=self.services.clock.now(),
        )

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


def _loose(name: str) -> str:
    """A name compared loosely: case, spaces, dashes and underscores do not count."""
    return "".join(ch for ch in name.casefold() if ch.isalnum())


__all__ = [
    "Catalogue",
    "ContractView",
    "CustomerNotFound",
    "CustomerOverview",
    "LinkCodeIssued",
    "ModuleContractView",
    "ModuleNotFound",
    "NoticeSink",
    "OfferOutcome",
    "OfferResult",
    "StaffDesk",
    "StaffError",
    "StaffNotice",
    "StudioStats",
    "UnknownStudio",
    "full_name",
]
