"""What staff see about a member and a studio: plain data, worded by the adapter.

Prices are ``conversations.pricing`` schedules: a module contract's schedule comes from the
``priceDetails.paymentFrequency`` of the customer's contracts, its trial from the module
contract read back (``trialPeriod``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from bot.perfectgym import (
    AdditionalModule,
    AdditionalModuleContractExtended,
    Contract,
    Customer,
    SubContract,
)
from bot.store import ChatLink
from conversations.funnel import trial_until
from conversations.pricing import Schedule

NEEDS_DECISION = ("PENDING_VERIFICATION", "PENDING_WITHDRAWAL_VERIFICATION")


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
    start_date: date
    schedule: Schedule
    current_price: Decimal | None = None
    """What PerfectGym charges now (``currentPrice``, with adjustments)."""
    currency: str = "EUR"
    trial_until: date | None = None
    """The last day of the module contract's trial, if it had one."""
    cancelation_status: str | None = None
    cancelation_date: date | None = None
    can_withdraw: bool = False

    @property
    def paid_from(self) -> date:
        """The first paid day: the day after the trial, else the start."""
        if self.trial_until is not None:
            return self.trial_until + timedelta(days=1)
        return self.start_date


@dataclass(frozen=True)
class ContractView:
    id: int
    rate_name: str
    status: str
    start_date: date
    modules: list[ModuleContractView] = field(default_factory=list)


@dataclass(frozen=True)
class CustomerOverview:
    """What staff see about a member: identity, chat links, contracts and modules."""

    studio: str
    customer: Customer
    links: list[ChatLink]
    contracts: list[ContractView]
    today: date | None = None
    """The studio's today, to tell "since" from "starts"."""

    @property
    def name(self) -> str:
        return full_name(self.customer)

    @property
    def pending_cancelations(self) -> list[ModuleContractView]:
        return [
            m for c in self.contracts for m in c.modules if m.cancelation_status in NEEDS_DECISION
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
class StaffNotice:
    """A message for a studio's staff feed (e.g. a change PerfectGym reported).

    With ``key`` the feed words it from the catalogue (``<key>_title`` and ``<key>``, filled
    with ``values``) in the studio's language; else ``title`` and ``text`` are shown as given.
    """

    studio: str
    title: str
    text: str
    customer_id: int | None = None
    """Set it to get a "look up customer" action beside the notice."""
    needs_action: bool = False
    """True when a person has to do something (highlighted)."""
    at: datetime | None = None
    key: str | None = None
    values: dict[str, object] = field(default_factory=dict)


def contract_view(
    contract: Contract, details: list[AdditionalModuleContractExtended | None]
) -> ContractView:
    """A main contract with its module contracts (``details`` in the same order, or None)."""
    subs = contract.moduleContracts or []
    return ContractView(
        id=contract.id,
        rate_name=contract.rateName,
        status=str(contract.contractStatus),
        start_date=contract.startDate,
        modules=[module_view(sub, extended) for sub, extended in zip(subs, details, strict=True)],
    )


def module_view(
    sub: SubContract, extended: AdditionalModuleContractExtended | None
) -> ModuleContractView:
    current = sub.priceDetails.currentPrice
    cancel_status = None
    if extended is not None and extended.contractCancelationStatus is not None:
        cancel_status = str(extended.contractCancelationStatus)
    elif sub.cancelled:
        cancel_status = "CANCELED"
    cancel_date = extended.cancelationDate if extended is not None else None
    return ModuleContractView(
        id=sub.id,
        name=sub.rateName,
        status=str(sub.contractStatus),
        start_date=sub.startDate,
        schedule=Schedule.of(sub.priceDetails.paymentFrequency),
        current_price=Decimal(str(current.amount)),
        currency=current.currency,
        trial_until=trial_until(extended),
        cancelation_status=cancel_status,
        cancelation_date=cancel_date or sub.cancellationDate,
        can_withdraw=bool(extended and extended.contractCancelationCanBeWithdrawn),
    )
